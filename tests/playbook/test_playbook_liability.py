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


def _wilful_suit_notes(kind: str) -> tuple[str, str]:
    d = base()
    d["rights"] = [{"id": "r", "kind": kind, "jurisdiction": "CN", "registration_number": "1"}]
    d["goals"] = ["compensation"]
    d["nature"] = {"severity": "wilful"}
    d["history"] = [
        {
            "id": "L1",
            "type": "cease_and_desist",
            "target_ids": ["t1"],
            "recipient_party_id": "p1",
            "sent_on": "2026-08-01",
            "outcome": "continued",
        }
    ]
    plan = plan_of(d)
    suit = next(a for a in plan.actions if a.type == "lawsuit")
    note = next(n for n in suit.notes if n.rule_id == "suit.punitive").text.en
    wilful = next(n for n in plan.notes if n.rule_id == "cd.wilful-after-receipt").text.en
    return note, wilful


def test_punitive_damages_cite_the_law_of_the_right() -> None:
    expect = {
        "trademark": "Trademark Law Art. 63",
        "copyright": "Copyright Law Art. 54",
        "patent": "Patent Law Art. 71",
    }
    for kind, cite in expect.items():
        for text in _wilful_suit_notes(kind):
            assert cite in text, (kind, text)
            assert "Civil Code Art. 1185" in text and "Fa Shi [2021] No. 4" in text
            others = [c for k, c in expect.items() if k != kind]
            assert not any(c in text for c in others), (kind, text)


def test_punitive_rule_cites_every_ip_law_and_the_spc_interpretation() -> None:
    law = _law("suit.punitive")
    for cite in (
        "Trademark Law Art. 63",
        "Copyright Law Art. 54",
        "Patent Law Art. 71",
        "Civil Code Art. 1185",
        "Fa Shi [2021] No. 4",
        "Anti-Unfair Competition Law",
    ):
        assert cite in law, cite
    assert "unverified" in get_rule("suit.punitive").statement.en
