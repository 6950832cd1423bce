"""Identification reaches only what the SSRF guard allows (issue #17 item 3).

With ``allow_private_targets`` off, a target's page that is, or redirects to, a
loopback address must not be fetched, and the refusal is recorded in the
findings. Two small loopback servers stand in for the internal addresses: each
counts the requests that reached it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from rightsguard.identify.errors import LookupFailed
from rightsguard.identify.lookup import Registrations
from rightsguard.sandbox import Sandbox, process
from rightsguard.sandbox.core import STATE_DIR_ENV
from rightsguard.sandbox.hostile import HOSTILE_HOST
from rightsguard.sandbox.rdap import identify_settings
from rightsguard.services.identify import identifier_for
from rightsguard.workspace import init_workspace


class _Counting(ThreadingHTTPServer):
    def __init__(self, redirect_to: str = "") -> None:
        self.paths: list[str] = []
        self.redirect_to = redirect_to
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.paths.append(self.path)
                if server.redirect_to:
                    self.send_response(302)
                    self.send_header("Location", server.redirect_to)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = b"<html><title>internal</title><p>admin console</p></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


def _serving(server: _Counting) -> Iterator[_Counting]:
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture()
def forbidden() -> Iterator[_Counting]:
    yield from _serving(_Counting())


@pytest.fixture()
def redirector(forbidden: _Counting) -> Iterator[_Counting]:
    yield from _serving(_Counting(redirect_to=forbidden.url + "secret"))


@pytest.fixture()
def no_registration(monkeypatch: pytest.MonkeyPatch) -> None:
    """Registration lookups are not what these tests are about: fail them at once."""

    def refuse(self: Registrations, domain: str) -> None:
        raise LookupFailed(f"no registration lookups in this test ({domain})", lookup="rdap")

    monkeypatch.setattr(Registrations, "domain", refuse)


def test_a_loopback_target_and_its_redirect_are_not_fetched(
    tmp_path: Path, sb: Sandbox, redirector: _Counting, forbidden: _Counting, no_registration: None
) -> None:
    dns = sb.endpoints()["dns.dns"]
    ws = init_workspace(tmp_path / "ws", {"dns_resolvers": [f"{dns.host}:{dns.port}"]})
    assert ws.settings.allow_private_targets is False
    with identifier_for(ws) as ident:
        found = ident.investigate(redirector.url)
    assert redirector.paths == [] and forbidden.paths == []
    assert "127.0.0.1 is a loopback address" in found.errors["page"]
    assert "refus" in found.errors["page"].lower()
    assert "127.0.0.1 is a loopback address" in found.errors.get("tls", "")


def test_the_sandbox_network_refuses_a_redirect_to_loopback(
    tmp_path: Path,
    sb: Sandbox,
    forbidden: _Counting,
    no_registration: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The sandbox's own servers are reachable with the guard on; nothing else on loopback."""
    monkeypatch.setenv(STATE_DIR_ENV, str(sb.state_dir))
    ws = init_workspace(
        tmp_path / "ws", {"network": "sandbox", **identify_settings(sb.endpoints())}
    )
    assert ws.settings.allow_private_targets is False
    port = sb.endpoints()["hostile.http"].port
    url = f"http://{HOSTILE_HOST}:{port}/redirect-private?to={forbidden.url}secret"
    with process.announced(sb), identifier_for(ws) as ident:
        found = ident.investigate(url)
    assert forbidden.paths == []
    assert "127.0.0.1 is a loopback address" in found.errors["page"]
    # The sandbox's DNS and its site answered: only the redirect was refused.
    assert found.dns is not None and "dns" not in found.errors
