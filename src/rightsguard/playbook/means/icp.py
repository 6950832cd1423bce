"""II.4 Complaints to the communications administration about ICP filings."""

from __future__ import annotations

from rightsguard.domain.enums import ActionType
from rightsguard.playbook.facts import BAD_ICP, CaseFacts
from rightsguard.playbook.gates import icp_venue
from rightsguard.playbook.means.common import TITLES, Candidate
from rightsguard.playbook.output import Venue
from rightsguard.playbook.venues import communications_administration, province

A = ActionType


def icp_complaints(facts: CaseFacts) -> list[Candidate]:
    out = []
    for x in facts.targets:
        if x.icp.status not in BAD_ICP:
            continue
        venue = icp_venue(x, facts.party_of(x.id))
        v = None
        if venue is not None:
            prov = province(venue[0])
            assert prov is not None
            v = Venue(
                kind="authority",
                name=communications_administration(prov),
                ref=prov.key,
                reason=venue[1],
            )
        out.append(
            Candidate(
                A.ICP_COMPLAINT,
                f"icp_complaint:{x.id}",
                TITLES[A.ICP_COMPLAINT],
                [x.id],
                venue=v,
                rule_ids=["icp.bad-filing", "icp.venue"],
                details={"icp_status": x.icp.status.value, "icp_number": x.icp.number},
            )
        )
    return out
