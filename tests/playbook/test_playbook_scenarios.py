"""Scenario table: each measure (II.1-II.9), challenge (I.1-I.3) and strategy (III.1-III.3)
of the guide, with the expected plan, gates, venue and clocks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from playbook_world import base, plan_of, us_counter_noticed

from rightsguard.domain.enums import ActionType
from rightsguard.playbook import Plan, PlannedAction

Doc = dict[str, Any]


def action(plan: Plan, key: str) -> PlannedAction:
    found = [a for a in plan.actions if a.key == key]
    assert found, f"{key} not in {[a.key for a in plan.actions]}"
    return found[0]


def missing(a: PlannedAction) -> list[str]:
    return [c.rule_id for c in a.preconditions if not c.met]


def blocked_rules(plan: Plan, key: str) -> list[str]:
    found = [b for b in plan.blocked if b.key == key]
    assert found, f"{key} not blocked; blocked: {[b.key for b in plan.blocked]}"
    return [x.rule_id for x in found[0].blocks]


def note_rules(plan: Plan) -> set[str]:
    return {n.rule_id for n in plan.notes}


def clock(a: PlannedAction | Plan, prefix: str) -> Any:
    found = [c for c in a.clocks if c.id.startswith(prefix)]
    assert found, f"no clock {prefix}: {[c.id for c in a.clocks]}"
    return found[0]


# ---- scenario builders ------------------------------------------------------------------


def s_identity_unknown(d: Doc) -> None:
    d["parties"][0].update(identity_known=False, address_known=False, verified=False)
    d["targets"][0]["kind"] = "shop"


def c_identity_unknown(p: Plan) -> None:
    req = action(p, "disclosure_request:h1")
    assert req.ready and req.type == ActionType.DISCLOSURE_REQUEST
    assert {"identify.lookups", "identify.test-purchase"} <= note_rules(p)
    assert "suit.defendant" in missing(action(p, "lawsuit:p1"))
    cd = action(p, "cease_and_desist:p1")
    assert not cd.ready and "cd.identity-address" in missing(cd)
    assert "identify.disclosure-request" in p.rules_applied


def s_repeat(d: Doc) -> None:
    d["targets"][0].update(status="reappeared", kind="domain", domain_registered_on="2025-06-01")
    d["history"] = [
        {
            "id": "n1",
            "type": "provider_notice",
            "target_ids": ["t1"],
            "provider_id": "h1",
            "sent_on": "2026-05-01",
            "outcome": "removed",
        }
    ]


def c_repeat(p: Plan) -> None:
    assert "repeat.detect" in note_rules(p)
    assert p.actions[0].type == ActionType.DOMAIN_DISPUTE
    assert "repeat.domain-transfer" in p.actions[0].rule_ids
    assert "repeat.litigate" in action(p, "lawsuit:p1").rule_ids
    assert "repeat.provider-mechanism" in action(p, "provider_notice:h1").rule_ids


def s_new_target_known_party(d: Doc) -> None:
    d["targets"].append(
        {
            "id": "t2",
            "url": "https://acme-fake2.cn",
            "control": "infringer",
            "party_id": "p1",
            "provider_ids": ["h1"],
        }
    )
    d["captures"].append({"target_id": "t2", "at": "2026-09-24", "complete": True})
    d["history"] = [
        {
            "id": "n1",
            "type": "provider_notice",
            "target_ids": ["t1"],
            "provider_id": "h1",
            "sent_on": "2026-05-01",
            "outcome": "removed",
        }
    ]


def c_new_target_known_party(p: Plan) -> None:
    repeat = [n for n in p.notes if n.rule_id == "repeat.detect"]
    assert repeat and "t2" in repeat[0].text.en


def s_no_capture(d: Doc) -> None:
    d["captures"] = []


def c_no_capture(p: Plan) -> None:
    assert p.actions and all(not a.ready for a in p.actions)
    assert p.next_steps[0].rule_id == "evidence.first"
    assert p.next_steps[0].text.en == "preserve evidence of target t1 first"
    assert p.capture_priority[0].target_id == "t1"


def s_stale_capture(d: Doc) -> None:
    d["captures"][0]["at"] = "2026-08-01T00:00:00Z"  # 55 days old


def c_stale_capture(p: Plan) -> None:
    assert "evidence.first" in missing(action(p, "provider_notice:h1"))


def s_stale_capture_longer_window(d: Doc) -> None:
    s_stale_capture(d)
    d["settings"] = {"capture_max_age_days": 60}


def c_stale_capture_longer_window(p: Plan) -> None:
    assert action(p, "provider_notice:h1").ready


def s_third_party(d: Doc) -> None:
    d["captures"] = []
    d["targets"][0]["control"] = "third_party"
    d["targets"][0]["party_id"] = None


def c_third_party(p: Plan) -> None:
    notice = action(p, "provider_notice:h1")
    assert notice.ready  # not blocking
    ev = [c for c in notice.preconditions if c.rule_id == "evidence.third-party"]
    assert ev and not ev[0].met and not ev[0].blocking
    assert "evidence.third-party" in note_rules(p)


def s_cd_customer(d: Doc) -> None:
    d["parties"].append(
        {"id": "c1", "role": "customer", "identity_known": True, "address_known": True}
    )


def c_cd_customer(p: Plan) -> None:
    assert blocked_rules(p, "cease_and_desist:c1") == ["cd.primary-only"]
    block = next(b for b in p.blocked if b.key == "cease_and_desist:c1")
    assert "commercial-defamation" in block.blocks[0].text.en
    assert action(p, "cease_and_desist:p1").ready


def s_cd_minor(d: Doc) -> None:
    d["nature"] = {"severity": "minor"}
    d["goals"] = []


def c_cd_minor(p: Plan) -> None:
    cd = action(p, "cease_and_desist:p1")
    assert "cd.minor-cheap" in cd.rule_ids
    assert cd.rank < action(p, "lawsuit:p1").rank
    assert clock(cd, "cd.follow-up").due == date(2026, 10, 9)  # 25 Sep + 14 days
    assert {"strategy.cheap-fast-minor", "strategy.internet-goals"} <= note_rules(p)


def s_cd_continued(d: Doc) -> None:
    d["history"] = [
        {
            "id": "L1",
            "type": "cease_and_desist",
            "recipient_party_id": "p1",
            "target_ids": ["t1"],
            "sent_on": "2026-08-01",
            "received_on": "2026-08-04",
            "outcome": "continued",
        }
    ]
    d["goals"] = ["compensation"]


def c_cd_continued(p: Plan) -> None:
    assert "cd.wilful-after-receipt" in note_rules(p)
    suit = action(p, "lawsuit:p1")
    assert suit.rank == 1
    assert {"cd.wilful-after-receipt", "suit.punitive"} <= set(suit.rule_ids)
    assert action(p, "cease_and_desist:p1").rank == len(p.actions)


def s_cd_patent_reminder(d: Doc) -> None:
    d["rights"] = [{"id": "pat", "kind": "patent", "jurisdiction": "CN"}]
    d["history"] = [
        {
            "id": "L1",
            "type": "cease_and_desist",
            "recipient_party_id": "p1",
            "sent_on": "2026-07-01",
            "reminder_on": "2026-08-04",
            "reminder_sent_on": "2026-08-01",
            "outcome": "received",
        }
    ]


def c_cd_patent_reminder(p: Plan) -> None:
    c = next(c for c in p.clocks if c.id == "cd.non-infringement-declaration:L1")
    assert c.due == date(2026, 9, 4) and c.due_latest == date(2026, 10, 8)  # 1 Oct: holiday
    assert not c.guidance_only and c.expired
    follow = next(c for c in p.clocks if c.id == "cd.follow-up:L1")
    assert follow.due == date(2026, 7, 15)


def s_cd_trademark_reminder(d: Doc) -> None:
    d["history"] = [
        {
            "id": "L1",
            "type": "cease_and_desist",
            "recipient_party_id": "p1",
            "sent_on": "2026-09-01",
            "reminder_on": "2026-09-10",
            "outcome": "received",
        }
    ]


def c_cd_trademark_reminder(p: Plan) -> None:
    c = next(c for c in p.clocks if c.id == "cd.non-infringement-declaration:L1")
    assert c.guidance_only and c.due == date(2026, 10, 10)  # a worked Saturday
    assert "not law" in c.label.en


def s_ecommerce(d: Doc) -> None:
    d["targets"][0].update(kind="listing", url="https://mall.example.com/item/1")
    d["providers"][0].update(kind="platform", ecommerce=True)
    d["history"] = [
        {
            "id": "N1",
            "type": "provider_notice",
            "target_ids": ["t1"],
            "provider_id": "h1",
            "sent_on": "2026-09-10",
            "counter_notice_on": "2026-09-20",
            "outcome": "counter_noticed",
        }
    ]


def c_ecommerce(p: Plan) -> None:
    notice = action(p, "provider_notice:h1")
    assert notice.channel == "ecommerce"
    assert "truthfulness_guarantee" in [e.id for e in notice.elements]
    reply = action(p, "counter_notice_reply:N1")
    c = clock(reply, "notice.counter-ecommerce")
    # 20 Sep + 15 days = 5 Oct (holiday) -> 8 Oct; + 20 working days (10 Oct worked) -> 4 Nov
    assert c.due == date(2026, 10, 8) and c.due_latest == date(2026, 11, 4)
    assert reply.rank == 1


def s_dmca(d: Doc) -> None:
    us_counter_noticed(d, counter_notice_on="2026-11-18")


def c_dmca(p: Plan) -> None:
    c = next(c for c in p.clocks if c.id == "notice.counter-dmca:N1")
    assert (c.due, c.due_latest) == (date(2026, 12, 3), date(2026, 12, 9))
    notice = action(p, "provider_notice:h1")
    assert notice.channel == "dmca" and "accuracy_under_perjury" in [e.id for e in notice.elements]


def s_renotify_blocked(d: Doc) -> None:
    d["rights"] = [{"id": "cr", "kind": "copyright", "jurisdiction": "CN"}]
    d["history"] = [
        {
            "id": "N1",
            "type": "provider_notice",
            "target_ids": ["t1"],
            "provider_id": "h1",
            "channel": "network_dissemination",
            "sent_on": "2026-09-01",
            "counter_notice_on": "2026-09-05",
            "outcome": "counter_noticed",
        }
    ]


def c_renotify_blocked(p: Plan) -> None:
    assert blocked_rules(p, "provider_notice:h1") == ["notice.counter-copyright"]


def s_no_procedure(d: Doc) -> None:
    d["providers"][0]["procedure"] = None
    d["providers"][0]["country"] = "DE"


def c_no_procedure(p: Plan) -> None:
    notice = action(p, "provider_notice:h1")
    assert "notice.provider-procedure" in missing(notice)
    assert notice.channel == "dsa"
    assert any("Cloud CN's complaint channel" in s.text.en for s in p.next_steps)


def s_amr(d: Doc) -> None:
    d["parties"][0]["verified"] = False
    d["goals"] = ["deterrence"]


def c_amr(p: Plan) -> None:
    amr = action(p, "market_regulation_complaint:p1")
    assert amr.venue is not None and amr.venue.name.zh == "广州市市场监督管理局"
    assert "amr.identity-address" in missing(amr) and not amr.ready
    assert any(n.rule_id == "amr.cautious-online" for n in amr.notes)


def s_icp_sichuan(d: Doc) -> None:
    d["targets"][0]["icp"] = {"status": "mismatched", "number": "蜀ICP备12345678号"}


def c_icp_sichuan(p: Plan) -> None:
    icp = action(p, "icp_complaint:t1")
    assert icp.venue is not None and icp.venue.name.zh == "四川省通信管理局"
    assert icp.ready


def s_icp_missing_domicile(d: Doc) -> None:
    d["targets"][0]["icp"] = {"status": "missing"}
    d["parties"][0]["province"] = None
    d["targets"][0]["operator_province"] = "Inner Mongolia"


def c_icp_missing_domicile(p: Plan) -> None:
    icp = action(p, "icp_complaint:t1")
    assert icp.venue is not None and icp.venue.name.zh == "内蒙古自治区通信管理局"
    assert icp.score >= action(p, "lawsuit:p1").score  # fast and effective


def s_icp_unknown_venue(d: Doc) -> None:
    d["targets"][0]["icp"] = {"status": "missing"}
    d["parties"][0]["province"] = None


def c_icp_unknown_venue(p: Plan) -> None:
    icp = action(p, "icp_complaint:t1")
    assert icp.venue is None and "icp.venue" in missing(icp)


def s_labels(d: Doc) -> None:
    d["targets"][0]["breaches"] = ["labels_not_chinese", "no_ccc"]
    d["nature"] = {"parallel_import": True}


def c_labels(p: Plan) -> None:
    lab = action(p, "other_authority_complaint:t1:labels_not_chinese")
    assert "other.labels-not-chinese" in lab.rule_ids
    ccc = action(p, "other_authority_complaint:t1:no_ccc")
    assert any("unverified" in n.text.en for n in ccc.notes)
    assert {"other.indirect-route", "notice.doubtful-cases"} <= note_rules(p)


def s_cn_domain_old(d: Doc) -> None:
    d["targets"][0].update(kind="domain", domain_registered_on="2022-01-01")


def c_cn_domain_old(p: Plan) -> None:
    assert blocked_rules(p, "domain_dispute:t1") == ["domain.cndrp-age"]
    block = next(b for b in p.blocked if b.key == "domain_dispute:t1")
    assert block.alternative is not None and "sue" in block.alternative.en
    causes = action(p, "lawsuit:p1").details["causes"]
    assert any("domain-name ownership" in c["en"] for c in causes)


def s_cn_domain_young(d: Doc) -> None:
    d["targets"][0].update(kind="domain", domain_registered_on="2025-01-01")
    d["goals"] = ["transfer_domain"]


def c_cn_domain_young(p: Plan) -> None:
    dd = action(p, "domain_dispute:t1")
    assert dd.rank == 1 and dd.channel == "cndrp"
    assert dd.venue is not None and dd.venue.ref == "cietac_odrc"
    assert clock(dd, "domain.response").due == date(2026, 10, 15)
    assert clock(dd, "domain.decision").due == date(2026, 10, 29)
    assert clock(dd, "domain.implementation").due == date(2026, 11, 8)


def s_cn_domain_hkiac(d: Doc) -> None:
    s_cn_domain_young(d)
    d["holder"] = {"country": "GB", "language": "en"}


def c_cn_domain_hkiac(p: Plan) -> None:
    dd = action(p, "domain_dispute:t1")
    assert dd.venue is not None and dd.venue.ref == "hkiac"
    assert dd.details["fee_rmb"] == 8000
    assert clock(dd, "domain.fee").due == date(2026, 9, 28)


def s_cn_domain_unknown_age(d: Doc) -> None:
    d["targets"][0].update(kind="domain")


def c_cn_domain_unknown_age(p: Plan) -> None:
    assert "domain.cndrp-age" in missing(action(p, "domain_dispute:t1"))


def s_gtld(d: Doc) -> None:
    d["targets"][0].update(kind="domain", url="acme-fake.com")


def c_gtld(p: Plan) -> None:
    dd = action(p, "domain_dispute:t1")
    assert dd.channel == "udrp" and dd.venue is not None and dd.venue.ref == "adndrc"
    assert dd.details["elements"][-1] == "bad_faith_registration_and_use"


def s_gtld_cheap(d: Doc) -> None:
    s_gtld(d)
    d["holder"] = {"country": "FR", "language": "en"}
    d["parties"][0].update(province=None, city=None, country="FR")
    d["nature"] = {"severity": "minor"}


def c_gtld_cheap(p: Plan) -> None:
    assert action(p, "domain_dispute:t1").venue.ref == "cac"  # type: ignore[union-attr]


def s_other_cctld(d: Doc) -> None:
    d["targets"].append(
        {"id": "t2", "kind": "domain", "url": "acme-fake.de", "control": "third_party"}
    )
    d["targets"].append(
        {"id": "t3", "kind": "domain", "url": "acme-fake.zz", "control": "third_party"}
    )


def c_other_cctld(p: Plan) -> None:
    de = action(p, "domain_dispute:t2")
    assert de.channel == "denic_courts"
    zz = action(p, "domain_dispute:t3")
    assert zz.channel == "unknown" and "domain.cctld-policy" in missing(zz)


def s_lawsuit(d: Doc) -> None:
    d["nature"] = {"severity": "wilful", "complex": True, "known_since": "2026-02-14"}
    d["goals"] = ["compensation", "deterrence"]
    d["rights"].append({"id": "tn", "kind": "trade_name", "jurisdiction": "CN"})


def c_lawsuit(p: Plan) -> None:
    suit = p.actions[0]
    assert suit.key == "lawsuit:p1"
    causes = [c["en"] for c in suit.details["causes"]]
    assert "trademark infringement" in causes and "unfair competition" in causes
    assert "trade-name infringement" in causes
    lim = clock(suit, "suit.limitation")
    # 14 Feb 2029 falls in the (projected) Spring Festival: Art. 203 moves it, and the
    # 2029 schedule is not yet published, so the plan says to recheck.
    assert lim.due == date(2029, 2, 16) and lim.calendar_note is not None
    assert "suit.when" in suit.rule_ids


def s_copyright_beijing(d: Doc) -> None:
    d["rights"] = [{"id": "cr", "kind": "copyright", "jurisdiction": "CN"}]
    d["parties"][0].update(province="北京", city="北京")


def c_copyright_beijing(p: Plan) -> None:
    assert action(p, "lawsuit:p1").venue.ref == "beijing_internet"  # type: ignore[union-attr]


def s_patent_shanghai(d: Doc) -> None:
    d["rights"] = [{"id": "pat", "kind": "patent", "jurisdiction": "CN"}]
    d["parties"][0].update(province="Shanghai", city="Shanghai")


def c_patent_shanghai(p: Plan) -> None:
    assert action(p, "lawsuit:p1").venue.ref == "shanghai_ip"  # type: ignore[union-attr]
    assert "notice.doubtful-cases" in action(p, "provider_notice:h1").rule_ids


def s_personality(d: Doc) -> None:
    d["rights"] = [{"id": "name", "kind": "personality", "jurisdiction": "CN"}]


def c_personality(p: Plan) -> None:
    suit = action(p, "lawsuit:p1")
    assert "suit.personality" in suit.rule_ids
    assert any("portrait" in c["en"] for c in suit.details["causes"])


def s_police(d: Doc) -> None:
    d["nature"] = {"illegal_gains": 40000}


def c_police(p: Plan) -> None:
    assert [i.article for i in p.indicators] == ["Criminal Law Art. 213", "Criminal Law Art. 214"]
    assert all(i.unverified and "not a conclusion" in i.text.en for i in p.indicators)
    pol = action(p, "police_report")
    assert pol.requires_counsel


def s_police_below(d: Doc) -> None:
    d["nature"] = {"illegal_gains": 25000}


def c_police_below(p: Plan) -> None:
    # below the usual figure: only the question whether a prior penalty lowers it
    assert [i.asks for i in p.indicators] == ["nature.prior_penalty_within_2_years"]
    assert not [a for a in p.actions if a.type == ActionType.POLICE_REPORT]


def s_police_aggravated(d: Doc) -> None:
    d["nature"] = {"illegal_gains": 25000, "marks_count": 2}


def c_police_aggravated(p: Plan) -> None:
    assert [i.article for i in p.indicators] == ["Criminal Law Art. 213"]


def s_computer(d: Doc) -> None:
    d["nature"] = {"computer_acts": ["intrusion"]}


def c_computer(p: Plan) -> None:
    assert p.indicators[0].article == "Criminal Law Arts. 285-287"
    assert not p.indicators[0].unverified


def s_technical(d: Doc) -> None:
    d["goals"] = ["block_access"]


def c_technical(p: Plan) -> None:
    tech = action(p, "technical_measure")
    assert not tech.ready and tech.requires_counsel
    assert "tech.counsel-approval" in missing(tech)
    assert any(n.level == "warn" for n in tech.notes)


def s_terrain(d: Doc) -> None:
    d["targets"][0]["provider_ids"] = []


def c_terrain(p: Plan) -> None:
    assert "strategy.know-terrain" in note_rules(p)
    orphan = action(p, "provider_notice:unknown")
    assert "notice.provider-procedure" in missing(orphan)


def s_org(d: Doc) -> None:
    d["organisation"] = {}


def c_org(p: Plan) -> None:
    assert {"strategy.internal-team", "strategy.provider-liaison"} <= note_rules(p)


def s_multi_angle(d: Doc) -> None:
    s_cd_customer(d)
    d["history"] = [
        {
            "id": "N1",
            "type": "provider_notice",
            "target_ids": ["t1"],
            "provider_id": "h1",
            "sent_on": "2026-09-01",
            "outcome": "rejected",
        }
    ]


def c_multi_angle(p: Plan) -> None:
    multi = [n for n in p.notes if n.rule_id == "strategy.multi-angle"]
    assert multi and "parallel" in multi[0].text.en


def c_base(p: Plan) -> None:
    assert "strategy.internet-goals" not in note_rules(p)
    assert "strategy.multi-angle" not in note_rules(p)
    assert all(a.ready for a in p.actions if a.type != ActionType.TECHNICAL_MEASURE)


SCENARIOS: list[tuple[str, str, Callable[[Doc], None], Callable[[Plan], None]]] = [
    ("I.1", "identity unknown", s_identity_unknown, c_identity_unknown),
    ("I.2", "removed target back", s_repeat, c_repeat),
    ("I.2", "new target of known party", s_new_target_known_party, c_new_target_known_party),
    ("I.3", "no capture blocks everything", s_no_capture, c_no_capture),
    ("I.3", "stale capture", s_stale_capture, c_stale_capture),
    (
        "I.3",
        "configurable capture age",
        s_stale_capture_longer_window,
        c_stale_capture_longer_window,
    ),
    ("I.3", "third-party control lowers urgency", s_third_party, c_third_party),
    ("II.1", "letter to customer blocked", s_cd_customer, c_cd_customer),
    ("II.1", "minor case: letter first", s_cd_minor, c_cd_minor),
    ("II.1", "continued after receipt", s_cd_continued, c_cd_continued),
    ("II.1", "patent non-infringement clock", s_cd_patent_reminder, c_cd_patent_reminder),
    ("II.1", "trademark clock by analogy", s_cd_trademark_reminder, c_cd_trademark_reminder),
    ("II.2", "e-commerce counter-notice", s_ecommerce, c_ecommerce),
    ("II.2", "DMCA counter-notice", s_dmca, c_dmca),
    ("II.2", "no re-notice after copyright counter-notice", s_renotify_blocked, c_renotify_blocked),
    ("II.2", "follow the provider's procedure; EU DSA", s_no_procedure, c_no_procedure),
    ("II.3", "AMR needs verified identity", s_amr, c_amr),
    ("II.4", "ICP prefix 蜀 -> Sichuan", s_icp_sichuan, c_icp_sichuan),
    ("II.4", "ICP by domicile", s_icp_missing_domicile, c_icp_missing_domicile),
    ("II.4", "ICP venue unknown", s_icp_unknown_venue, c_icp_unknown_venue),
    ("II.5", "labels and CCC", s_labels, c_labels),
    ("II.6", ".cn older than 3 years", s_cn_domain_old, c_cn_domain_old),
    ("II.6", ".cn young, CIETAC", s_cn_domain_young, c_cn_domain_young),
    ("II.6", ".cn young, HKIAC", s_cn_domain_hkiac, c_cn_domain_hkiac),
    ("II.6", ".cn age unknown", s_cn_domain_unknown_age, c_cn_domain_unknown_age),
    ("II.6", "gTLD, Chinese party: ADNDRC", s_gtld, c_gtld),
    ("II.6", "gTLD, cheap: CAC", s_gtld_cheap, c_gtld_cheap),
    ("II.6", "other ccTLDs", s_other_cctld, c_other_cctld),
    ("II.7", "wilful complex: lawsuit first", s_lawsuit, c_lawsuit),
    ("II.7", "copyright: Beijing Internet Court", s_copyright_beijing, c_copyright_beijing),
    ("II.7", "patent: Shanghai IP Court", s_patent_shanghai, c_patent_shanghai),
    ("II.7", "personality rights", s_personality, c_personality),
    ("II.8", "police indicator", s_police, c_police),
    ("II.8", "below thresholds", s_police_below, c_police_below),
    ("II.8", "aggravated threshold", s_police_aggravated, c_police_aggravated),
    ("II.8", "computer crimes", s_computer, c_computer),
    ("II.9", "technical measures need counsel", s_technical, c_technical),
    ("III.1", "know the terrain", s_terrain, c_terrain),
    ("III.2", "internal organisation", s_org, c_org),
    ("III.3", "several angles", s_multi_angle, c_multi_angle),
    ("III.3", "baseline", lambda d: None, c_base),
]


@pytest.mark.parametrize(
    ("section", "name", "setup", "check"), SCENARIOS, ids=[f"{s[0]}-{s[1]}" for s in SCENARIOS]
)
def test_scenario(
    section: str, name: str, setup: Callable[[Doc], None], check: Callable[[Plan], None]
) -> None:
    doc = base()
    setup(doc)
    plan = plan_of(doc)
    check(plan)


def test_every_section_has_a_scenario() -> None:
    from rightsguard.playbook.rules import GUIDE_SECTIONS

    assert set(GUIDE_SECTIONS) <= {s[0] for s in SCENARIOS}
