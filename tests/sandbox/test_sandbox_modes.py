from __future__ import annotations

import httpx
import pytest

from rightsguard.domain.errors import InvalidValue
from rightsguard.sandbox import Sandbox, SiteMode, world


def test_site_goes_removed_changed_delisted_and_back(sandbox: Sandbox) -> None:
    url = sandbox.url(world.OUTLET_HOST, "/products.html")
    with sandbox.httpx_client() as client:
        live = client.get(url)
        assert live.status_code == 200

        sandbox.set_mode(world.OUTLET_HOST, SiteMode.REMOVED)
        removed = client.get(url)
        assert removed.status_code == 404 and "已下架" in removed.text
        assert world.OPERATOR_EMAIL not in removed.text

        sandbox.set_mode(world.OUTLET_HOST, "changed")
        changed = client.get(url)
        assert changed.status_code == 200 and changed.text != live.text
        assert "公告" in changed.text

        sandbox.set_mode(world.OUTLET_HOST, "delisted")
        soft = client.get(url)
        assert soft.status_code == 200 and "已下架" in soft.text

        sandbox.set_mode(world.OUTLET_HOST, "live")
        assert client.get(url).text == live.text
        # other sites never changed
        assert client.get(sandbox.url(world.STORE_HOST)).status_code == 200


def test_one_marketplace_listing_removed(sandbox: Sandbox) -> None:
    path = f"/item/{world.MALL_LISTINGS[0].item_id}.html"
    other = f"/item/{world.MALL_LISTINGS[1].item_id}.html"
    sandbox.set_mode(world.MALL_HOST, "delisted", path=path)
    assert sandbox.mode(world.MALL_HOST, path) is SiteMode.DELISTED
    assert sandbox.mode(world.MALL_HOST, other) is SiteMode.LIVE
    with sandbox.httpx_client() as client:
        gone = client.get(sandbox.url(world.MALL_HOST, path, "https"))
        assert gone.status_code == 200 and "已下架" in gone.text
        assert world.MALL_LISTINGS[1].title in client.get(sandbox.url(world.MALL_HOST, other)).text
    sandbox.set_mode(world.MALL_HOST, "live")
    assert sandbox.mode(world.MALL_HOST, path) is SiteMode.LIVE


def test_bad_modes_and_hosts_are_refused(sandbox: Sandbox) -> None:
    with pytest.raises(InvalidValue, match="mode"):
        sandbox.set_mode(world.OUTLET_HOST, "sleeping")
    with pytest.raises(InvalidValue, match="host"):
        sandbox.set_mode("example.org", "removed")


def test_admin_endpoint_switches_modes_on_any_host(sandbox: Sandbox) -> None:
    with sandbox.httpx_client() as client:
        admin = sandbox.url(world.MALL_HOST, "/__sandbox__/mode", "https")
        r = client.post(admin, json={"host": f"www.{world.STORE_HOST}", "mode": "removed"})
        assert r.status_code == 200, r.text
        assert client.get(sandbox.url(world.STORE_HOST)).status_code == 404
        modes = client.get(sandbox.url(world.OUTLET_HOST, "/__sandbox__/modes")).json()
        assert modes == {"modes": [{"host": world.STORE_HOST, "path": None, "mode": "removed"}]}
        bad = client.post(admin, json={"host": world.STORE_HOST, "mode": "nope"})
        assert bad.status_code == 400 and "nope" in bad.json()["error"]
        assert client.post(admin, content=b"{not json").status_code == 400
        client.post(admin, json={"host": world.STORE_HOST, "mode": "live"})
        assert client.get(sandbox.url(world.STORE_HOST)).status_code == 200
    # reachable by address too, whatever the Host header
    port = sandbox.endpoints()["sites.http"].port
    health = httpx.get(f"http://{sandbox.host}:{port}/__sandbox__/health", trust_env=False)
    assert health.json()["ok"] is True
