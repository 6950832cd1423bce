"""Observables: typed facts about targets, with provenance (source, capture, detail)."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select

from rightsguard.domain.enums import ObservableKind
from rightsguard.domain.errors import NotFound
from rightsguard.domain.nouns import Observable
from rightsguard.store.db import Unit
from rightsguard.store.models import ObservableRow, TargetRow, utcnow

if TYPE_CHECKING:
    from rightsguard.store.base import Store


def sources_of_targets(
    session: Unit, target_ids: Sequence[int]
) -> Iterator[tuple[int | None, str, dict[str, Any]]]:
    """(target id, source, detail) of every observable of these targets, inside the
    caller's transaction (in batches of 500 ids)."""
    for start in range(0, len(target_ids), 500):
        chunk = list(target_ids[start : start + 500])
        for row in session.scalars(select(ObservableRow).where(ObservableRow.target_id.in_(chunk))):
            yield row.target_id, row.source, row.detail or {}


def observable_from_row(row: ObservableRow) -> Observable:
    return Observable(
        id=row.id,
        kind=ObservableKind(row.kind),
        value=row.value,
        target_id=row.target_id,
        source=row.source,
        observed_at=row.observed_at,
        capture_id=row.capture_id,
        detail=dict(row.detail or {}),
    )


class ObservableRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    def replace_for_target(
        self,
        target_id: int,
        facts: Iterable[tuple[ObservableKind, str, str, dict[str, Any]]],
        *,
        sources: Sequence[str] | None = None,
        capture_id: int | None = None,
        observed_at: datetime | None = None,
    ) -> int:
        """Replace the target's observables from ``sources`` (all when None) with ``facts``
        (kind, value, source, detail); one transaction, one event. Returns the count."""
        rows = list(facts)
        when = observed_at or utcnow()
        with self._store.transaction() as session:
            if session.get(TargetRow, target_id) is None:
                raise NotFound("target", target_id)
            query = delete(ObservableRow).where(ObservableRow.target_id == target_id)
            if sources is not None:
                query = query.where(ObservableRow.source.in_(list(sources)))
            session.execute(query)
            seen: set[tuple[str, str, str]] = set()
            added = 0
            for kind, value, source, detail in rows:
                key = (kind.value, value, source)
                if key in seen:
                    continue
                seen.add(key)
                session.add(
                    ObservableRow(
                        kind=kind.value,
                        value=value,
                        target_id=target_id,
                        capture_id=capture_id,
                        source=source,
                        observed_at=when,
                        detail=detail,
                    )
                )
                added += 1
            self._store.record(
                session,
                "observables.recorded",
                "target",
                target_id,
                after={"count": added, "sources": sorted({r[2] for r in rows})},
            )
            return added

    def list(
        self,
        *,
        target_id: int | None = None,
        kind: ObservableKind | None = None,
        value: str | None = None,
        limit: int | None = None,
    ) -> list[Observable]:
        query = select(ObservableRow).order_by(ObservableRow.id)
        if target_id is not None:
            query = query.where(ObservableRow.target_id == target_id)
        if kind is not None:
            query = query.where(ObservableRow.kind == kind.value)
        if value is not None:
            query = query.where(ObservableRow.value == value)
        if limit is not None:
            query = query.limit(limit)
        with self._store.transaction() as session:
            return [observable_from_row(r) for r in session.scalars(query)]

    def for_targets(self, target_ids: Sequence[int]) -> dict[int, builtins.list[Observable]]:
        out: dict[int, builtins.list[Observable]] = {t: [] for t in target_ids}
        ids = list(target_ids)
        with self._store.transaction() as session:
            for start in range(0, len(ids), 500):
                query = (
                    select(ObservableRow)
                    .where(ObservableRow.target_id.in_(ids[start : start + 500]))
                    .order_by(ObservableRow.id)
                )
                for row in session.scalars(query):
                    out[row.target_id].append(observable_from_row(row))  # type: ignore[index]
        return out

    def rows(self, batch: int = 5000) -> Iterator[tuple[int, str, str, dict[str, Any] | None]]:
        """(target_id, kind, value, detail) of every observable tied to a target, streamed."""
        last = 0
        while True:
            with self._store.transaction() as session:
                chunk = session.execute(
                    select(
                        ObservableRow.id,
                        ObservableRow.target_id,
                        ObservableRow.kind,
                        ObservableRow.value,
                        ObservableRow.detail,
                    )
                    .where(ObservableRow.id > last, ObservableRow.target_id.is_not(None))
                    .order_by(ObservableRow.id)
                    .limit(batch)
                ).all()
            if not chunk:
                return
            for row_id, target_id, kind, value, detail in chunk:
                last = row_id
                yield target_id, kind, value, detail

    def count(self) -> int:
        with self._store.transaction() as session:
            return int(session.scalar(select(func.count(ObservableRow.id))) or 0)
