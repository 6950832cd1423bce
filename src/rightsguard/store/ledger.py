"""The ledger's tables: its leaves (``ledger_entries``) and signed tree heads
(``ledger_heads``), read and written inside the caller's transaction.

Leaves are appended under the database's write lock (SQLite: BEGIN IMMEDIATE;
PostgreSQL: an advisory transaction lock), so concurrent writers on many machines
get positions without gaps or clashes. What the leaves hash to and what a head
signs is ``evidence.ledger``'s business; here are only the rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from rightsguard.store.db import bulk_insert
from rightsguard.store.models import LedgerEntryRow, LedgerHeadRow, utcnow

LEDGER_LOCK = 0x52474C44  # "RGLD": the PostgreSQL advisory lock of the ledger


class Entry(NamedTuple):
    """One leaf as stored: its hash, kind, reference and the canonical JSON hashed."""

    leaf_hash: bytes
    kind: str
    ref: str
    payload: str


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LEDGER_LOCK})


def append_entries(session: Session, entries: Sequence[Entry]) -> int:
    """Store ``entries`` at the next positions, in order; return the first position."""
    _lock(session)
    start = int(session.scalar(select(func.coalesce(func.max(LedgerEntryRow.idx) + 1, 0))) or 0)
    if not entries:
        return start
    now = utcnow()
    rows = [{**e._asdict(), "idx": start + offset, "at": now} for offset, e in enumerate(entries)]
    bulk_insert(session.connection(), LedgerEntryRow.__table__, rows)
    return start


def leaf_hashes_from(session: Session, start: int) -> Iterator[tuple[int, bytes]]:
    """(position, leaf hash) of every leaf at ``start`` or later, in order."""
    for idx, digest in session.execute(
        select(LedgerEntryRow.idx, LedgerEntryRow.leaf_hash)
        .where(LedgerEntryRow.idx >= start)
        .order_by(LedgerEntryRow.idx)
    ):
        yield int(idx), bytes(digest)


def entries_for(session: Session, ref: str) -> list[tuple[int, Entry]]:
    """The leaves about ``ref``, in order, with their positions."""
    rows = session.scalars(
        select(LedgerEntryRow).where(LedgerEntryRow.ref == ref).order_by(LedgerEntryRow.idx)
    )
    return [(r.idx, Entry(bytes(r.leaf_hash), r.kind, r.ref, r.payload)) for r in rows]


def payload_at(session: Session, index: int) -> str | None:
    """The canonical JSON stored at ``index``; None past the end."""
    row = session.get(LedgerEntryRow, index)
    return None if row is None else row.payload


def stored_leaves(session: Session) -> Iterator[tuple[int, bytes, str]]:
    """(position, stored leaf hash, payload) of every leaf, in order."""
    for idx, digest, payload in session.execute(
        select(LedgerEntryRow.idx, LedgerEntryRow.leaf_hash, LedgerEntryRow.payload).order_by(
            LedgerEntryRow.idx
        )
    ):
        yield int(idx), bytes(digest), payload


def refs_starting(session: Session, prefix: str) -> set[str]:
    """Every leaf reference that starts with ``prefix`` (a literal, no wildcards)."""
    return set(
        session.scalars(select(LedgerEntryRow.ref).where(LedgerEntryRow.ref.like(f"{prefix}%")))
    )


def head_at(session: Session, size: int) -> LedgerHeadRow | None:
    return session.get(LedgerHeadRow, size)


def put_head(
    session: Session,
    size: int,
    root: bytes,
    at: datetime,
    key_id: str,
    signature: bytes,
    tsa_token: bytes | None,
) -> None:
    """Store the signed head of ``size`` leaves, replacing one stored before."""
    row = session.get(LedgerHeadRow, size)
    if row is None:
        row = LedgerHeadRow(size=size)
        session.add(row)
    row.root, row.at, row.key_id = root, at, key_id
    row.signature, row.tsa_token = signature, tsa_token


def heads(session: Session) -> list[LedgerHeadRow]:
    """Every stored head, smallest tree first."""
    return list(session.scalars(select(LedgerHeadRow).order_by(LedgerHeadRow.size)))
