"""Liability for wrongful notices and punitive damages, per channel and per right
(issue #19 items 2 and 3)."""

from __future__ import annotations

from playbook_world import base, plan_of

from rightsguard.playbook import Plan, PlannedAction
from rightsguard.playbook.rules import get_rule


def _notice(plan: Plan) -> PlannedAction:
    return next(a for a in plan.actions if a.key == "provider_notice:h1")


def _law(rule_id: str) -> list[str]:
    return [str(c) for c in get_rule(rule_id).law]


def test_double_damages_only_for_ecommerce_platform_notices() -> None:
    d = base()
    d["targets"][0].update(kind="listing", url="https://mall.example.com/item/1")
    d["providers"][0].update(kind="platform", ecommerce=True)
    notice = _notice(plan_of(d))
    assert notice.channel == "ecommerce"
    assert "notice.wrongful-double-damages" in notice.rule_ids
    assert "notice.wrongful-liability" not in notice.rule_ids
    assert _law("notice.wrongful-double-damages") == ["E-Commerce Law Art. 42(3)"]
    assert "double" in get_rule("notice.wrongful-double-damages").statement.en


def test_general_and_copyright_notices_carry_ordinary_liability_only() -> None:
    general = base()  # a CN host: Civil Code channel
    copyright_ = base()
    copyright_["rights"] = [{"id": "cr", "kind": "copyright", "jurisdiction": "CN"}]
    for doc, channel in ((general, "civil_code"), (copyright_, "network_dissemination")):
        notice = _notice(plan_of(doc))
        assert notice.channel == channel
        assert "notice.wrongful-liability" in notice.rule_ids
        assert "notice.wrongful-double-damages" not in notice.rule_ids
    rule = get_rule("notice.wrongful-liability")
    assert "Civil Code Art. 1195(3)" in _law("notice.wrongful-liability")
    assert not any(c.instrument == "E-Commerce Law" for c in rule.law)
    assert "malicious" not in rule.statement.en and "恶意" not in rule.statement.zh
