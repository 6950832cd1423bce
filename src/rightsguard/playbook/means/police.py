"""II.8 Police reports, shown for counsel to weigh."""

from __future__ import annotations

from rightsguard.domain.enums import ActionType
from rightsguard.playbook.facts import CaseFacts
from rightsguard.playbook.gates import Check
from rightsguard.playbook.means.common import TITLES, Candidate
from rightsguard.playbook.output import Venue
from rightsguard.playbook.text import t

A = ActionType


def police_reports(facts: CaseFacts, indicators: int) -> list[Candidate]:
    if not indicators:
        return []
    return [
        Candidate(
            A.POLICE_REPORT,
            "police_report",
            TITLES[A.POLICE_REPORT],
            [x.id for x in facts.targets],
            venue=Venue(
                kind="police",
                name=t(
                    "侵权人所在地或犯罪地公安机关",
                    "public security organ where the infringer is or the offence occurred",
                ),
            ),
            rule_ids=["police.serious-only"],
            requires_counsel=True,
            extra=[
                Check(
                    id="counsel-review",
                    rule_id="police.serious-only",
                    met=False,
                    blocking=False,
                    text=t("律师已评估刑事指标", "counsel has weighed the criminal indicators"),
                    remedy=t("请律师评估是否报案", "ask counsel whether to report"),
                )
            ],
        )
    ]
