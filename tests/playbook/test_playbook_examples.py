"""The documented examples parse and plan as docs/facts.md describes."""

from __future__ import annotations

import json

import pytest
from playbook_world import REPO

from rightsguard.playbook import make_plan, parse_facts

EXAMPLES = sorted((REPO / "docs" / "examples").glob("*.json"))


def test_required_examples_exist() -> None:
    names = {p.stem for p in EXAMPLES}
    assert {
        "counterfeit-shop-cn",
        "marketplace-listing",
        "gtld-typosquat",
        "copyright-us-host",
    } <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_plans(path: object) -> None:
    doc = json.loads(REPO.joinpath("docs", "examples", path.name).read_text("utf-8"))  # type: ignore[attr-defined]
    plan = make_plan(parse_facts(doc))
    assert plan.actions
    docs = (REPO / "docs" / "facts.md").read_text(encoding="utf-8")
    assert path.name in docs  # type: ignore[attr-defined]


def _plan(name: str):  # type: ignore[no-untyped-def]
    doc = json.loads((REPO / "docs" / "examples" / f"{name}.json").read_text("utf-8"))
    return make_plan(parse_facts(doc))


def test_counterfeit_shop() -> None:
    plan = _plan("counterfeit-shop-cn")
    icp = next(a for a in plan.actions if a.type.value == "icp_complaint")
    assert icp.venue is not None and icp.venue.name.en == "Guangdong Communications Administration"
    assert icp.rank <= 2


def test_marketplace_listing() -> None:
    plan = _plan("marketplace-listing")
    assert plan.actions[0].key == "provider_notice:mall"
    assert plan.actions[0].channel == "ecommerce"


def test_gtld_typosquat() -> None:
    plan = _plan("gtld-typosquat")
    top = plan.actions[0]
    assert top.type.value == "domain_dispute" and top.venue is not None
    assert top.venue.ref == "adndrc"


def test_copyright_us_host() -> None:
    plan = _plan("copyright-us-host")
    assert plan.actions[0].key == "counter_notice_reply:d1"
    assert plan.clocks[0].due.isoformat() == "2026-12-03"
