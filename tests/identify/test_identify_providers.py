from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rightsguard.domain.enums import ObservableKind as K
from rightsguard.domain.enums import ProviderKind
from rightsguard.domain.errors import NotFound, UnreadableFile
from rightsguard.identify.cn import PROVINCES
from rightsguard.identify.facts import Fact
from rightsguard.identify.providers import Directory, providers_for
from rightsguard.identify.registration import Registration


def test_shipped_directory() -> None:
    d = Directory.load()
    authorities = d.list(ProviderKind.AUTHORITY)
    for p in PROVINCES:
        entry = d.get(p.provider_key)
        assert entry.data["name_zh"] == p.comms_administration_zh
    assert len([a for a in authorities if a.key.startswith("ca-")]) == 31
    assert {"samr", "amr-local"} <= {a.key for a in authorities}
    disputes = {e.key for e in d.list(ProviderKind.DISPUTE_PROVIDER)}
    assert disputes == {"cietac-odrc", "hkiac", "wipo", "adndrc", "forum", "cac", "acdr", "ciidrc"}
    assert d.for_host("item.taobao.com").key == "alibaba-ipp"
    with pytest.raises(NotFound):
        d.get("gouwu-tianxia")  # sandbox overlay only
    assert Directory.load(sandbox=True).get("gouwu-tianxia").channels["email"]


def test_workspace_file_overrides(tmp_path: Path) -> None:
    path = tmp_path / "providers.toml"
    path.write_text(
        '[[provider]]\nkey = "jd-ipr"\nname = "JD (our contact)"\nkind = "platform"\n'
        '[provider.channels]\nemail = "ipr-contact@jd.example"\n'
        '[[provider]]\nkey = "acme-host"\nname = "Acme Hosting"\nkind = "host"\n'
        'owner_match = ["acme"]\n',
        "utf-8",
    )
    d = Directory.load(path)
    assert d.get("jd-ipr").name == "JD (our contact)"
    assert d.get("jd-ipr").list("domains") == ["jd.com", "jd.hk"]  # kept from the shipped entry
    assert d.match_owner("ACME Hosting BV", (ProviderKind.HOST,)).key == "acme-host"
    path.write_text("not toml [", "utf-8")
    with pytest.raises(UnreadableFile):
        Directory.load(path)


def test_providers_for_a_cn_site_ranked() -> None:
    d = Directory.load()
    facts = [
        Fact(
            K.ICP_NUMBER,
            "粤ICP备18065432号",
            "page",
            {
                "authority_key": "ca-guangdong",
                "province": "Guangdong",
                "raw": "粤ICP备18065432号-1",
            },
        ),
        Fact(K.USCC, "91440300MA5G1K2R4C", "page", {}),
    ]
    reg = Registration(
        registrar="Alibaba Cloud Computing (Beijing) Co., Ltd.",
        created=date(2025, 1, 1),
        abuse_email="abuse@x.example",
    )
    net = Registration(
        object="ip",
        owner="Hangzhou Alibaba Advertising Co.,Ltd.",
        network="47.0.0.0/8",
        country="CN",
    )
    recs = providers_for(
        "https://fake-shop.cn/p/1",
        d,
        facts=facts,
        registration=reg,
        networks=[net],
        cdn_signs=["cloudflare"],
        today=date(2026, 11, 28),
    )
    keys = [r.provider_key for r in recs]
    assert keys[0] == "ca-guangdong"
    assert keys.index("cloudflare") < keys.index("alibaba-wanwang") < keys.index("cnnic")
    assert "alibaba-cloud" in keys and "cietac-odrc" in keys and keys[-1] == "bing"
    assert [r.rank for r in recs] == sorted(r.rank for r in recs)
    assert all(r.reason for r in recs)


def test_old_cn_domain_has_no_cndrp_and_gtld_gets_udrp() -> None:
    d = Directory.load()
    old = Registration(created=date(2019, 1, 1))
    keys = [
        r.provider_key
        for r in providers_for("http://x.cn", d, registration=old, today=date(2026, 1, 1))
    ]
    assert "cietac-odrc" not in keys
    keys = [r.provider_key for r in providers_for("http://x.com", d, registration=old)]
    assert {"wipo", "forum", "adndrc"} <= set(keys) and "verisign" in keys


def test_listing_goes_to_the_platform_first() -> None:
    d = Directory.load()
    recs = providers_for("https://item.taobao.com/item.htm?id=123", d)
    assert recs[0].provider_key == "alibaba-ipp" and "E-Commerce Law" in recs[0].reason


def test_the_local_amr_suggestion_reasons_with_the_samr_procedure_rules() -> None:
    """Which AMR takes the case is a venue question (SAMR's procedure rules), not Trademark
    Law Art. 60, which gives the AMR its powers."""
    recs = providers_for(
        "https://fake-shop.cn/p/1",
        Directory.load(),
        facts=[Fact(K.USCC, "91440300MA5G1K2R4C", "page", {})],
        today=date(2026, 11, 28),
    )
    amr = next(r for r in recs if r.provider_key == "amr-local")
    assert "Administrative Penalty Procedures Art. 9" in amr.reason
    assert "Art. 60" not in amr.reason
    samr = Directory.load().get("samr")
    notes = str(samr.data["notes"])
    assert "Art. 6" in notes and "Art. 9" in notes
