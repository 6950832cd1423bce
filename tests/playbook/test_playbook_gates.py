from __future__ import annotations

import pytest
from playbook_world import base, facts_of

from rightsguard.domain.enums import ActionType
from rightsguard.domain.errors import GateBlocked, NotFound
from rightsguard.playbook import Override, check_action, enforce


def test_evidence_first_blocks_every_letter_until_capture() -> None:
    doc = base()
    doc["captures"] = []
    facts = facts_of(doc)
    for kind in (
        ActionType.CEASE_AND_DESIST,
        ActionType.PROVIDER_NOTICE,
        ActionType.MARKET_REGULATION_COMPLAINT,
        ActionType.LAWSUIT,
    ):
        blocks = check_action(
            facts, kind, target_ids=["t1"], recipient_party_id="p1", provider_id="h1"
        )
        assert [b.rule_id for b in blocks] == ["evidence.first"], kind
    with pytest.raises(GateBlocked) as err:
        enforce(facts, ActionType.PROVIDER_NOTICE, target_ids=["t1"], provider_id="h1")
    assert err.value.rule_id == "evidence.first"
    assert "preserve evidence of target t1 first" in err.value.message


def test_evidence_scope_includes_other_sites_of_the_same_party() -> None:
    doc = base()
    doc["targets"].append(
        {"id": "t2", "url": "https://other.cn", "control": "infringer", "party_id": "p1"}
    )
    facts = facts_of(doc)
    blocks = check_action(facts, ActionType.PROVIDER_NOTICE, target_ids=["t1"], provider_id="h1")
    assert [b.target_ids for b in blocks] == [["t2"]]


def test_clean_case_passes() -> None:
    facts = facts_of(base())
    assert (
        check_action(facts, ActionType.CEASE_AND_DESIST, target_ids=["t1"], recipient_party_id="p1")
        == []
    )
    assert (
        enforce(facts, ActionType.CEASE_AND_DESIST, target_ids=["t1"], recipient_party_id="p1")
        == []
    )


def test_letter_to_supplier_blocked_but_counsel_may_override() -> None:
    doc = base()
    doc["parties"].append(
        {"id": "s1", "role": "supplier", "identity_known": True, "address_known": True}
    )
    facts = facts_of(doc)
    blocks = check_action(
        facts, ActionType.CEASE_AND_DESIST, target_ids=["t1"], recipient_party_id="s1"
    )
    assert [b.rule_id for b in blocks] == ["cd.primary-only"]
    assert not blocks[0].remediable
    with pytest.raises(GateBlocked):
        enforce(
            facts,
            ActionType.CEASE_AND_DESIST,
            target_ids=["t1"],
            recipient_party_id="s1",
            override=Override(role="paralegal", reason="please"),
        )
    with pytest.raises(GateBlocked):
        enforce(
            facts,
            ActionType.CEASE_AND_DESIST,
            target_ids=["t1"],
            recipient_party_id="s1",
            override=Override(role="counsel", reason="   "),
        )
    done = enforce(
        facts,
        ActionType.CEASE_AND_DESIST,
        target_ids=["t1"],
        recipient_party_id="s1",
        override=Override(role="counsel", reason="supplier is also the seller"),
    )
    assert [b.rule_id for b in done] == ["cd.primary-only"]


def test_letter_needs_recipient_identity_and_address() -> None:
    doc = base()
    doc["parties"][0]["address_known"] = False
    facts = facts_of(doc)
    blocks = check_action(
        facts, ActionType.CEASE_AND_DESIST, target_ids=["t1"], recipient_party_id="p1"
    )
    assert [b.rule_id for b in blocks] == ["cd.identity-address"]
    no_recipient = check_action(facts, ActionType.CEASE_AND_DESIST, target_ids=["t1"])
    assert [b.rule_id for b in no_recipient] == ["cd.identity-address"]


def test_technical_measure_always_needs_counsel() -> None:
    facts = facts_of(base())
    blocks = check_action(facts, ActionType.TECHNICAL_MEASURE, target_ids=["t1"])
    assert [b.rule_id for b in blocks] == ["tech.counsel-approval"]
    assert enforce(
        facts,
        ActionType.TECHNICAL_MEASURE,
        target_ids=["t1"],
        override=Override(role="counsel", reason="approved in memo 12"),
    )


def test_icp_complaint_needs_a_bad_filing() -> None:
    facts = facts_of(base())
    blocks = check_action(facts, ActionType.ICP_COMPLAINT, target_ids=["t1"])
    assert [b.rule_id for b in blocks] == ["icp.bad-filing"]


def test_expired_rights_block() -> None:
    doc = base()
    doc["rights"][0]["expires_on"] = "2020-01-01"
    blocks = check_action(
        facts_of(doc), ActionType.PROVIDER_NOTICE, target_ids=["t1"], provider_id="h1"
    )
    assert [b.rule_id for b in blocks] == ["basis.right-in-force"]


def test_unknown_ids_are_not_found() -> None:
    facts = facts_of(base())
    with pytest.raises(NotFound):
        check_action(facts, ActionType.PROVIDER_NOTICE, target_ids=["nope"])
    with pytest.raises(NotFound):
        check_action(
            facts, ActionType.CEASE_AND_DESIST, target_ids=["t1"], recipient_party_id="nobody"
        )
    with pytest.raises(NotFound):
        check_action(facts, ActionType.PROVIDER_NOTICE, target_ids=["t1"], provider_id="x")


def test_a_met_check_carries_no_remedy() -> None:
    from rightsguard.playbook.gates import Check
    from rightsguard.playbook.text import t

    remedy = t("补上", "add it")
    met = Check(id="x", rule_id="r", met=True, text=t("甲", "a"), remedy=remedy)
    unmet = Check(id="x", rule_id="r", met=False, text=t("甲", "a"), remedy=remedy)
    assert met.remedy is None and unmet.remedy == remedy
