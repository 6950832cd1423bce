"""Which market regulator takes a complaint: SAMR's procedure rules on administrative
penalties (Art. 6 where the breach happens; Art. 9 for e-commerce operators), per kind of
seller, not Trademark Law Art. 60."""

from __future__ import annotations

from typing import Any

from playbook_world import base, plan_of

from rightsguard.playbook import PlannedAction
from rightsguard.playbook.rules import Effect, get_rule
from rightsguard.playbook.venues import SellerKind, amr_venue, province

SAMR = "SAMR Provisions on Administrative Penalty Procedures"


def amr(doc: dict[str, Any]) -> PlannedAction:
    plan = plan_of(doc)
    return next(a for a in plan.actions if a.key == "market_regulation_complaint:p1")


def test_own_site_goes_to_the_amr_of_the_operators_domicile() -> None:
    venue = amr(base()).venue
    assert venue is not None and venue.reason is not None
    assert venue.name.zh == "广州市市场监督管理局"
    assert "第9条第1款" in venue.reason.zh and "住所地" in venue.reason.zh
    assert "Art. 9(1)" in venue.reason.en and "domicile" in venue.reason.en
    assert "商标法第60条" not in venue.reason.zh and "Trademark Law" not in venue.reason.en
    assert not venue.alternatives


def test_platform_seller_goes_where_it_actually_operates_or_to_the_platforms_amr() -> None:
    d = base()
    d["targets"][0].update(kind="listing", url="https://item.mall.example.cn/1", platform="Mall")
    d["providers"].append({"id": "m1", "kind": "platform", "name": "Mall", "ecommerce": True})
    d["targets"][0]["provider_ids"] = ["m1"]
    venue = amr(d).venue
    assert venue is not None and venue.reason is not None
    assert venue.name.zh == "广州市市场监督管理局"
    assert "第9条第2款" in venue.reason.zh and "实际经营地" in venue.reason.zh
    assert "Art. 9(2)" in venue.reason.en and "actually operates" in venue.reason.en
    assert [a.zh for a in venue.alternatives] == ["电子商务平台经营者Mall住所地的市场监督管理部门"]


def test_seller_outside_e_commerce_goes_where_the_breach_happens() -> None:
    d = base()
    d["targets"][0].update(kind="social_account", url="https://social.example.cn/acme")
    venue = amr(d).venue
    assert venue is not None and venue.reason is not None
    assert "第6条" in venue.reason.zh and "违法行为发生地" in venue.reason.zh


def test_amr_venue_without_a_place_names_the_kind_of_place() -> None:
    name, reason, alternatives = amr_venue(SellerKind.OWN_SITE, None, None)
    assert name.zh == "经营者住所地的市场监督管理部门" and "domicile" in name.en
    assert "第9条第1款" in reason.zh and alternatives == []
    name, _, _ = amr_venue(SellerKind.PLATFORM_SELLER, province("浙江"), None, platform="Shop")
    assert name.zh == "浙江省内平台内经营者实际经营地的市场监督管理部门"


def test_amr_venue_rule_cites_the_samr_procedure_rules() -> None:
    rule = get_rule("amr.venue")
    assert rule.effect == Effect.VENUE
    assert {str(c) for c in rule.law} == {f"{SAMR} Art. 6", f"{SAMR} Art. 9"}
    assert "amr.venue" in amr(base()).rule_ids
