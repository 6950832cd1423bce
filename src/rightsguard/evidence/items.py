"""Evidence added by hand (the guide's "information from transactions"):
test-purchase orders, receipts, photos of goods, chat logs, letters.

Each file is stored by its SHA-256 (atomic, never overwritten), time-stamped
by the configured TSA over its bytes, and recorded as a ledger leaf, in one
database transaction with its row and its event. A TSA that is missing, down
or slow does not lose the file: it waits as ``awaiting_timestamp`` (with the
reason kept) until ``stamp_pending`` succeeds; the gap is visible.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from sqlalchemy import select

from rightsguard.domain.errors import InvalidValue, NotFound, UnreadableFile
from rightsguard.evidence.errors import TimestampInvalid, TimestampUnavailable
from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.timestamp import TsaClient
from rightsguard.store.blobs import BlobStore
from rightsguard.store.models import EvidenceItemRow

if TYPE_CHECKING:
    from rightsguard.store import Store

KINDS = ("test-purchase", "receipt", "chat", "photo", "letter", "other")


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


def _item(row: EvidenceItemRow) -> EvidenceItem:
    return EvidenceItem(
        row.id,
        row.case_id,
        row.kind,
        row.name,
        row.sha256,
        row.size,
        row.media_type,
        row.note,
        row.added_at,
        row.added_by,
        row.status,
        row.tsa_time,
        row.tsa_error,
        row.ledger_idx,
    )


def _stamp(tsa: TsaClient | None, data: bytes) -> tuple[bytes | None, datetime | None, str | None]:
    if tsa is None:
        return None, None, "no time-stamp authority configured (tsa_url)"
    try:
        token = tsa.stamp(data)
    except (TimestampUnavailable, TimestampInvalid) as exc:
        return None, None, exc.message
    return token.reply, token.gen_time, None


def add_files(
    store: Store,
    blobs: BlobStore,
    ledger: Ledger,
    tsa: TsaClient | None,
    paths: list[Path],
    *,
    case_id: int,
    kind: str,
    note: str = "",
) -> list[EvidenceItem]:
    """Store, stamp and ledger each file; all rows land in one transaction."""
    files = []
    for path in paths:
        if not path.is_file():
            raise UnreadableFile(path, "not a file")
        try:
            files.append((path.name, path.read_bytes()))
        except OSError as exc:
            raise UnreadableFile(path, exc.strerror or str(exc)) from None
    return add_contents(store, blobs, ledger, tsa, files, case_id=case_id, kind=kind, note=note)


def add_contents(
    store: Store,
    blobs: BlobStore,
    ledger: Ledger,
    tsa: TsaClient | None,
    files: list[tuple[str, bytes]],
    *,
    case_id: int,
    kind: str,
    note: str = "",
) -> list[EvidenceItem]:
    """``add_files`` for contents already read (an upload from the workbench): each
    (name, bytes) stored, time-stamped and ledgered, all rows in one transaction."""
    if kind not in KINDS:
        raise InvalidValue("kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    if not files:
        raise InvalidValue("FILE", "give at least one file")
    store.cases.get(case_id)
    prepared = []
    for name, data in files:
        path = PurePath(name)
        blob = blobs.put_bytes(data)
        media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        prepared.append((path, blob, media, *_stamp(tsa, data)))
    items = []
    with store.transaction() as session:
        for path, blob, media, token, tsa_time, error in prepared:
            row = EvidenceItemRow(
                case_id=case_id,
                kind=kind,
                name=path.name,
                sha256=blob.sha256,
                size=blob.size,
                media_type=media,
                note=note,
                added_by=store.actor,
                status="complete" if token else "awaiting_timestamp",
                tsa_token=token,
                tsa_time=tsa_time,
                tsa_error=error,
            )
            session.add(row)
            session.flush()
            leaf = ledger.append(
                session,
                "evidence_file",
                f"evidence:{row.id}",
                {
                    "sha256": blob.sha256,
                    "size": blob.size,
                    "name": path.name,
                    "kind": kind,
                    "case_id": case_id,
                },
            )
            row.ledger_idx = leaf.index
            store.record(
                session,
                "evidence.added",
                "evidence",
                row.id,
                case_id=case_id,
                after={
                    "name": path.name,
                    "sha256": blob.sha256,
                    "kind": kind,
                    "status": row.status,
                    "ledger_idx": leaf.index,
                },
                reason=note or None,
            )
            session.flush()
            items.append(_item(row))
    return items


def stamp_pending(store: Store, blobs: BlobStore, tsa: TsaClient) -> tuple[int, int]:
    """Stamp every item still awaiting a timestamp; return (stamped, still waiting)."""
    with store.transaction() as session:
        waiting = [
            (r.id, r.sha256)
            for r in session.scalars(
                select(EvidenceItemRow).where(EvidenceItemRow.status == "awaiting_timestamp")
            )
        ]
    stamped = 0
    for item_id, sha256 in waiting:
        token, tsa_time, error = _stamp(tsa, blobs.read(sha256))
        with store.transaction() as session:
            row = session.get(EvidenceItemRow, item_id)
            assert row is not None
            if token is None:
                row.tsa_error = error
                continue
            row.tsa_token, row.tsa_time, row.tsa_error = token, tsa_time, None
            row.status = "complete"
            store.record(
                session,
                "evidence.timestamped",
                "evidence",
                item_id,
                case_id=row.case_id,
                after={"tsa_time": tsa_time.isoformat() if tsa_time else None},
            )
            stamped += 1
    return stamped, len(waiting) - stamped


def list_items(store: Store, case_id: int | None = None) -> list[EvidenceItem]:
    query = select(EvidenceItemRow).order_by(EvidenceItemRow.id)
    if case_id is not None:
        query = query.where(EvidenceItemRow.case_id == case_id)
    with store.transaction() as session:
        return [_item(r) for r in session.scalars(query)]


def get_item(store: Store, item_id: int) -> tuple[EvidenceItem, bytes | None]:
    """The item and its raw TSA reply."""
    with store.transaction() as session:
        row = session.get(EvidenceItemRow, item_id)
        if row is None:
            raise NotFound("evidence item", item_id)
        return _item(row), (bytes(row.tsa_token) if row.tsa_token is not None else None)


def record_custody(
    store: Store, ledger: Ledger, item: EvidenceItem, verb: str, why: str | None = None
) -> None:
    """A view, export, transfer or verification: an event and a ledger leaf."""
    record_custody_of(
        store,
        ledger,
        entity="evidence",
        entity_id=item.id,
        ref=item.ref,
        case_id=item.case_id,
        sha256=item.sha256,
        verb=verb,
        why=why,
    )


def record_custody_of(
    store: Store,
    ledger: Ledger,
    *,
    entity: str,
    entity_id: int,
    ref: str,
    case_id: int | None,
    sha256: str,
    verb: str,
    why: str | None = None,
) -> None:
    """Custody of anything stored (an evidence file, a capture): event + ledger leaf."""
    with store.transaction() as session:
        leaf = ledger.append(
            session,
            "custody",
            ref,
            {
                "verb": verb,
                "by": store.actor,
                "why": why or "",
                "sha256": sha256,
            },
        )
        store.record(
            session,
            f"{entity}.{verb}",
            entity,
            entity_id,
            case_id=case_id,
            after={"ledger_idx": leaf.index},
            reason=why,
        )
