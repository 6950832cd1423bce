"""II.1 Cease-and-desist letters to the infringer."""

from __future__ import annotations

from rightsguard.domain.enums import ActionType, PartyRole
from rightsguard.playbook import predicates as p
from rightsguard.playbook.clocks import Basis, add_days, make_clock
from rightsguard.playbook.facts import CaseFacts
from rightsguard.playbook.means.common import TITLES, Candidate, note
from rightsguard.playbook.output import Venue
from rightsguard.playbook.text import t

A = ActionType


def cease_and_desist(facts: CaseFacts) -> list[Candidate]:
    out = []
    today = facts.today
    for party in facts.parties:
        targets = [x.id for x in facts.targets_of(party.id)]
        if party.role in (PartyRole.INTERMEDIARY,):
            continue
        cand = Candidate(
            A.CEASE_AND_DESIST,
            f"cease_and_desist:{party.id}",
            TITLES[A.CEASE_AND_DESIST],
            targets,
            recipient=party.id,
            venue=Venue(
                kind="party",
                name=t(party.name or f"当事人{party.id}", party.name or f"party {party.id}"),
                ref=party.id,
            ),
            rule_ids=["cd.identity-address", "cd.primary-only", "cd.alerts-infringer"],
        )
        if party.role != PartyRole.PRIMARY_INFRINGER and party.role != PartyRole.UNKNOWN:
            cand.alternative = t(
                "改为向主要侵权人发函，或向平台通知",
                "write to the main infringer instead, or notify the platform",
            )
            out.append(cand)
            continue
        cand.clocks.append(
            make_clock(
                id=f"cd.follow-up:{party.id}",
                label=t("复查侵权是否停止", "check whether it stopped"),
                start=today,
                due=add_days(today, facts.settings.follow_up_days),
                rule_id="cd.follow-up",
                basis=Basis.CN_DAYS,
                today=today,
                projected=True,
                consequence=t(
                    "仍在侵权则认定为故意并升级（诉讼、行政投诉）",
                    "if it continues, treat it as wilful and escalate (suit, complaints)",
                ),
            )
        )
        cand.notes.append(
            note(
                "cd.non-infringement-declaration",
                "发函后对方可书面催告起诉；专利：收到催告1个月内或催告发出2个月内须撤回或起诉。",
                "After the letter the recipient may demand a suit; patents: withdraw or sue within "
                "1 month of receiving that demand or 2 months of its dispatch.",
            )
        )
        if p.minor(facts):
            cand.bonus += 1.0
            cand.rule_ids.append("cd.minor-cheap")
        if p.serious(facts):
            cand.bonus -= 1.5
            cand.rule_ids.append("cd.not-precondition")
            cand.notes.append(
                note(
                    "cd.not-precondition",
                    "发函不是前置程序：本案可直接起诉或投诉。",
                    "A letter is not required first: this case can go straight to court or "
                    "a regulator.",
                )
            )
        if any(
            h.type == A.CEASE_AND_DESIST and h.recipient_party_id == party.id for h in facts.history
        ):
            cand.bonus -= 4.0
            cand.notes.append(
                note(
                    "cd.follow-up",
                    "已发过警告函：不宜重复发函。",
                    "A letter was already sent: do not repeat it.",
                    "warn",
                )
            )
        out.append(cand)
    return out
