from __future__ import annotations

from typing import Any

import pytest

from rightsguard.identify.network import cdn_from_headers, certificate_names, dns_records
from rightsguard.net.nameservers import resolver_from
from rightsguard.sandbox import Sandbox, world


@pytest.fixture()
def resolver(sb_settings: dict[str, Any]):  # type: ignore[no-untyped-def]
    return resolver_from(sb_settings["dns_resolvers"])


def test_records_of_a_lookalike(resolver) -> None:  # type: ignore[no-untyped-def]
    answer = dns_records(world.OUTLET_HOST, resolver)
    assert answer.exists
    assert answer.records["A"] == [world.HOST_IPS[world.OUTLET_HOST]]
    assert answer.records["MX"] == ["10 mx.chenxi-youpin.cn"]
    assert sorted(answer.records["NS"]) == list(world.OPERATOR_NAME_SERVERS)
    assert "spf.chenxi-youpin.cn" in answer.records["TXT"][0]
    assert answer.records["SOA"][0].startswith("ns1.yuntu-dns.cn")
    assert "AAAA" not in answer.records and not answer.errors


def test_cname_aaaa_and_tcp(resolver) -> None:  # type: ignore[no-untyped-def]
    www = dns_records(f"www.{world.STORE_HOST}", resolver, ("A", "CNAME"))
    assert www.records["CNAME"] == ["aurorix-store.skyedge-cdn.test"]
    assert dns_records(world.OFFICIAL_HOST, resolver, ("AAAA",)).records["AAAA"] == ["::1"]
    answer = resolver.resolve(world.GUANWANG_HOST, "A", tcp=True)
    assert [r.to_text() for r in answer] == [world.HOST_IPS[world.GUANWANG_HOST]]


def test_registered_lookalikes_exist_others_do_not(resolver) -> None:  # type: ignore[no-untyped-def]
    for name in world.LOOKALIKE_REGISTERED:
        assert dns_records(name, resolver, ("A", "NS")).exists
    for name in ("aurorix-shop.cn", "jiguang-guanwang.com", "aurorixx.com"):
        assert not dns_records(name, resolver, ("A",)).exists


def test_certificate_names_list_siblings(sb: Sandbox) -> None:
    https = sb.endpoints()["sites.https"].port
    cert = certificate_names(
        sb.host, https, server_name=world.OUTLET_HOST, context=sb.ssl_context()
    )
    assert world.OUTLET_HOST in cert.names and world.STORE_HOST in cert.names
    assert len(cert.sha256) == 64


def test_cdn_from_headers() -> None:
    found = cdn_from_headers({"Server": "cloudflare", "CF-RAY": "8a1b-HKG", "Via": "1.1 x"})
    assert [f["provider"] for f in found] == ["cloudflare"]
    assert cdn_from_headers({"Server": "Tengine", "EagleId": "1"})[0]["provider"] == "alibaba-cloud"
    assert cdn_from_headers({"Server": "nginx"}) == []
    assert cdn_from_headers(None) == []
