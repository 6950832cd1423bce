from __future__ import annotations

import csv
import hashlib
import io
import re

import httpx
import pytest

from rightsguard.domain.enums import Control, TargetKind
from rightsguard.sandbox import Sandbox, world

SCHEMES = ("http", "https")
BRAND_SITES = (world.OFFICIAL_HOST, *world.INFRINGER_HOSTS)


def _get(
    client: httpx.Client, sb: Sandbox, host: str, path: str = "/", scheme: str = "http"
) -> httpx.Response:
    return client.get(sb.url(host, path, scheme))


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("host", BRAND_SITES)
def test_every_page_of_every_site(
    client: httpx.Client, shared_sandbox: Sandbox, host: str, scheme: str
) -> None:
    for path in ("/", "/products.html", "/about.html"):
        r = _get(client, shared_sandbox, host, path, scheme)
        assert r.status_code == 200, (host, path)
        assert r.headers["content-type"] == "text/html; charset=utf-8"
        assert '<meta charset="utf-8">' in r.text
        assert re.search(r'<html lang="(zh-CN|en)">', r.text)
        assert str(r.url).startswith(f"{scheme}://{host}:")  # made-up name kept
        assert "{{" not in r.text
    listing = _get(client, shared_sandbox, host, "/products.html", scheme).text
    skus = re.findall(r'href="/product/([\w-]+)\.html"', listing)
    assert len(set(skus)) == 4
    for sku in set(skus):
        page = _get(client, shared_sandbox, host, f"/product/{sku}.html", scheme)
        assert page.status_code == 200
        assert f'src="/img/{sku}.png"' in page.text
        image = _get(client, shared_sandbox, host, f"/img/{sku}.png", scheme)
        assert image.headers["content-type"] == "image/png"
        assert image.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_chinese_pages_carry_chinese_and_prices(
    client: httpx.Client, shared_sandbox: Sandbox
) -> None:
    outlet = _get(client, shared_sandbox, world.OUTLET_HOST, "/products.html").text
    assert 'lang="zh-CN"' in outlet and "极光官方折扣店" in outlet
    for product in world.COUNTERFEIT_PRODUCTS:
        assert f"¥{product.price_cny}" in outlet
    store = _get(client, shared_sandbox, world.STORE_HOST, "/products.html").text
    assert 'lang="en"' in store
    for product in world.COUNTERFEIT_PRODUCTS:
        assert f"US${product.price_usd}" in store


@pytest.mark.parametrize("host", world.INFRINGER_HOSTS)
def test_footer_facts_of_look_alike_sites(
    client: httpx.Client, shared_sandbox: Sandbox, host: str
) -> None:
    page = _get(client, shared_sandbox, host, "/").text
    about = _get(client, shared_sandbox, host, "/about.html").text
    company = world.SITE_COMPANY[host]
    assert world.SITE_ICP[host] in page
    assert world.PSB_NUMBER in page
    assert company.uscc in page
    assert company.name_zh in page
    assert f"https://hm.baidu.com/hm.js?{world.BAIDU_TONGJI_ID}" in page
    assert world.OPERATOR_EMAIL in page
    assert world.OPERATOR_PHONE_DISPLAY[host] in page
    assert world.OPERATOR_WECHAT in page
    assert world.OPERATOR_QQ in about
    assert company.uscc in about and world.OPERATOR_EMAIL in about


def test_differences_between_the_look_alikes(client: httpx.Client, shared_sandbox: Sandbox) -> None:
    guanwang = _get(client, shared_sandbox, world.GUANWANG_HOST, "/").text
    outlet = _get(client, shared_sandbox, world.OUTLET_HOST, "/").text
    assert world.OPERATOR_RELATED.name_zh in guanwang
    assert world.OPERATOR.uscc not in guanwang
    assert world.OPERATOR.name_zh in outlet
    assert "粤公网安备 " in outlet and "粤公网安备4403" in guanwang
    # the fake official site links to the shop, with the sandbox port
    assert shared_sandbox.url(world.OUTLET_HOST) in guanwang


def test_official_site_is_the_rights_holder(client: httpx.Client, shared_sandbox: Sandbox) -> None:
    page = _get(client, shared_sandbox, world.OFFICIAL_HOST, "/about.html").text
    assert world.RIGHTS_HOLDER.name_zh in page and world.RIGHTS_HOLDER.uscc in page
    for mark in world.TRADEMARKS:
        assert mark.registration_number in page
    assert "hm.baidu.com" not in page


def test_shared_and_distinct_images(client: httpx.Client, shared_sandbox: Sandbox) -> None:
    def digest(host: str, path: str) -> str:
        r = _get(client, shared_sandbox, host, path)
        assert r.status_code == 200
        return hashlib.sha256(r.content).hexdigest()

    favicons = {h: digest(h, "/favicon.ico") for h in BRAND_SITES}
    assert len({favicons[h] for h in world.INFRINGER_HOSTS}) == 1
    assert favicons[world.OFFICIAL_HOST] != favicons[world.OUTLET_HOST]
    # the look-alikes copy the official logo
    assert len({digest(h, "/logo.png") for h in BRAND_SITES}) == 1
    skus = [p.sku for p in world.COUNTERFEIT_PRODUCTS]
    outlet_images = [digest(world.OUTLET_HOST, f"/img/{s}.png") for s in skus]
    assert len(set(outlet_images)) == len(skus)
    assert outlet_images == [digest(world.STORE_HOST, f"/img/{s}.png") for s in skus]
    # the operator's marketplace listing reuses its shop photo
    assert digest(world.MALL_HOST, "/img/item-600123451.png") == outlet_images[0]


def test_baidu_stand_in(client: httpx.Client, shared_sandbox: Sandbox) -> None:
    r = client.get(f"https://hm.baidu.com/hm.js?{world.BAIDU_TONGJI_ID}")  # port-less, as in pages
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/javascript")
    assert "_hmt" in r.text


def test_marketplace_search_and_pages(client: httpx.Client, shared_sandbox: Sandbox) -> None:
    for q in ("极光", "aurorix"):
        page = client.get(shared_sandbox.url(world.MALL_HOST, "/search"), params={"q": q}).text
        for listing in world.MALL_LISTINGS:
            assert f"/item/{listing.item_id}.html" in page
    none = client.get(shared_sandbox.url(world.MALL_HOST, "/search"), params={"q": "<nokia>"})
    assert "共 0 件" in none.text and "&lt;nokia&gt;" in none.text
    shop = _get(client, shared_sandbox, world.MALL_HOST, "/shop/8812345.html").text
    assert world.OPERATOR.uscc in shop and world.OPERATOR.name_zh in shop
    item = _get(client, shared_sandbox, world.MALL_HOST, "/item/600123454.html")
    assert item.status_code == 200 and "佳禾潮流好物小店" in item.text


@pytest.mark.parametrize("scheme", SCHEMES)
def test_search_export_csv_and_json(
    client: httpx.Client, shared_sandbox: Sandbox, scheme: str
) -> None:
    r = client.get(
        shared_sandbox.url(world.MALL_HOST, "/search.csv", scheme), params={"q": "aurorix"}
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    reader = csv.DictReader(io.StringIO(r.text))
    assert tuple(reader.fieldnames or ()) == world.EXPORT_COLUMNS
    rows = list(reader)
    assert len(rows) == len(world.EXPORT_ROWS)
    for row in rows:
        assert TargetKind(row["kind"]) and Control(row["control"])
        assert row["url"].startswith(f"{scheme}://")
        assert client.get(row["url"]).status_code == 200  # every exported URL answers
    domains = {r["url"] for r in rows if r["kind"] == "domain"}
    assert domains == {shared_sandbox.url(h, "/", scheme) for h in world.INFRINGER_HOSTS}
    assert all(r["control"] == "third_party" for r in rows if r["kind"] == "listing")
    assert sum(r["kind"] == "listing" for r in rows) == len(world.MALL_LISTINGS)

    j = client.get(
        shared_sandbox.url(world.MALL_HOST, "/search.json", scheme), params={"q": "极光"}
    )
    data = j.json()
    assert [tuple(d) for d in data] == [world.EXPORT_COLUMNS] * len(data)
    assert data == rows
    empty = client.get(shared_sandbox.url(world.MALL_HOST, "/search.json"), params={"q": "zzz"})
    assert empty.json() == []


def test_unknown_host_and_unknown_path(client: httpx.Client, shared_sandbox: Sandbox) -> None:
    port = shared_sandbox.hosts[world.OUTLET_HOST][1]
    r = client.get(f"http://{shared_sandbox.host}:{port}/", headers={"Host": "nope.example"})
    assert r.status_code == 404 and "nope.example" in r.text
    assert _get(client, shared_sandbox, world.OUTLET_HOST, "/no-such-page").status_code == 404
    assert _get(client, shared_sandbox, world.OUTLET_HOST, "/product/X.html").status_code == 404
    www = client.get(f"http://www.{world.OUTLET_HOST}:{port}/")
    assert www.status_code == 200 and world.SITE_ICP[world.OUTLET_HOST] in www.text


def test_head_request(client: httpx.Client, shared_sandbox: Sandbox) -> None:
    r = client.head(shared_sandbox.url(world.OFFICIAL_HOST))
    assert r.status_code == 200 and r.content == b"" and int(r.headers["content-length"]) > 0


def test_sites_answer_at_the_addresses_their_zones_give(shared_sandbox: Sandbox) -> None:
    """Discovery pins the DNS answer (no second look-up): the sites must be reachable at
    the A record the sandbox DNS gives them, on the plain-HTTP port."""
    port = shared_sandbox.endpoints()["sites.http"].port
    with httpx.Client(trust_env=False, timeout=5) as plain:
        for host in (world.OUTLET_HOST, world.OFFICIAL_HOST):
            address = world.HOST_IPS[host]
            reply = plain.get(f"http://{address}:{port}/", headers={"Host": f"{host}:{port}"})
            assert reply.status_code == 200 and "<html" in reply.text.lower(), (host, address)
