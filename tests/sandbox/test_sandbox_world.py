from __future__ import annotations

import re

from rightsguard.domain.enums import Control, TargetKind
from rightsguard.sandbox import world


def test_hosts_are_distinct_and_cover_the_cast() -> None:
    assert len(set(world.SITE_HOSTS)) == len(world.SITE_HOSTS)
    assert set(world.INFRINGER_HOSTS) == {
        "aurorix-outlet.cn",
        "aurorix-official-store.com",
        "jiguang-guanwang.cn",
    }
    assert world.OFFICIAL_HOST == "aurorix.com"
    assert world.MALL_HOST == "mall.gouwu-tianxia.cn"


def test_icp_numbers_vary_in_form_and_one_mismatches() -> None:
    pattern = re.compile(r"^粤ICP备(\d{8}|\d{10})号-\d+$")
    digits = {len(pattern.match(v).group(1)) for v in world.SITE_ICP.values()}  # type: ignore[union-attr]
    assert digits == {8, 10}
    main = world.MISMATCHED_ICP.split("-")[0]
    assert world.ICP_RECORDS[main].holder not in (world.OPERATOR, world.OPERATOR_RELATED)
    assert world.SITE_COMPANY[world.GUANWANG_HOST] == world.OPERATOR_RELATED


def test_baidu_id_is_32_hex() -> None:
    assert re.fullmatch(r"[0-9a-f]{32}", world.BAIDU_TONGJI_ID)


def test_phone_displays_are_one_number() -> None:
    for shown in world.OPERATOR_PHONE_DISPLAY.values():
        assert "86" + re.sub(r"\D", "", shown).lstrip("0").removeprefix("86") == (
            world.OPERATOR_PHONE_E164.lstrip("+")
        )
    assert len(set(world.OPERATOR_PHONE_DISPLAY.values())) == 3


def test_export_rows_use_domain_vocabularies() -> None:
    kinds = {r.kind for r in world.EXPORT_ROWS}
    assert {TargetKind.DOMAIN, TargetKind.LISTING} <= kinds
    for row in world.EXPORT_ROWS:
        if row.host in world.INFRINGER_HOSTS:
            assert row.control is Control.INFRINGER
        if row.kind is TargetKind.LISTING:
            assert row.control is Control.THIRD_PARTY
    assert {r.host for r in world.EXPORT_ROWS if r.kind is TargetKind.DOMAIN} == set(
        world.INFRINGER_HOSTS
    )
