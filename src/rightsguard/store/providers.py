"""Providers: intermediaries and authorities that can act, unique by key."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from rightsguard.domain.enums import ProviderKind
from rightsguard.domain.errors import NotFound
from rightsguard.domain.nouns import Provider
from rightsguard.store.models import ProviderRow

if TYPE_CHECKING:
    from rightsguard.store.base import Store


def provider_from_row(row: ProviderRow) -> Provider:
    return Provider(
        id=row.id,
        key=row.key,
        name=row.name,
        kind=ProviderKind(row.kind),
        channels=dict(row.channels or {}),
    )


class ProviderRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    def upsert(
        self, entries: Iterable[tuple[str, str, ProviderKind, dict[str, Any]]]
    ) -> list[Provider]:
        """Insert or update providers (key, name, kind, channels) in one transaction."""
        out = []
        with self._store.transaction() as session:
            items = list(entries)
            keys = [e[0] for e in items]
            existing = {
                r.key: r
                for r in session.scalars(select(ProviderRow).where(ProviderRow.key.in_(keys)))
            }
            for key, name, kind, channels in items:
                row = existing.get(key)
                if row is None:
                    row = ProviderRow(key=key, name=name, kind=kind.value, channels=channels)
                    session.add(row)
                    session.flush()
                    existing[key] = row
                    self._store.record(
                        session,
                        "provider.created",
                        "provider",
                        row.id,
                        after={"key": key, "name": name, "kind": kind.value},
                    )
                elif (row.name, row.kind, row.channels) != (name, kind.value, channels):
                    before = {"name": row.name, "kind": row.kind}
                    row.name, row.kind, row.channels = name, kind.value, channels
                    self._store.record(
                        session,
                        "provider.updated",
                        "provider",
                        row.id,
                        before=before,
                        after={"name": name, "kind": kind.value},
                    )
                out.append(provider_from_row(row))
        return out

    def get(self, key: str) -> Provider:
        with self._store.transaction() as session:
            row = session.scalar(select(ProviderRow).where(ProviderRow.key == key))
            if row is None:
                raise NotFound("provider", key)
            return provider_from_row(row)

    def list(self, kind: ProviderKind | None = None) -> list[Provider]:
        query = select(ProviderRow).order_by(ProviderRow.key)
        if kind is not None:
            query = query.where(ProviderRow.kind == kind.value)
        with self._store.transaction() as session:
            return [provider_from_row(r) for r in session.scalars(query)]
