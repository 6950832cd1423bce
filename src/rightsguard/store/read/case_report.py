"""What a case report lists: the case, its rights, targets, actions, timeline and
deadlines, read in the caller's transaction (the figures are ``metrics.figures``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rightsguard.store.models import (
    ActionRow,
    CaseRightRow,
    CaseRow,
    CaseTargetRow,
    DeadlineRow,
    EventRow,
    RightRow,
    TargetRow,
)
from rightsguard.store.read.metrics import require_case

#: Targets listed in a report (``target_total`` says how many there are).
MAX_TARGETS = 2000
#: The newest events of the timeline a report shows, oldest first.
MAX_EVENTS = 1000


@dataclass(frozen=True)
class CaseRecord:
    case: CaseRow
    rights: list[RightRow]
    targets: list[TargetRow]
    target_total: int
    actions: list[ActionRow]
    events: list[EventRow]
    deadlines: list[DeadlineRow]


def read_case_record(session: Session, case_id: int) -> CaseRecord:
    """Everything a case report lists; NotFound for an unknown case."""
    case = require_case(session, case_id)
    rights = list(
        session.scalars(
            select(RightRow)
            .join(CaseRightRow, CaseRightRow.right_id == RightRow.id)
            .where(CaseRightRow.case_id == case_id)
            .order_by(RightRow.id)
        )
    )
    in_case = select(CaseTargetRow.target_id).where(CaseTargetRow.case_id == case_id)
    target_total = int(session.scalar(select(func.count()).select_from(in_case.subquery())) or 0)
    targets = list(
        session.scalars(
            select(TargetRow)
            .where(TargetRow.id.in_(in_case))
            .order_by(TargetRow.id)
            .limit(MAX_TARGETS)
        )
    )
    actions = list(
        session.scalars(
            select(ActionRow).where(ActionRow.case_id == case_id).order_by(ActionRow.id)
        )
    )
    events = list(
        session.scalars(
            select(EventRow)
            .where(EventRow.case_id == case_id)
            .order_by(EventRow.id.desc())
            .limit(MAX_EVENTS)
        )
    )[::-1]
    deadlines = list(
        session.scalars(
            select(DeadlineRow).where(DeadlineRow.case_id == case_id).order_by(DeadlineRow.due)
        )
    )
    return CaseRecord(case, rights, targets, target_total, actions, events, deadlines)
