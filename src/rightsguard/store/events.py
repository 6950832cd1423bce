"""The audit trail: read-only access to events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from rightsguard.domain.nouns import Event
from rightsguard.store.models import EventRow

if TYPE_CHECKING:
    from rightsguard.store.base import Store


def event_from_row(row: EventRow) -> Event:
    return Event(
        id=row.id,
        at=row.at,
        actor=row.actor,
        verb=row.verb,
        entity=row.entity,
        entity_id=row.entity_id,
        case_id=row.case_id,
        before=row.before,
        after=row.after,
        reason=row.reason,
    )


class EventRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    def list(
        self,
        *,
        entity: str | None = None,
        entity_id: int | None = None,
        case_id: int | None = None,
        limit: int = 100,
    ) -> list[Event]:
        query = select(EventRow).order_by(EventRow.id.desc()).limit(limit)
        if entity is not None:
            query = query.where(EventRow.entity == entity)
        if entity_id is not None:
            query = query.where(EventRow.entity_id == entity_id)
        if case_id is not None:
            query = query.where(EventRow.case_id == case_id)
        with self._store.transaction() as session:
            return [event_from_row(r) for r in session.scalars(query)]

    def count(self) -> int:
        from sqlalchemy import func

        with self._store.transaction() as session:
            return int(session.scalar(select(func.count()).select_from(EventRow)) or 0)

    def record_once(
        self,
        verb: str,
        entity: str,
        entity_id: int | None,
        *,
        reason: str,
        after: dict[str, Any] | None = None,
    ) -> bool:
        """Record the event unless one with this verb and reason is already there, in
        one transaction; True when it was recorded now."""
        with self._store.transaction() as session:
            seen = session.scalar(
                select(EventRow.id).where(EventRow.verb == verb, EventRow.reason == reason)
            )
            if seen is None:
                self._store.record(session, verb, entity, entity_id, reason=reason, after=after)
            return seen is None
