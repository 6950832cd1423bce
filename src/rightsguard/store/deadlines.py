"""Deadlines on a case: the playbook's running clocks and the follow-ups of actions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from rightsguard.domain.nouns import Deadline
from rightsguard.store.db import Unit
from rightsguard.store.models import DeadlineRow

if TYPE_CHECKING:
    from rightsguard.store.base import Store


@dataclass(frozen=True)
class ClockDue:
    """A clock as the store keeps it: what, by when, under which rule, and then what."""

    label: str
    due: date
    rule_id: str
    consequence: str


def _noun(row: DeadlineRow) -> Deadline:
    return Deadline(
        row.id,
        row.case_id,
        row.label,
        row.due,
        row.rule_id,
        row.action_id,
        row.consequence,
        row.done,
    )


class DeadlineRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    def sync_clocks(self, case_id: int, clocks: Iterable[ClockDue]) -> int:
        """Store the plan's running clocks on the case: new ones added, moved ones
        updated (with an event); returns how many changed."""
        changed = 0
        with self._store.transaction() as session:
            self._store.cases.require(session, case_id)
            existing = {
                (r.rule_id, r.label): r
                for r in session.scalars(
                    select(DeadlineRow).where(
                        DeadlineRow.case_id == case_id, DeadlineRow.action_id.is_(None)
                    )
                )
            }
            for clock in clocks:
                due = datetime.combine(clock.due, datetime.min.time(), UTC)
                row = existing.get((clock.rule_id, clock.label))
                if row is not None and row.due == due:
                    continue
                before = {"due": row.due.date().isoformat()} if row is not None else None
                if row is None:
                    row = DeadlineRow(
                        case_id=case_id,
                        label=clock.label,
                        due=due,
                        rule_id=clock.rule_id,
                        consequence=clock.consequence,
                    )
                    session.add(row)
                else:
                    row.due = due
                session.flush()
                self._store.record(
                    session,
                    "deadline.set",
                    "deadline",
                    row.id,
                    case_id=case_id,
                    before=before,
                    after={
                        "label": clock.label,
                        "due": clock.due.isoformat(),
                        "rule_id": clock.rule_id,
                    },
                )
                changed += 1
        return changed

    @staticmethod
    def add_in(
        session: Unit,
        *,
        case_id: int,
        action_id: int | None,
        label: str,
        due: datetime,
        rule_id: str,
        consequence: str,
    ) -> None:
        """A deadline written inside the caller's transaction (an action's follow-up is
        added in the one that records its sending)."""
        session.add(
            DeadlineRow(
                case_id=case_id,
                action_id=action_id,
                label=label,
                due=due,
                rule_id=rule_id,
                consequence=consequence,
            )
        )

    def list(self, case_id: int) -> list[Deadline]:
        with self._store.transaction() as session:
            rows = session.scalars(
                select(DeadlineRow).where(DeadlineRow.case_id == case_id).order_by(DeadlineRow.due)
            )
            return [_noun(r) for r in rows]
