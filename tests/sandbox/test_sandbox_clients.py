from __future__ import annotations

import asyncio
import ssl

import httpx
import pytest

from rightsguard.domain.errors import InvalidValue
from rightsguard.sandbox import Sandbox, SandboxMap, world


def test_url_and_hosts(shared_sandbox: Sandbox) -> None:
    eps = shared_sandbox.endpoints()
    http, https = eps["sites.http"].port, eps["sites.https"].port
    assert http != https
    assert shared_sandbox.url(world.OUTLET_HOST) == f"http://aurorix-outlet.cn:{http}/"
    assert shared_sandbox.url(world.OUTLET_HOST, "about.html", "https") == (
        f"https://aurorix-outlet.cn:{https}/about.html"
    )
    assert shared_sandbox.hosts[world.MALL_HOST] == ("127.0.0.5", http)
    assert set(world.SITE_HOSTS) <= set(shared_sandbox.hosts)
    with pytest.raises(InvalidValue):
        shared_sandbox.url("example.org")


def test_https_is_verified_against_the_sandbox_ca(shared_sandbox: Sandbox) -> None:
    url = shared_sandbox.url(world.STORE_HOST, "/", "https")
    with shared_sandbox.httpx_client() as client:
        r = client.get(url)
        assert r.status_code == 200 and str(r.url) == url
        assert r.request.headers["host"] == url.split("/")[2]
    # with the system's trust store instead of the sandbox CA, the certificate fails
    untrusting = shared_sandbox.httpx_transport(verify=ssl.create_default_context())
    with (
        httpx.Client(transport=untrusting, trust_env=False) as client,
        pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"),
    ):
        client.get(url)


def test_async_transport(shared_sandbox: Sandbox) -> None:
    async def fetch() -> list[int]:
        async with shared_sandbox.async_httpx_client() as client:
            rs = await asyncio.gather(
                *(client.get(shared_sandbox.url(h, "/", "https")) for h in world.INFRINGER_HOSTS)
            )
        return [r.status_code for r in rs]

    assert asyncio.run(fetch()) == [200, 200, 200]


def test_map_survives_json_round_trip(shared_sandbox: Sandbox) -> None:
    sb_map = SandboxMap.from_json(shared_sandbox.map().to_json())
    assert sb_map == shared_sandbox.map()
    with sb_map.httpx_client() as client:
        assert client.get(sb_map.url(world.OFFICIAL_HOST, "/", "https")).status_code == 200


def test_host_resolver_rules(shared_sandbox: Sandbox) -> None:
    https = shared_sandbox.endpoints()["sites.https"].port
    rules = shared_sandbox.host_resolver_rules().split(", ")
    assert "MAP aurorix-outlet.cn 127.0.0.5" in rules
    assert f"MAP hm.baidu.com 127.0.0.5:{https}" in rules  # referenced port-less in pages
    every = shared_sandbox.host_resolver_rules("https").split(", ")
    assert f"MAP aurorix-outlet.cn 127.0.0.5:{https}" in every
    assert len(every) == len(shared_sandbox.hostnames)
    args = shared_sandbox.chromium_args()
    assert args[0].startswith("--host-resolver-rules=MAP ")
    assert args[1].startswith("--ignore-certificate-errors-spki-list=")


def test_unknown_names_pass_through(shared_sandbox: Sandbox) -> None:
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(204)

    from rightsguard.sandbox.clients import SandboxTransport

    routes = {"aurorix.com": ("127.0.0.5", {"http": 1234})}
    with httpx.Client(transport=SandboxTransport(routes, httpx.MockTransport(handler))) as c:
        c.get("http://example.org/x")
        c.get("http://aurorix.com/y")
    assert seen == ["http://example.org/x", "http://127.0.0.5:1234/y"]
