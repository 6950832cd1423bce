"""The rows of evidence added by hand (``evidence_items``): adding one inside the
caller's transaction (its ledger leaf is written in the same one), the items still
awaiting a timestamp, their stamping, and the reads."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from rightsguard.domain.errors import NotFound
from rightsguard.store.db import Unit
from rightsguard.store.models import EvidenceItemRow

if TYPE_CHECKING:
    from rightsguard.store.base import Store


@dataclass(frozen=True)
class EvidenceItem:
    id: int
    case_id: int
    kind: str
    name: str
    sha256: str
    size: int
    media_type: str
    note: str
    added_at: datetime
    added_by: str
    status: str
    tsa_time: datetime | None
    tsa_error: str | None
    ledger_idx: int | None

    @property
    def ref(self) -> str:
        return f"evidence:{self.id}"


def item_from_row(row: EvidenceItemRow) -> EvidenceItem:
    """The item as the steps see it: every field of ``EvidenceItem`` read off its row."""
    return EvidenceItem(**{f.name: getattr(row, f.name) for f in fields(EvidenceItem)})


class EvidenceItemRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    def insert(
        self,
        session: Unit,
        *,
        case_id: int,
        kind: str,
        name: str,
        sha256: str,
        size: int,
        media_type: str,
        note: str,
        tsa_token: bytes | None,
        tsa_time: datetime | None,
        tsa_error: str | None,
    ) -> EvidenceItemRow:
        """Add an item inside the caller's transaction (complete when it has a token);
        the row is flushed, so it has its id."""
        row = EvidenceItemRow(
            case_id=case_id,
            kind=kind,
            name=name,
            sha256=sha256,
            size=size,
            media_type=media_type,
            note=note,
            added_by=self._store.actor,
            status="complete" if tsa_token else "awaiting_timestamp",
            tsa_token=tsa_token,
            tsa_time=tsa_time,
            tsa_error=tsa_error,
        )
        session.add(row)
        session.flush()
        return row

    def set_ledger_idx(self, session: Unit, row: EvidenceItemRow, index: int) -> EvidenceItem:
        """The item's ledger position, once its leaf is written; the item as stored."""
        row.ledger_idx = index
        session.flush()
        return item_from_row(row)

    def awaiting_timestamp(self) -> builtins.list[tuple[int, str]]:
        """(id, sha256) of every item still awaiting a timestamp."""
        with self._store.transaction() as session:
            return [
                (r.id, r.sha256)
                for r in session.scalars(
                    select(EvidenceItemRow).where(EvidenceItemRow.status == "awaiting_timestamp")
                )
            ]

    def stamp(
        self,
        item_id: int,
        token: bytes | None,
        tsa_time: datetime | None,
        error: str | None,
    ) -> bool:
        """Keep a stamping attempt: the token (the item is then complete, with an
        event) or the error; True when stamped."""
        with self._store.transaction() as session:
            row = session.get(EvidenceItemRow, item_id)
            assert row is not None
            if token is None:
                row.tsa_error = error
                return False
            row.tsa_token, row.tsa_time, row.tsa_error = token, tsa_time, None
            row.status = "complete"
            self._store.record(
                session,
                "evidence.timestamped",
                "evidence",
                item_id,
                case_id=row.case_id,
                after={"tsa_time": tsa_time.isoformat() if tsa_time else None},
            )
            return True

    def list(self, case_id: int | None = None) -> builtins.list[EvidenceItem]:
        query = select(EvidenceItemRow).order_by(EvidenceItemRow.id)
        if case_id is not None:
            query = query.where(EvidenceItemRow.case_id == case_id)
        with self._store.transaction() as session:
            return [item_from_row(r) for r in session.scalars(query)]

    def get(self, item_id: int) -> tuple[EvidenceItem, bytes | None]:
        """The item and its raw TSA reply."""
        with self._store.transaction() as session:
            row = session.get(EvidenceItemRow, item_id)
            if row is None:
                raise NotFound("evidence item", item_id)
            return item_from_row(row), (bytes(row.tsa_token) if row.tsa_token is not None else None)
