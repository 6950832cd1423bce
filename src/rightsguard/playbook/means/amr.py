"""II.3 Complaints to market regulation (AMR)."""

from __future__ import annotations

from rightsguard.domain.enums import ActionType, PartyRole
from rightsguard.playbook import predicates as p
from rightsguard.playbook.facts import CaseFacts
from rightsguard.playbook.means.common import TITLES, Candidate, note, place, seller_kind
from rightsguard.playbook.output import Venue
from rightsguard.playbook.venues import amr_venue, province

A = ActionType


def market_regulation(facts: CaseFacts) -> list[Candidate]:
    if not p.has_cn_trademark(facts):
        return []
    out = []
    parties = [pa for pa in facts.parties if pa.role == PartyRole.PRIMARY_INFRINGER]
    for pa in parties:
        targets = facts.targets_of(pa.id)
        prov, city = place(facts, pa, targets[0] if targets else None)
        kind, platform = seller_kind(facts, targets)
        name, reason, alternatives = amr_venue(kind, province(prov), city, platform=platform)
        cand = Candidate(
            A.MARKET_REGULATION_COMPLAINT,
            f"market_regulation_complaint:{pa.id}",
            TITLES[A.MARKET_REGULATION_COMPLAINT],
            [x.id for x in targets],
            recipient=pa.id,
            venue=Venue(kind="authority", name=name, reason=reason, alternatives=alternatives),
            rule_ids=["amr.trademark", "amr.venue", "amr.identity-address", "amr.cautious-online"],
            details={"seller_kind": kind.value},
        )
        cand.notes.append(
            note(
                "amr.cautious-online",
                "监管部门对网络案件态度审慎：材料要充分。",
                "Regulators are cautious with online cases: build a full file.",
                "warn",
            )
        )
        out.append(cand)
    return out
