"""Pin cites: CNDRP Art. 8 for the elements; HKIAC's published CNDRP fee schedule for the
fees; MIIT Order 33's fine articles, each marked where not read in the primary text."""

from __future__ import annotations

import pytest

from rightsguard.playbook.rules import get_rule
from rightsguard.playbook.sources import get_source
from rightsguard.playbook.venues import HKIAC_CNDRP_FEES, hkiac_cndrp_fee


def law(rule_id: str) -> list[str]:
    return [str(c) for c in get_rule(rule_id).law]


def test_cndrp_elements_cite_article_8() -> None:
    assert law("domain.cndrp-elements") == ["CNDRP Art. 8"]
    assert get_source("CNDRP").article("8") is not None


@pytest.mark.parametrize(
    ("domains", "panellists", "fee"),
    [
        (1, 1, 8_000),
        (5, 1, 12_000),
        (6, 1, 16_000),
        (10, 1, 16_000),
        (1, 3, 14_000),
        (3, 3, 20_000),
        (8, 3, 24_000),
        (11, 1, None),
        (11, 3, None),
        (1, 2, None),
    ],
)
def test_hkiac_fees_follow_its_published_schedule(
    domains: int, panellists: int, fee: int | None
) -> None:
    assert hkiac_cndrp_fee(domains, panellists) == fee


def test_hkiac_fee_rule_cites_the_schedule_read_on_a_known_day() -> None:
    assert "HKIAC CNDRP fee schedule" in law("domain.hkiac-fees")
    schedule = get_source("HKIAC CNDRP fee schedule")
    assert not schedule.unverified
    assert any("hkiac.org" in c and "read 2026-12-05" in c for c in schedule.checked)
    assert HKIAC_CNDRP_FEES.read_on == "2026-12-05"
    assert HKIAC_CNDRP_FEES.url.startswith("https://hkiac.org/")


def test_order_33_fine_articles_are_pinned_and_marked() -> None:
    o33 = get_source("MIIT Order No. 33")
    art22 = o33.article("22")
    assert art22 is not None and not art22.unverified
    assert "一万元" in art22.gist.zh and "10,000" in art22.gist.en
    art23 = o33.article("23")
    assert art23 is not None and art23.unverified and "虚假" in art23.gist.zh
    art25 = o33.article("25")
    assert art25 is not None and art25.unverified
    assert "MIIT Order No. 33 Art. 23" in law("icp.bad-filing")
    o292 = get_source("Order 292").article("22")
    assert o292 is not None and "5,000" in o292.gist.en and "50,000" in o292.gist.en
