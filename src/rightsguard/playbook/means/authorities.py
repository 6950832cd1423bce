"""II.5 Complaints to other competent authorities (labels, CCC, licences)."""

from __future__ import annotations

from rightsguard.domain.enums import ActionType
from rightsguard.playbook.facts import Breach, CaseFacts
from rightsguard.playbook.means.common import TITLES, Candidate, note, place, seller_kind
from rightsguard.playbook.output import Venue
from rightsguard.playbook.text import t
from rightsguard.playbook.venues import amr_venue, province

A = ActionType


_BREACH_RULE = {
    Breach.LABELS_NOT_CHINESE: "other.labels-not-chinese",
    Breach.NO_CCC: "other.no-ccc",
    Breach.NO_LICENCE: "other.no-licence",
}


def other_authorities(facts: CaseFacts) -> list[Candidate]:
    out = []
    for x in facts.targets:
        for b in x.breaches:
            party = facts.party_of(x.id)
            prov, city = place(facts, party, x)
            if b == Breach.NO_LICENCE:
                venue = Venue(
                    kind="authority",
                    name=t("核发该许可的主管部门", "the authority that issues the licence"),
                )
            else:
                kind, platform = seller_kind(facts, [x])
                name, reason, alternatives = amr_venue(
                    kind, province(prov), city, platform=platform
                )
                venue = Venue(kind="authority", name=name, reason=reason, alternatives=alternatives)
            cand = Candidate(
                A.OTHER_AUTHORITY_COMPLAINT,
                f"other_authority_complaint:{x.id}:{b.value}",
                TITLES[A.OTHER_AUTHORITY_COMPLAINT],
                [x.id],
                recipient=party.id if party else None,
                venue=venue,
                rule_ids=["other.indirect-route", _BREACH_RULE[b]],
                details={"breach": b.value},
            )
            if b != Breach.LABELS_NOT_CHINESE:
                cand.notes.append(
                    note(
                        _BREACH_RULE[b],
                        "法律依据未经核实：请律师确认。",
                        "Legal basis unverified: counsel to confirm.",
                        "warn",
                    )
                )
            out.append(cand)
    return out
