"""Saved filters of the list pages, per user: a name and the list's query string
(only the list's own filter fields are kept, so a saved filter is never more than
what the filter form could ask)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import delete, select

from rightsguard.domain.errors import InvalidValue, NotFound
from rightsguard.store.models import SavedFilterRow

if TYPE_CHECKING:
    from rightsguard.store.base import Store

#: the lists that keep filters, and the fields of each one's filter form
FIELDS: dict[str, tuple[str, ...]] = {
    "targets": ("status", "q", "case_id"),
    "actions": ("status",),
}
MAX_NAME = 100


@dataclass(frozen=True)
class SavedFilter:
    id: int
    list: str
    name: str
    query: str

    @property
    def href(self) -> str:
        return f"/{self.list}?{self.query}" if self.query else f"/{self.list}"


def _query(list_name: str, query: str) -> str:
    if list_name not in FIELDS:
        raise InvalidValue("list", f"{list_name!r}: one of {', '.join(FIELDS)}")
    kept = [(k, v) for k, v in parse_qsl(query) if k in FIELDS[list_name] and v]
    return urlencode(kept)


def save_filter(store: Store, username: str, list_name: str, name: str, query: str) -> SavedFilter:
    """Keep (or replace, by name) a filter of ``list_name`` for ``username``."""
    clean = _query(list_name, query)
    label = name.strip()
    if not label or len(label) > MAX_NAME:
        raise InvalidValue("name", f"a filter needs a name of 1 to {MAX_NAME} characters")
    with store.transaction() as session:
        row = session.scalar(
            select(SavedFilterRow).where(
                SavedFilterRow.username == username,
                SavedFilterRow.list == list_name,
                SavedFilterRow.name == label,
            )
        )
        if row is None:
            row = SavedFilterRow(username=username, list=list_name, name=label, query=clean)
            session.add(row)
        else:
            row.query = clean
        session.flush()
        return SavedFilter(row.id, row.list, row.name, row.query)


def list_filters(store: Store, username: str, list_name: str) -> list[SavedFilter]:
    with store.transaction() as session:
        rows = session.scalars(
            select(SavedFilterRow)
            .where(SavedFilterRow.username == username, SavedFilterRow.list == list_name)
            .order_by(SavedFilterRow.name)
        )
        return [SavedFilter(r.id, r.list, r.name, r.query) for r in rows]


def delete_filter(store: Store, username: str, filter_id: int) -> str:
    """Drop one of ``username``'s filters; returns its list. Another user's is not found."""
    with store.transaction() as session:
        row = session.get(SavedFilterRow, filter_id)
        if row is None or row.username != username:
            raise NotFound("saved filter", filter_id)
        list_name = row.list
        session.execute(delete(SavedFilterRow).where(SavedFilterRow.id == filter_id))
        return list_name
