"""Server-side request forgery: capture (HTTP and browser mode) and recheck fetches may
reach only public addresses while ``allow_private_targets`` is off.

Real servers on loopback stand in for the internal services an attacker aims at;
each counts the requests it gets, so a test fails if anything reaches one.
"""

from __future__ import annotations

import asyncio
import io
import ipaddress
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from rightsguard.discover.recheck import fetch_all
from rightsguard.evidence.errors import CaptureRefused
from rightsguard.evidence.httpfetch import fetch, make_client
from rightsguard.evidence.limits import CaptureLimits
from rightsguard.evidence.netguard import (
    Guard,
    NetworkPolicy,
    Resolution,
    StaticResolver,
    SystemResolver,
    forbidden_reason,
    legacy_ipv4,
)
from rightsguard.evidence.proxyserver import install_resolver
from rightsguard.evidence.warc import WarcBuilder
from rightsguard.sandbox.httpserver import HttpServer, Request, Response

HOST = "127.0.0.5"  # the internal service's address (loopback, like the sandbox)
METADATA = "169.254.169.254"


class Counter:
    def __init__(self) -> None:
        self.hits: list[str] = []

    def app(self, request: Request) -> Response:
        self.hits.append(request.target)
        if request.path == "/redirect":
            return Response(302, b"", headers={"Location": request.arg("to")})
        return Response(200, b"<title>internal secret</title>", "text/html")


@pytest.fixture
def internal() -> Iterator[tuple[Counter, int]]:
    counter = Counter()
    server = HttpServer(HOST, 0, counter.app, name="internal")
    server.start()
    yield counter, server.port
    server.stop()


def _resolver(extra: dict[str, str] | None = None) -> StaticResolver:
    """Made-up names only: a name not in the map is an error, never a real DNS query."""

    class LiteralsOnly:
        def resolve(self, host: str) -> Resolution:
            try:
                ipaddress.ip_address(host.strip("[]"))
            except ValueError:
                if legacy_ipv4(host) is None:
                    raise CaptureRefused(f"cannot resolve {host} (test resolver)") from None
            return SystemResolver().resolve(host)  # a literal: no DNS query

    return StaticResolver(
        {"shop.public.test": HOST, "internal.test": "10.0.0.1", **(extra or {})},
        fallback=LiteralsOnly(),
    )


class PretendPublic:
    """The real rule, except that one name (the attacker's 'public' site, served on
    loopback here) passes: what it redirects to is judged by the rule alone."""

    allow_private = False

    def __init__(self, name: str) -> None:
        self.name = name

    def check(self, host: str, resolution: Resolution, port: int | None = None) -> Resolution:
        if host == self.name:
            return resolution
        return NetworkPolicy(False).check(host, resolution, port)


def _forms(port: int) -> list[str]:
    """The internal server's address written the ways attackers write 127.0.0.5."""
    return [
        f"http://{HOST}:{port}/",
        f"http://2130706437:{port}/",  # decimal
        f"http://0x7f000005:{port}/",  # hex
        f"http://0177.0.0.5:{port}/",  # octal
        f"http://127.5:{port}/",  # short
        f"http://[::ffff:{HOST}]:{port}/",  # IPv6-mapped IPv4
    ]


FORMS = ["dotted", "decimal", "hex", "octal", "short", "v4-mapped"]


@pytest.mark.parametrize("form", range(len(FORMS)), ids=FORMS)
def test_every_spelling_of_an_internal_address_is_refused(
    internal: tuple[Counter, int], form: int
) -> None:
    counter, port = internal
    url = _forms(port)[form]

    async def get(allow: bool) -> httpx.Response:
        guard = Guard(_resolver(), NetworkPolicy(allow_private=allow))
        async with make_client(guard, CaptureLimits()) as client:
            return await client.get(url)

    if FORMS[form] == "octal":  # httpx itself refuses to parse it: nothing is sent
        with pytest.raises(httpx.InvalidURL):
            asyncio.run(get(False))
        assert counter.hits == []
        return
    with pytest.raises(CaptureRefused, match="loopback"):
        asyncio.run(get(False))
    assert counter.hits == []
    # the same spelling does reach the server when private targets are allowed,
    # so the refusal above is the guard's doing, not a dead address
    if "[" not in url or socket.has_ipv6:
        assert asyncio.run(get(True)).status_code == 200
        assert counter.hits == ["/"]


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "2130706433",
        "0x7f000001",
        "0177.0.0.1",
        "127.1",
        "0",
        "0.0.0.0",
        "[::]",
        "[::1]",
        "::ffff:127.0.0.1",
        "[::ffff:10.0.0.1]",
        "[::ffff:169.254.169.254]",
        METADATA,
        "100.100.100.200",
        "[fd00:ec2::254]",
        "[fe80::1]",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "100.64.0.1",
        "[64:ff9b::7f00:1]",  # NAT64 of 127.0.0.1
        "[2002:a00:1::]",  # 6to4 of 10.0.0.1
        "internal.test",  # a name that resolves to 10.0.0.1
    ],
)
def test_guard_refuses_private_loopback_metadata_and_unspecified(host: str) -> None:
    guard = Guard(_resolver(), NetworkPolicy(allow_private=False))
    with pytest.raises(CaptureRefused, match="refusing to capture"):
        guard.resolve(host)


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "0177.0.0.1", "127.1", "10.1"])
def test_numeric_host_forms_are_read_as_addresses_without_asking_dns(host: str) -> None:
    """What C resolvers read as an IPv4 address is taken as that address at once (no DNS
    query leaks the name, none waits on a dead resolver) and refused."""
    resolver = SystemResolver(nameservers=["192.0.2.1"], timeout=3)  # never answers
    started = time.monotonic()
    resolution = resolver.resolve(host)
    assert resolution.method == "literal" and time.monotonic() - started < 1
    assert str(legacy_ipv4(host)) == resolution.addresses[0]
    with pytest.raises(CaptureRefused, match="refusing"):
        NetworkPolicy(False).check(host, resolution)


def test_public_addresses_pass_the_rule() -> None:
    for address in ("8.8.8.8", "2606:4700:4700::1111", "64:ff9b::808:808", "::ffff:1.1.1.1"):
        assert forbidden_reason(address) is None, address
    assert forbidden_reason(METADATA) == "a cloud metadata address"


@pytest.mark.parametrize(
    "target",
    [
        f"http://{METADATA}/latest/meta-data/iam/",
        "http://{host}:{port}/secret",
        "http://[::ffff:{host}]:{port}/secret",
        "http://2130706437:{port}/secret",
        "http://internal.test/",
        "http://[::1]:{port}/",
        "http://0.0.0.0:{port}/",
    ],
)
def test_redirects_to_internal_addresses_are_refused_in_capture_and_recheck(
    internal: tuple[Counter, int], target: str
) -> None:
    counter, port = internal
    goal = target.format(host=HOST, port=port)
    start = f"http://shop.public.test:{port}/redirect?to={goal}"
    guard_args = (_resolver(), PretendPublic("shop.public.test"))

    async def capture() -> None:
        async with make_client(Guard(*guard_args), CaptureLimits()) as client:
            warc = WarcBuilder(io.BytesIO())
            await fetch(start, client, warc, CaptureLimits(), deadline=time.monotonic() + 10)

    with pytest.raises(CaptureRefused, match="refusing to capture"):
        asyncio.run(capture())

    async def recheck() -> list[Any]:
        async with make_client(Guard(*guard_args), CaptureLimits()) as client:
            return await fetch_all(client, [start], 1)

    (look,) = asyncio.run(recheck())
    assert look.http_status is None and "CaptureRefused" in (look.error or "")
    # only the attacker's redirect was served; the internal page never was
    assert counter.hits == [f"/redirect?to={goal}"] * 2


def test_dns_rebinding_connects_to_the_address_that_was_checked() -> None:
    """A resolver answers a public address first and 127.0.0.1 after: every
    connection goes to the checked public address, and the name is not re-resolved."""

    class Rebinding:
        def __init__(self) -> None:
            self.calls = 0

        def resolve(self, host: str) -> Resolution:
            self.calls += 1
            ip = "93.184.216.34" if self.calls == 1 else "127.0.0.1"
            return Resolution(host, (ip,), "test", (ip,))

    resolver = Rebinding()
    connected: list[tuple[str, str | None]] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        # no public internet here: the "network" records where the connection goes
        connected.append((request.url.host, request.headers.get("host")))
        return httpx.Response(200, text="ok")

    guard = Guard(resolver, NetworkPolicy(allow_private=False))
    from rightsguard.evidence.httpfetch import PinnedTransport

    async def run() -> None:
        transport = PinnedTransport(guard, httpx.MockTransport(upstream))
        async with httpx.AsyncClient(transport=transport) as client:
            for _ in range(3):
                await client.get("http://rebind.example/page")

    asyncio.run(run())
    assert connected == [("93.184.216.34", "rebind.example")] * 3
    assert resolver.calls == 1
    # a fresh guard (the next capture) sees the rebound answer and refuses it
    with pytest.raises(CaptureRefused, match="loopback"):
        Guard(resolver, NetworkPolicy(False)).resolve("rebind.example")


@pytest.fixture
def proxy_resolver() -> Iterator[dict[str, list[str]]]:
    """The browser mode's resolver (installed in the recording proxy), over a system
    resolver that rebinds ``rebind.example`` on its second answer."""
    real = socket.getaddrinfo
    answers = {"rebind.example": ["93.184.216.34", "127.0.0.1"]}
    given: dict[str, list[str]] = {}

    def system(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name in answers:
            ip = answers[name].pop(0) if len(answers[name]) > 1 else answers[name][0]
            given.setdefault(name, []).append(ip)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port or 0))]
        return real(host, port, *args, **kwargs)

    socket.getaddrinfo = system
    try:
        install_resolver({"hosts": {"shop.sandbox.test": HOST}, "allow_private": False})
        yield given
    finally:
        socket.getaddrinfo = real


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "2130706433", "0x7f000001", "127.1", "::1", "::ffff:10.0.0.1", METADATA],
)
def test_browser_mode_proxy_refuses_internal_addresses(
    proxy_resolver: dict[str, list[str]], host: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(socket.gaierror, match="RightsGuard refused"):
        socket.getaddrinfo(host, 80)
    assert "REFUSED" in capsys.readouterr().out


def test_browser_mode_proxy_checks_each_answer_it_connects_with(
    proxy_resolver: dict[str, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    first = socket.getaddrinfo("rebind.example", 80)
    assert first[0][4][0] == "93.184.216.34"
    with pytest.raises(socket.gaierror, match=r"127\.0\.0\.1 is a loopback address"):
        socket.getaddrinfo("rebind.example", 80)  # the rebound answer is refused
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("shop.sandbox.test", 80)  # mapped names are judged too
    capsys.readouterr()
