"""Read models of the workbench: paged lists and work queues, each one SQL query.

Pages never load a whole table: every list is a page of rows (LIMIT/OFFSET over
an indexed order) plus the counts the page shows, so that a workspace with
100,000 targets and 500,000 events answers as fast as a small one.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from rightsguard.domain.enums import ActionType
from rightsguard.store.models import (
    ActionRow,
    CaseRow,
    CaseTargetRow,
    DeadlineRow,
    EventRow,
    UserRow,
    utcnow,
)

PAGE = 50


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    total: int
    offset: int
    limit: int

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < self.total

    @property
    def has_previous(self) -> bool:
        return self.offset > 0

    @property
    def next_offset(self) -> int:
        return self.offset + self.limit

    @property
    def previous_offset(self) -> int:
        return max(0, self.offset - self.limit)


def like(text: str) -> str:
    """A LIKE pattern that matches ``text`` literally anywhere (bound, never spliced)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def case_page(
    session: Session,
    *,
    status: str | None = None,
    assignee: str | None = None,
    q: str | None = None,
    offset: int = 0,
    limit: int = PAGE,
) -> Page:
    """Cases, newest first, with each one's number of targets and open actions."""
    where = []
    if status:
        where.append(CaseRow.status == status)
    if assignee:
        where.append(CaseRow.assignee == assignee)
    if q:
        where.append(CaseRow.title.like(like(q), escape="\\"))
    total = int(session.scalar(select(func.count()).select_from(CaseRow).where(*where)) or 0)
    rows = list(
        session.execute(
            select(CaseRow.id, CaseRow.title, CaseRow.status, CaseRow.assignee, CaseRow.created_at)
            .where(*where)
            .order_by(CaseRow.id.desc())
            .offset(offset)
            .limit(limit)
        )
    )
    ids = [r.id for r in rows]
    targets = dict(
        session.execute(
            select(CaseTargetRow.case_id, func.count())
            .where(CaseTargetRow.case_id.in_(ids))
            .group_by(CaseTargetRow.case_id)
        ).all()
    )
    actions = dict(
        session.execute(
            select(ActionRow.case_id, func.count())
            .where(ActionRow.case_id.in_(ids), ActionRow.status.in_(("draft", "approved")))
            .group_by(ActionRow.case_id)
        ).all()
    )
    out = [
        {
            "id": r.id,
            "title": r.title,
            "status": r.status,
            "assignee": r.assignee,
            "created_at": r.created_at,
            "targets": int(targets.get(r.id, 0)),
            "open_actions": int(actions.get(r.id, 0)),
        }
        for r in rows
    ]
    return Page(out, total, offset, limit)


def event_page(
    session: Session,
    *,
    actor: str | None = None,
    verb: str | None = None,
    entity: str | None = None,
    case_id: int | None = None,
    offset: int = 0,
    limit: int = PAGE,
) -> Page:
    """The audit trail, newest first, filtered by who, what, on what or which case."""
    where = []
    if actor:
        where.append(EventRow.actor.like(like(actor), escape="\\"))
    if verb:
        where.append(EventRow.verb.like(like(verb), escape="\\"))
    if entity:
        where.append(EventRow.entity == entity)
    if case_id is not None:
        where.append(EventRow.case_id == case_id)
    # Counting half a million events on every page view is the slow part: count
    # at most one page past the end the user can reach by paging.
    counted = select(EventRow.id).where(*where).limit(offset + 10 * limit + 1).subquery()
    total = int(session.scalar(select(func.count()).select_from(counted)) or 0)
    rows = list(
        session.scalars(
            select(EventRow).where(*where).order_by(EventRow.id.desc()).offset(offset).limit(limit)
        )
    )
    return Page(rows, total, offset, limit)


def action_page(
    session: Session,
    *,
    status: str | None = None,
    case_id: int | None = None,
    offset: int = 0,
    limit: int = PAGE,
) -> Page:
    where = []
    if status:
        where.append(ActionRow.status == status)
    if case_id is not None:
        where.append(ActionRow.case_id == case_id)
    total = int(session.scalar(select(func.count()).select_from(ActionRow).where(*where)) or 0)
    rows = list(
        session.scalars(
            select(ActionRow)
            .where(*where)
            .order_by(ActionRow.id.desc())
            .offset(offset)
            .limit(limit)
        )
    )
    return Page(rows, total, offset, limit)


@dataclass(frozen=True)
class Queue:
    assigned: list[CaseRow]
    to_approve: list[ActionRow]
    to_send: list[ActionRow]
    due: list[tuple[DeadlineRow, str]]


def work_queue(
    session: Session,
    username: str,
    role: str,
    *,
    counsel_only: Collection[ActionType],
    days: int = 14,
) -> Queue:
    """One person's items: their open cases, what their role must approve or send (a
    liaison not the ``counsel_only`` types), and the deadlines of their cases falling
    due within ``days``."""
    assigned = list(
        session.scalars(
            select(CaseRow)
            .where(CaseRow.assignee == username, CaseRow.status == "open")
            .order_by(CaseRow.id.desc())
            .limit(200)
        )
    )
    to_approve: list[ActionRow] = []
    if role in ("counsel", "admin", "liaison"):
        drafts = select(ActionRow).where(ActionRow.status == "draft")
        if role == "liaison":
            drafts = drafts.where(ActionRow.type.not_in([t.value for t in counsel_only]))
        to_approve = list(session.scalars(drafts.order_by(ActionRow.id).limit(200)))
    to_send: list[ActionRow] = []
    if role in ("counsel", "admin", "liaison"):
        to_send = list(
            session.scalars(
                select(ActionRow)
                .where(ActionRow.status == "approved")
                .order_by(ActionRow.id)
                .limit(200)
            )
        )
    due = deadlines_due(session, username, utcnow() + timedelta(days=days))
    return Queue(assigned, to_approve, to_send, due)


def deadlines_due(
    session: Session, username: str, horizon: datetime, limit: int = 200
) -> list[tuple[DeadlineRow, str]]:
    """Open deadlines (with their case's title) due by ``horizon`` in the open cases
    assigned to ``username`` or to nobody, soonest first."""
    mine = or_(CaseRow.assignee == username, CaseRow.assignee.is_(None))
    rows = session.execute(
        select(DeadlineRow, CaseRow.title)
        .join(CaseRow, CaseRow.id == DeadlineRow.case_id)
        .where(
            DeadlineRow.done.is_(False),
            DeadlineRow.due <= horizon,
            CaseRow.status == "open",
            mine,
        )
        .order_by(DeadlineRow.due, DeadlineRow.id)
        .limit(limit)
    )
    return [(d, title) for d, title in rows]


def usernames(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(UserRow.username).where(UserRow.disabled.is_(False)).order_by(UserRow.username)
        )
    )
