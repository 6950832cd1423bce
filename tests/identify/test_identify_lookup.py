from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from rightsguard.identify.bootstrap import Bootstrap, refresh
from rightsguard.identify.errors import LookupFailed, RateLimited
from rightsguard.identify.lookup import LookupConfig, Registrations, registrable_domain
from rightsguard.identify.netio import Backoff, TtlCache, retry_after_seconds
from rightsguard.sandbox import Sandbox, world
from rightsguard.store.blobs import BlobStore


def test_rdap_domain_follows_the_registrar_link(
    registrations: Registrations, sb: Sandbox, tmp_path: Path
) -> None:
    reg = registrations.domain(f"www.{world.STORE_HOST}")
    rec = world.DOMAIN_RECORDS[world.STORE_HOST]
    assert reg.source == "rdap" and reg.name == world.STORE_HOST
    assert reg.registrar == rec.registrar.name and reg.registrar_iana_id == rec.registrar.iana_id
    assert reg.abuse_email == rec.registrar.abuse_email  # nested abuse entity
    assert reg.privacy and "Registrant Email" in reg.redacted
    assert reg.registrant_org == world.PRIVACY_PROXY
    assert reg.created == rec.registered
    assert len(reg.evidence) == 2  # registry and registrar replies, both kept
    blobs = BlobStore(tmp_path / "evidence")
    assert all(blobs.has(h) for h in reg.evidence)
    assert b"REDACTED FOR PRIVACY" in blobs.read(reg.evidence[1])


def test_rdap_ip_network_owner(registrations: Registrations) -> None:
    reg = registrations.ip(world.HOST_IPS[world.OUTLET_HOST])
    assert reg.object == "ip" and reg.network == "127.0.80.0/24"
    assert reg.owner.startswith("南风云主机") and reg.country == "CN"
    assert reg.abuse_email == "abuse@nanfeng-cloud.test"
    asn = registrations.asn("AS64590")
    assert asn.object == "asn" and asn.asn == "AS64590"


def test_whois_cnnic_style_for_cn(registrations: Registrations) -> None:
    for host, org in (
        (world.OUTLET_HOST, world.OPERATOR.name_zh),
        (world.GUANWANG_HOST, world.OPERATOR_RELATED.name_zh),
    ):
        reg = registrations.domain(host)
        assert reg.source == "whois"
        assert reg.registrant_org == org
        assert reg.registrant_email == world.OPERATOR_EMAIL
        assert reg.registrar == world.REGISTRAR_CN.name
    young = registrations.domain(world.OUTLET_HOST).age_days(date(2026, 11, 28))
    old = registrations.domain(world.GUANWANG_HOST).age_days(date(2026, 11, 28))
    assert young < 3 * 365 < old


def test_whois_referral_chain(client: httpx.Client, config: LookupConfig, sb: Sandbox) -> None:
    config.rdap_servers = {k: v for k, v in config.rdap_servers.items() if k != "com"}
    config.bootstrap = Bootstrap()  # no RDAP for .com: WHOIS it is
    reg = Registrations(client, config).domain(world.STORE_HOST)
    assert reg.source == "whois"
    assert reg.server == config.whois_servers["com"]  # started at the registry...
    assert reg.referral == world.SANDBOX_WHOIS_REGISTRAR_HOST  # ...which referred on
    assert len(reg.evidence) == 2
    assert reg.registrar == "Harbour Names Ltd." and reg.registrar_iana_id == "4321"
    assert reg.privacy and reg.registrant_org == world.PRIVACY_PROXY
    assert reg.abuse_email == "abuse@harbour-names.test"
    service = sb.service("whois")
    assert ("registrar", world.STORE_HOST) in service.queries  # type: ignore[attr-defined]


def test_unknown_domain(registrations: Registrations) -> None:
    assert registrations.domain("no-such-aurorix.cn").extra == {"no_match": True}
    assert registrations.domain("no-such-aurorix.com").extra == {"no_match": True}
    with pytest.raises(LookupFailed):
        registrations.domain("example.invalidtld")


def test_rate_limit_backs_off_with_retry_after(
    registrations: Registrations, sleeps: list[float]
) -> None:
    reg = registrations.domain("ratelimited-one.com")
    assert reg.registrar == "Harbour Names Ltd."
    assert sleeps[:2] == [1.0, 1.0]  # Retry-After: 1, twice


def test_rate_limit_gives_up(client: httpx.Client, config: LookupConfig) -> None:
    config.backoff = Backoff(attempts=2, base=0.01, sleep=lambda s: None)
    with pytest.raises(RateLimited) as info:
        Registrations(client, config).domain("ratelimited-two.com")
    assert info.value.retry_after == 1.0


def test_timeout_is_retried_then_reported(
    client: httpx.Client, config: LookupConfig, sleeps: list[float]
) -> None:
    config.timeout = 0.3
    config.backoff = Backoff(attempts=2, base=0.05, sleep=sleeps.append)
    with pytest.raises(LookupFailed, match="Timeout"):
        Registrations(client, config).domain("slow-shop.com")
    assert len(sleeps) == 1 and 0.05 <= sleeps[0] <= 0.075  # base, plus up to 50% jitter


def test_cache_serves_repeat_lookups(registrations: Registrations, sb: Sandbox) -> None:
    rdap = sb.service("rdap")
    registrations.domain("aurorix.com")
    before = len(rdap.requests)  # type: ignore[attr-defined]
    again = registrations.domain("aurorix.com")
    assert len(rdap.requests) == before  # type: ignore[attr-defined]
    assert again.registrant_org == world.RIGHTS_HOLDER.name_en


def test_ttl_cache_expires(tmp_path: Path) -> None:
    cache = TtlCache(tmp_path, ttl_seconds=10)
    cache.put("k", {"a": 1}, now=100.0)
    assert cache.get("k", now=105.0) == {"a": 1}
    assert cache.get("k", now=111.0) is None
    assert TtlCache(None).get("k") is None


def test_retry_after_forms() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after_seconds("soon") is None


def test_bootstrap_refresh_from_the_sandbox(
    client: httpx.Client, sb: Sandbox, tmp_path: Path, config: LookupConfig
) -> None:
    base = sb.url(world.SANDBOX_RDAP_REGISTRY_HOST, "/bootstrap/")
    counts = refresh(client, tmp_path / "boot", base)
    assert counts == {"dns": 2, "ipv4": 1, "ipv6": 1, "asn": 1}
    boot = Bootstrap.load(tmp_path / "boot")
    assert boot.for_domain("x.com")[0].startswith("http://rdap.registry.sandbox.test")
    assert boot.for_ip("127.0.80.11")[0].startswith("http://rdap.rir.sandbox.test")
    assert boot.for_asn(64580)
    config.rdap_servers = {}  # route by the refreshed bootstrap only
    config.bootstrap = boot
    reg = Registrations(client, config).ip("127.0.90.12")
    assert reg.owner == "SkyEdge CDN Inc."


def test_shipped_bootstrap_routes_real_tlds_without_network() -> None:
    boot = Bootstrap.load()
    assert boot.for_domain("example.com") == ["https://rdap.verisign.com/com/v1/"]
    assert boot.for_domain("example.cn") == []  # .cn: WHOIS
    assert boot.for_ip("114.114.114.114") == ["https://rdap.apnic.net/"]


def test_registrable_domain() -> None:
    assert registrable_domain("mall.gouwu-tianxia.cn") == "gouwu-tianxia.cn"
    assert registrable_domain("a.b.example.com.cn") == "example.com.cn"
    assert registrable_domain("WWW.Example.COM.") == "example.com"


def test_settings_overrides_route_per_tld(
    client: httpx.Client, sb_settings: dict[str, Any]
) -> None:
    regs = Registrations(
        client,
        LookupConfig(
            rdap_servers={"shop": "http://rdap.registry.sandbox.test/"},
            whois_servers={"cn": "127.0.0.5:1"},
        ),
    )
    assert regs.rdap_base_for_domain("x.shop") == "http://rdap.registry.sandbox.test/"
    assert regs.whois_server_for_domain("x.com.cn") == "127.0.0.5:1"  # cn covers com.cn


def test_whois_throttling_is_retried(registrations: Registrations, sleeps: list[float]) -> None:
    reg = registrations.domain("ratelimited-whois.cn")
    assert reg.extra == {"no_match": True}
    assert len(sleeps) == 2
