"""What waits for one person, by role: drafts to approve and approved actions to send
(liaison, counsel, admin; a liaison not the counsel-only types), identified targets
that no action names yet (for liaison), and deadlines of their cases due within a
few days. The page header shows the counts; the daily digest lists the items."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from rightsguard.domain.enums import ActionType
from rightsguard.store.models import (
    ActionRow,
    CaseRow,
    CaseTargetRow,
    ObservableRow,
    TargetRow,
    UserRow,
)
from rightsguard.store.read.queries import deadlines_due

#: How many of each kind a page header or a digest lists at most.
LIMIT = 100
#: Target states that still want a notice.
OPEN_TARGETS = ("confirmed", "persisting", "reappeared")
APPROVERS = ("liaison", "counsel", "admin")
LIAISONS = ("liaison", "admin")


@dataclass(frozen=True)
class Item:
    id: int
    label: str
    case_id: int
    case_title: str = ""
    due: date | None = None
    lang: str = ""
    recipient: str = ""
    created: datetime | None = None


@dataclass
class Waiting:
    to_approve: list[Item] = field(default_factory=list)
    to_send: list[Item] = field(default_factory=list)
    ready: list[Item] = field(default_factory=list)
    due: list[Item] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.to_approve) + len(self.to_send) + len(self.ready) + len(self.due)


def _action_item(row: ActionRow, title: str) -> Item:
    data = row.data or {}
    recipient = data.get("recipient") or {}
    who = ""
    if isinstance(recipient, dict):
        who = str(recipient.get("name") or recipient.get("email") or "")
    return Item(
        row.id,
        str(data.get("title") or row.type),
        row.case_id,
        title,
        lang=str(data.get("lang") or ""),
        recipient=who,
        created=row.created_at,
    )


def _actions(
    session: Session, status: str, role: str, counsel_only: Collection[ActionType]
) -> list[Item]:
    query = (
        select(ActionRow, CaseRow.title)
        .join(CaseRow, CaseRow.id == ActionRow.case_id)
        .where(ActionRow.status == status)
    )
    if role == "liaison":
        query = query.where(ActionRow.type.not_in([t.value for t in counsel_only]))
    rows = session.execute(query.order_by(ActionRow.id).limit(LIMIT))
    return [_action_item(row, title) for row, title in rows]


def _ready(session: Session) -> list[Item]:
    """Identified targets of open cases, still wanting a notice, named by no action of
    their case (the first ones by id: a bounded read however large the portfolio)."""
    identified = exists().where(ObservableRow.target_id == TargetRow.id)
    candidates = list(
        session.execute(
            select(TargetRow.id, TargetRow.url, CaseRow.id, CaseRow.title)
            .join(CaseTargetRow, CaseTargetRow.target_id == TargetRow.id)
            .join(CaseRow, CaseRow.id == CaseTargetRow.case_id)
            .where(TargetRow.status.in_(OPEN_TARGETS), CaseRow.status == "open", identified)
            .order_by(TargetRow.id)
            .limit(5 * LIMIT)
        )
    )
    named: set[int] = set()
    cases = sorted({case_id for _, _, case_id, _ in candidates})
    for start in range(0, len(cases), 500):
        for ids in session.scalars(
            select(ActionRow.target_ids).where(
                ActionRow.case_id.in_(cases[start : start + 500]),
                ActionRow.status != "cancelled",
            )
        ):
            named.update(int(i) for i in ids or ())
    out: dict[int, Item] = {}
    for target_id, url, case_id, title in candidates:
        if target_id not in named and target_id not in out:
            out[target_id] = Item(target_id, url, case_id, title)
    return list(out.values())[:LIMIT]


def _due(session: Session, username: str, today: date, days: int) -> list[Item]:
    horizon = datetime.combine(today + timedelta(days=days), time.max, tzinfo=UTC)
    return [
        Item(d.id, d.label, d.case_id, title, due=d.due.date())
        for d, title in deadlines_due(session, username, horizon, LIMIT)
    ]


def waiting_for(
    session: Session,
    username: str,
    role: str,
    *,
    counsel_only: Collection[ActionType],
    today: date,
    days: int = 7,
) -> Waiting:
    """What waits for ``username`` (of ``role``) on ``today``."""
    found = Waiting(due=_due(session, username, today, days))
    if role in APPROVERS:
        found.to_approve = _actions(session, "draft", role, counsel_only)
        found.to_send = _actions(session, "approved", role, counsel_only)
    if role in LIAISONS:
        found.ready = _ready(session)
    return found


def people(session: Session) -> list[UserRow]:
    """Active users with an e-mail address (who get reminders and the digest)."""
    return list(
        session.scalars(
            select(UserRow)
            .where(UserRow.disabled.is_(False), UserRow.email != "")
            .order_by(UserRow.username)
        )
    )
