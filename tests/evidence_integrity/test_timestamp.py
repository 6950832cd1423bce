"""RFC 3161 against the sandbox's real TSA; independent check with openssl."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from rightsguard.evidence.timestamp import (
    TimestampInvalid,
    TimestampUnavailable,
    TsaClient,
)
from rightsguard.sandbox import Sandbox
from rightsguard.sandbox.tsa import TsaService


@pytest.fixture(scope="module")
def tsa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TsaService]:
    state = tmp_path_factory.mktemp("sandbox")
    from rightsguard.sandbox import tsa as tsa_module

    with Sandbox(state_dir=state, services=[tsa_module.make_service]) as sandbox:
        service = sandbox.service("tsa")
        assert isinstance(service, TsaService)
        yield service


@pytest.fixture
def client(tsa: TsaService) -> Iterator[TsaClient]:
    tsa.set_mode("ok")
    c = TsaClient(tsa.url, tsa.ca_cert_path, timeout=2.0)
    yield c
    c.close()


def test_stamp_verifies_here_and_with_openssl(
    client: TsaClient, tsa: TsaService, tmp_path: Path
) -> None:
    data = "极光 capture WACZ bytes".encode() * 100
    token = client.stamp(data)
    assert token.gen_time.tzinfo is not None and token.serial > 0
    assert client.verify(token.reply, token.imprint_sha256) == token.gen_time
    (tmp_path / "data.bin").write_bytes(data)
    (tmp_path / "token.tsr").write_bytes(token.reply)
    result = subprocess.run(
        [
            "openssl",
            "ts",
            "-verify",
            "-data",
            str(tmp_path / "data.bin"),
            "-in",
            str(tmp_path / "token.tsr"),
            "-CAfile",
            str(tsa.ca_cert_path),
            "-untrusted",
            str(tsa.tsa_cert_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Verification: OK" in result.stdout, result.stderr
    (tmp_path / "data.bin").write_bytes(data + b"!")
    tampered = subprocess.run(
        [
            "openssl",
            "ts",
            "-verify",
            "-data",
            str(tmp_path / "data.bin"),
            "-in",
            str(tmp_path / "token.tsr"),
            "-CAfile",
            str(tsa.ca_cert_path),
            "-untrusted",
            str(tsa.tsa_cert_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Verification: OK" not in tampered.stdout


def test_a_token_for_other_data_is_refused(client: TsaClient) -> None:
    token = client.stamp(b"one")
    with pytest.raises(TimestampInvalid):
        client.verify(token.reply, "00" * 32)
    flipped = bytearray(token.reply)
    flipped[len(flipped) // 2] ^= 0x01
    with pytest.raises(TimestampInvalid):
        client.verify(bytes(flipped), token.imprint_sha256)


def test_down_slow_and_garbage(client: TsaClient, tsa: TsaService) -> None:
    tsa.set_mode("down")
    with pytest.raises(TimestampUnavailable, match="HTTP 503"):
        client.stamp(b"x")
    tsa.slow_seconds = 3.0
    tsa.set_mode("slow")
    with pytest.raises(TimestampUnavailable, match="did not answer"):
        client.stamp(b"x")
    tsa.set_mode("garbage")
    with pytest.raises(TimestampInvalid):
        client.stamp(b"x")


def test_a_token_from_another_authority_is_refused(tsa: TsaService, tmp_path: Path) -> None:
    from rightsguard.sandbox.tsa import make_tsa_material

    make_tsa_material(tmp_path / "other")
    tsa.set_mode("ok")
    stranger = TsaClient(tsa.url, tmp_path / "other" / "ca.pem", timeout=2.0)
    try:
        with pytest.raises(TimestampInvalid):
            stranger.stamp(b"data")
    finally:
        stranger.close()
