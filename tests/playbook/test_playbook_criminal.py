"""Criminal indicators: online copyright thresholds of Criminal Law Art. 217 (2011 opinions:
works, clicks, members, business volume), an aggravation that needs a prior penalty asks for
it, and every threshold stays marked unverified against Fa Shi [2025] No. 5."""

from __future__ import annotations

from typing import Any

import pytest
from playbook_world import base, plan_of

from rightsguard.domain.enums import ActionType
from rightsguard.playbook import Plan
from rightsguard.playbook.facts import facts_json_schema
from rightsguard.playbook.rules import get_rule


def with_nature(kind: str = "copyright", **nature: Any) -> Plan:
    d = base()
    d["rights"] = [{"id": "r", "kind": kind, "jurisdiction": "CN"}]
    d["nature"] = nature
    return plan_of(d)


def crime_indicators(p: Plan) -> list[Any]:
    return [i for i in p.indicators if i.asks is None]


@pytest.mark.parametrize(
    ("nature", "figure"),
    [
        ({"works_disseminated": 600}, "500"),
        ({"clicks": 60_000}, "50000"),
        ({"registered_members": 1_200}, "1000"),
        ({"business_volume": 60_000}, "50000"),
    ],
)
def test_online_copyright_thresholds_of_the_2011_opinions(
    nature: dict[str, int], figure: str
) -> None:
    p = with_nature(**nature)
    found = [i for i in crime_indicators(p) if i.article == "Criminal Law Art. 217"]
    assert found, p.indicators
    assert figure in found[0].text.en and "2011" in found[0].text.en
    assert found[0].unverified
    assert any(a.type == ActionType.POLICE_REPORT for a in p.actions)


def test_below_every_online_threshold_there_is_no_indicator() -> None:
    p = with_nature(works_disseminated=300, clicks=20_000, registered_members=400)
    assert not crime_indicators(p)


def test_two_figures_each_at_half_the_threshold_count() -> None:
    p = with_nature(works_disseminated=300, clicks=30_000)
    found = [i for i in crime_indicators(p) if i.article == "Criminal Law Art. 217"]
    assert found and "half" in found[0].text.en and "一半" in found[0].text.zh


def test_five_times_the_threshold_is_particularly_serious() -> None:
    p = with_nature(works_disseminated=2_600)
    found = [i for i in crime_indicators(p) if i.article == "Criminal Law Art. 217"]
    assert found and "particularly serious" in found[0].text.en and "2500" in found[0].text.en


def test_an_aggravation_needing_a_prior_penalty_asks_for_it() -> None:
    p = with_nature("trademark", illegal_gains=25_000, repeat_within_2_years=True)
    assert not crime_indicators(p)
    asks = [i for i in p.indicators if i.asks == "nature.prior_penalty_within_2_years"]
    assert asks and "受过刑事处罚或者行政处罚" in asks[0].text.zh
    assert "administrative penalty" in asks[0].text.en
    assert not [a for a in p.actions if a.type == ActionType.POLICE_REPORT]


def test_a_prior_penalty_lowers_the_figure_and_a_denied_one_does_not() -> None:
    p = with_nature("trademark", illegal_gains=25_000, prior_penalty_within_2_years=True)
    assert [i.article for i in crime_indicators(p)] == ["Criminal Law Art. 213"]
    p = with_nature("trademark", illegal_gains=25_000, prior_penalty_within_2_years=False)
    assert not p.indicators


def test_every_threshold_says_it_is_unverified_against_the_2025_interpretation() -> None:
    p = with_nature(
        "copyright", works_disseminated=600, illegal_gains=60_000, business_volume=60_000
    )
    ip = [i for i in p.indicators if i.article.startswith("Criminal Law Art. 21")]
    assert ip
    for i in ip:
        assert i.unverified
        assert "法释〔2025〕5号" in i.text.zh and "Fa Shi [2025] No. 5" in i.text.en


def test_the_rule_cites_the_2011_opinions() -> None:
    law = [str(c) for c in get_rule("police.ip-crime-indicators").law]
    assert "2011 Opinions on IP criminal cases Art. 13" in law


def test_schema_asks_for_the_prior_penalty_and_the_online_figures() -> None:
    nature = facts_json_schema()["$defs"]["Nature"]["properties"]
    for name in ("prior_penalty_within_2_years", "works_disseminated", "clicks"):
        assert nature[name]["description"], name
    assert "行政处罚" in nature["prior_penalty_within_2_years"]["description"]
