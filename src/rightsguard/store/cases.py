"""Cases: rights, targets, goals and, later, parties and actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from rightsguard.domain.enums import CaseStatus, Goal
from rightsguard.domain.errors import InvalidValue, NotFound
from rightsguard.domain.nouns import Case
from rightsguard.store.models import CaseRightRow, CaseRow, CaseTargetRow, RightRow, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rightsguard.store.base import Store


def parse_goals(goals: list[str] | tuple[str, ...]) -> tuple[Goal, ...]:
    out: list[Goal] = []
    for goal in goals:
        try:
            out.append(Goal(goal))
        except ValueError:
            raise InvalidValue(
                "goal", f"{goal!r} is not one of {', '.join(g.value for g in Goal)}"
            ) from None
    return tuple(dict.fromkeys(out))


def _case(session: Session, row: CaseRow) -> Case:
    return case_noun(row, right_ids_of(session, row.id))


def right_ids_of(session: Session, case_id: int) -> tuple[int, ...]:
    return tuple(
        session.scalars(
            select(CaseRightRow.right_id)
            .where(CaseRightRow.case_id == case_id)
            .order_by(CaseRightRow.right_id)
        )
    )


def case_noun(row: Any, right_ids: tuple[int, ...]) -> Case:
    """The case of a ``cases`` row (an ORM row or a column select of the same names)."""
    return Case(
        id=row.id,
        title=row.title,
        status=CaseStatus(row.status),
        goals=tuple(Goal(g) for g in row.goals),
        right_ids=right_ids,
        assignee=row.assignee,
        notes=row.notes,
        created_at=row.created_at,
        closed_at=row.closed_at,
    )


def _snapshot(case: Case) -> dict[str, Any]:
    return {
        "title": case.title,
        "status": case.status.value,
        "goals": [g.value for g in case.goals],
        "right_ids": list(case.right_ids),
        "assignee": case.assignee,
    }


class CaseRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    def new(
        self,
        title: str,
        *,
        right_ids: tuple[int, ...] = (),
        goals: tuple[Goal, ...] = (),
        assignee: str | None = None,
        notes: str = "",
    ) -> Case:
        title = title.strip()
        if not title:
            raise InvalidValue("title", "is empty")
        with self._store.transaction() as session:
            for right_id in right_ids:
                if session.get(RightRow, right_id) is None:
                    raise NotFound("right", right_id)
            row = CaseRow(
                title=title,
                status=CaseStatus.OPEN.value,
                goals=[g.value for g in goals],
                assignee=assignee,
                notes=notes,
            )
            session.add(row)
            session.flush()
            for right_id in dict.fromkeys(right_ids):
                session.add(CaseRightRow(case_id=row.id, right_id=right_id))
            session.flush()
            case = _case(session, row)
            self._store.record(
                session, "case.opened", "case", row.id, case_id=row.id, after=_snapshot(case)
            )
            return case

    def get(self, case_id: int) -> Case:
        with self._store.transaction() as session:
            row = session.get(CaseRow, case_id)
            if row is None:
                raise NotFound("case", case_id)
            return _case(session, row)

    def require(self, session: Session, case_id: int) -> CaseRow:
        row = session.get(CaseRow, case_id)
        if row is None:
            raise NotFound("case", case_id)
        return row

    def list(self, status: CaseStatus | None = None) -> list[tuple[Case, int]]:
        """Cases with their number of targets."""
        counts = (
            select(CaseTargetRow.case_id, func.count().label("n"))
            .group_by(CaseTargetRow.case_id)
            .subquery()
        )
        query = (
            select(CaseRow, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.case_id == CaseRow.id)
            .order_by(CaseRow.id)
        )
        if status is not None:
            query = query.where(CaseRow.status == status.value)
        with self._store.transaction() as session:
            return [(_case(session, row), int(n)) for row, n in session.execute(query)]

    def close(self, case_id: int, reason: str) -> Case:
        reason = reason.strip()
        if not reason:
            raise InvalidValue("reason", "say why the case is closed")
        with self._store.transaction() as session:
            row = self.require(session, case_id)
            if row.status == CaseStatus.CLOSED.value:
                raise InvalidValue("case", f"case {case_id} is already closed")
            before = _snapshot(_case(session, row))
            row.status = CaseStatus.CLOSED.value
            row.closed_at = utcnow()
            session.flush()
            case = _case(session, row)
            self._store.record(
                session,
                "case.closed",
                "case",
                case_id,
                case_id=case_id,
                before=before,
                after=_snapshot(case),
                reason=reason,
            )
            return case

    def assign(self, case_id: int, assignee: str | None) -> Case:
        """Give the case to a person (None: to no one); their work queue shows it."""
        assignee = (assignee or "").strip() or None
        with self._store.transaction() as session:
            row = self.require(session, case_id)
            before = _snapshot(_case(session, row))
            row.assignee = assignee
            session.flush()
            case = _case(session, row)
            self._store.record(
                session,
                "case.assigned",
                "case",
                case_id,
                case_id=case_id,
                before=before,
                after=_snapshot(case),
            )
            return case
