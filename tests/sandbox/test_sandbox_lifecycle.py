from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest
from cryptography import x509

from rightsguard.domain.errors import InvalidValue, OperationalError
from rightsguard.sandbox import Sandbox, world
from rightsguard.sandbox.errors import PortInUse


def _can_bind(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def test_stop_frees_the_ports_even_with_open_connections(sandbox_state_dir: Path) -> None:
    sb = Sandbox(state_dir=sandbox_state_dir).start()
    ports = [ep.port for ep in sb.endpoints().values()]
    client = sb.httpx_client()
    assert client.get(sb.url(world.OFFICIAL_HOST, "/", "https")).status_code == 200  # keep-alive
    sb.stop()
    client.close()
    assert not sb.running
    for port in ports:
        assert _can_bind(sb.host, port)
    with httpx.Client(trust_env=False) as c, pytest.raises(httpx.ConnectError):
        c.get(f"http://{sb.host}:{ports[0]}/")


def test_port_in_use_names_the_port(sandbox_state_dir: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.5", 0))
        holder.listen()
        port = holder.getsockname()[1]
        sb = Sandbox(http_port=port, state_dir=sandbox_state_dir)
        with pytest.raises(PortInUse, match=f"port {port} on 127.0.0.5") as info:
            sb.start()
        assert isinstance(info.value, OperationalError)
        assert not sb.running
    # a failed HTTPS port releases the HTTP port it already had
    with socket.socket() as holder:
        holder.bind(("127.0.0.5", 0))
        holder.listen()
        sb = Sandbox(https_port=holder.getsockname()[1], state_dir=sandbox_state_dir)
        with pytest.raises(PortInUse, match="https"):
            sb.start()


def test_only_loopback_addresses(tmp_path: Path) -> None:
    with pytest.raises(InvalidValue, match="loopback"):
        Sandbox(host="0.0.0.0", state_dir=tmp_path)
    with pytest.raises(InvalidValue):
        Sandbox(host="aurorix.com", state_dir=tmp_path)


def test_ca_is_made_once_and_leaf_covers_every_name(tmp_path: Path) -> None:
    with Sandbox(state_dir=tmp_path) as sb:
        ca_bytes = sb.ca_cert_path.read_bytes()
        leaf = x509.load_pem_x509_certificate(sb.tls.cert_path.read_bytes())
        names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        assert set(sb.hostnames) <= set(names.get_values_for_type(x509.DNSName))
        ca = x509.load_pem_x509_certificate(ca_bytes)
        assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        leaf.verify_directly_issued_by(ca)
    assert (tmp_path / "ca.key").stat().st_mode & 0o077 == 0
    with Sandbox(state_dir=tmp_path) as again:
        assert again.ca_cert_path.read_bytes() == ca_bytes


def test_default_state_dir_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RIGHTSGUARD_SANDBOX_DIR", str(tmp_path / "sbx"))
    assert Sandbox().state_dir == tmp_path / "sbx"
    monkeypatch.delenv("RIGHTSGUARD_SANDBOX_DIR")
    assert Sandbox().state_dir.name.startswith("rightsguard-sandbox-")
