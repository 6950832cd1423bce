"""Actions in the store: drafts, approvals, dispatch and outcomes, with events."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from rightsguard.domain.enums import ActionStatus, ActionType
from rightsguard.domain.errors import NotFound
from rightsguard.domain.lifecycle import check_action_transition
from rightsguard.domain.nouns import Action
from rightsguard.store.models import ActionRow, EventRow, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rightsguard.store.base import Store


def action_from_row(row: ActionRow) -> Action:
    return Action(
        id=row.id,
        case_id=row.case_id,
        type=ActionType(row.type),
        status=ActionStatus(row.status),
        target_ids=tuple(row.target_ids),
        party_id=row.party_id,
        provider_id=row.provider_id,
        created_at=row.created_at,
        sent_at=row.sent_at,
    )


class ActionRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    def create(
        self,
        session: Session,
        case_id: int,
        action_type: ActionType,
        target_ids: list[int],
        data: dict[str, Any],
    ) -> ActionRow:
        row = ActionRow(
            case_id=case_id,
            type=action_type.value,
            status=ActionStatus.DRAFT.value,
            target_ids=target_ids,
            data=data,
        )
        session.add(row)
        session.flush()
        self._store.record(
            session,
            "action.drafted",
            "action",
            row.id,
            case_id=case_id,
            after={"type": action_type.value, "kind": data.get("kind"), "targets": target_ids},
        )
        return row

    def get(self, action_id: int) -> tuple[Action, dict[str, Any]]:
        with self._store.transaction() as session:
            row = session.get(ActionRow, action_id)
            if row is None:
                raise NotFound("action", action_id)
            return action_from_row(row), dict(row.data)

    def drafted_by(self, action_id: int) -> str | None:
        """Who drafted the action: the actor of its ``action.drafted`` event."""
        with self._store.transaction() as session:
            return session.scalar(
                select(EventRow.actor).where(
                    EventRow.verb == "action.drafted",
                    EventRow.entity == "action",
                    EventRow.entity_id == action_id,
                )
            )

    def list(self, case_id: int | None = None) -> list[tuple[Action, dict[str, Any]]]:
        query = select(ActionRow).order_by(ActionRow.id)
        if case_id is not None:
            query = query.where(ActionRow.case_id == case_id)
        with self._store.transaction() as session:
            return [(action_from_row(r), dict(r.data)) for r in session.scalars(query)]

    def change(
        self,
        action_id: int,
        verb: str,
        mutate: Callable[[ActionRow, dict[str, Any]], None],
        *,
        status: ActionStatus | None = None,
        reason: str | None = None,
    ) -> tuple[Action, dict[str, Any]]:
        """Apply ``mutate`` to the row and its data (and a status change) in one
        transaction, with an event recording before and after. The row is locked for
        the transaction (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's writers take
        the database's write lock at BEGIN), so two changes of one action never both
        act on what they read: the second sees the first's result."""
        with self._store.transaction() as session:
            row = session.get(ActionRow, action_id, with_for_update=True)
            if row is None:
                raise NotFound("action", action_id)
            before = {"status": row.status}
            if status is not None:
                check_action_transition(ActionStatus(row.status), status)
                row.status = status.value
                if status is ActionStatus.SENT:
                    row.sent_at = utcnow()
            data = copy.deepcopy(row.data)
            mutate(row, data)
            row.data = data
            flag_modified(row, "data")
            session.flush()
            self._store.record(
                session,
                verb,
                "action",
                row.id,
                case_id=row.case_id,
                before=before,
                after={"status": row.status},
                reason=reason,
            )
            return action_from_row(row), data
