"""The case page's reads, all in one read transaction: one consistent view of the
case, read with column selects (no ORM objects, no event or document JSON)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from rightsguard.store.case_snapshot import snapshot_in
from rightsguard.store.models import DeadlineRow, EventRow
from rightsguard.store.read.queries import usernames

#: The newest events shown on the page; the audit trail, filtered by case, has all.
TIMELINE = 50
#: Targets and actions listed on the page; the targets page, filtered by case, has all.
LISTED = 200


@dataclass(frozen=True)
class CaseView:
    snapshot: dict[str, Any]  # store.case_snapshot: what the plan is made from
    timeline: list[Row[Any]]
    actions: list[dict[str, Any]]
    deadlines: list[Row[Any]]
    users: list[str]


def read_case(session: Session, case_id: int) -> CaseView:
    """Everything the case page shows; NotFound for an unknown case."""
    snapshot = snapshot_in(session, case_id)
    timeline = list(
        session.execute(
            select(
                EventRow.at,
                EventRow.verb,
                EventRow.entity,
                EventRow.entity_id,
                EventRow.actor,
                EventRow.reason,
            )
            .where(EventRow.case_id == case_id)
            .order_by(EventRow.id.desc())
            .limit(TIMELINE)
        )
    )
    # The snapshot holds every action of the case, oldest first; the page lists the
    # newest.
    actions = list(reversed(snapshot["actions"]))[:LISTED]
    deadlines = list(
        session.execute(
            select(DeadlineRow.due, DeadlineRow.label, DeadlineRow.consequence, DeadlineRow.done)
            .where(DeadlineRow.case_id == case_id)
            .order_by(DeadlineRow.due)
        )
    )
    return CaseView(snapshot, timeline, actions, deadlines, usernames(session))
