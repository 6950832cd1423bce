"""Fixtures for the identify tests: one sandbox (sites, RDAP, WHOIS, DNS) on loopback,
clients and lookup configs aimed at it, and a guard that fails any test trying to
reach a non-loopback address (real RDAP/WHOIS servers must never be contacted)."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from rightsguard.identify.lookup import LookupConfig, Registrations
from rightsguard.identify.netio import Backoff, Evidence, TtlCache
from rightsguard.identify.providers import Directory
from rightsguard.identify.service import Identifier
from rightsguard.net.nameservers import resolver_from
from rightsguard.sandbox import Sandbox
from rightsguard.sandbox.rdap import identify_settings


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@pytest.fixture(autouse=True)
def _only_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        if isinstance(address, tuple) and not _loopback(str(address[0])):
            raise AssertionError(f"test tried to reach {address!r} (not loopback)")
        real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


class GuardTransport(httpx.BaseTransport):
    """Refuses any request for a host the sandbox does not serve."""

    def __init__(self, inner: httpx.BaseTransport, allowed: set[str]) -> None:
        self.inner = inner
        self.allowed = allowed

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if host not in self.allowed and not _loopback(host):
            raise AssertionError(f"request for non-sandbox host {host}")
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture(scope="session")
def sb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    with Sandbox(state_dir=tmp_path_factory.mktemp("identify-sandbox")) as sandbox:
        yield sandbox


@pytest.fixture(scope="session")
def sb_settings(sb: Sandbox) -> dict[str, Any]:
    return identify_settings(sb.endpoints())


@pytest.fixture()
def client(sb: Sandbox) -> Iterator[httpx.Client]:
    transport = GuardTransport(sb.httpx_transport(), set(sb.hostnames))
    with httpx.Client(transport=transport, trust_env=False, timeout=5) as c:
        yield c


@pytest.fixture()
def sleeps() -> list[float]:
    return []


@pytest.fixture()
def config(sb_settings: dict[str, Any], tmp_path: Path, sleeps: list[float]) -> LookupConfig:
    return LookupConfig(
        rdap_servers=sb_settings["rdap_servers"],
        whois_servers=sb_settings["whois_servers"],
        use_iana_whois=False,
        timeout=3,
        backoff=Backoff(attempts=4, base=0.01, max_wait=5, sleep=sleeps.append),
        cache=TtlCache(tmp_path / "cache", 3600),
        evidence=Evidence(tmp_path / "evidence"),
    )


@pytest.fixture()
def registrations(client: httpx.Client, config: LookupConfig) -> Registrations:
    return Registrations(client, config)


@pytest.fixture()
def identifier(
    sb: Sandbox, client: httpx.Client, registrations: Registrations, sb_settings: dict[str, Any]
) -> Identifier:
    https = sb.endpoints()["sites.https"].port
    names = set(sb.hostnames)
    return Identifier(
        client,
        registrations,
        resolver_from(sb_settings["dns_resolvers"]),
        Directory.load(sandbox=True),
        tls_address=lambda h: (sb.host, https) if h in names else None,
        tls_context=sb.ssl_context(),
    )
