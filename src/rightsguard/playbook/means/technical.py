"""II.9 Technical measures, which always need counsel's approval."""

from __future__ import annotations

from rightsguard.domain.enums import ActionType
from rightsguard.playbook import predicates as p
from rightsguard.playbook.facts import CaseFacts
from rightsguard.playbook.means.common import TITLES, Candidate, note
from rightsguard.playbook.output import Venue
from rightsguard.playbook.text import t

A = ActionType


def technical_measures(facts: CaseFacts) -> list[Candidate]:
    if not p.wants_block(facts):
        return []
    return [
        Candidate(
            A.TECHNICAL_MEASURE,
            "technical_measure",
            TITLES[A.TECHNICAL_MEASURE],
            [x.id for x in facts.targets],
            venue=Venue(
                kind="vendor", name=t("专业技术服务商", "a professional technology vendor")
            ),
            rule_ids=["tech.counsel-approval", "tech.vendor"],
            requires_counsel=True,
            notes=[
                note(
                    "tech.counsel-approval",
                    "有法律风险：须律师书面批准且手段本身合法。",
                    "Legal risk: counsel's written approval, and the means must be lawful.",
                    "warn",
                )
            ],
        )
    ]
