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
from datetime import datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from rightsguard.domain.errors import InvalidValue, UnreadableFile
from rightsguard.evidence.errors import TimestampInvalid, TimestampUnavailable
from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.timestamp import TsaClient
from rightsguard.store.blobs import BlobStore
from rightsguard.store.evidence_items import EvidenceItem

if TYPE_CHECKING:
    from rightsguard.store import Store

KINDS = ("test-purchase", "receipt", "chat", "photo", "letter", "other")


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
            row = store.evidence_items.insert(
                session,
                case_id=case_id,
                kind=kind,
                name=path.name,
                sha256=blob.sha256,
                size=blob.size,
                media_type=media,
                note=note,
                tsa_token=token,
                tsa_time=tsa_time,
                tsa_error=error,
            )
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
            items.append(store.evidence_items.set_ledger_idx(session, row, leaf.index))
    return items


def stamp_pending(store: Store, blobs: BlobStore, tsa: TsaClient) -> tuple[int, int]:
    """Stamp every item still awaiting a timestamp; return (stamped, still waiting)."""
    waiting = store.evidence_items.awaiting_timestamp()
    stamped = 0
    for item_id, sha256 in waiting:
        token, tsa_time, error = _stamp(tsa, blobs.read(sha256))
        if store.evidence_items.stamp(item_id, token, tsa_time, error):
            stamped += 1
    return stamped, len(waiting) - stamped


def list_items(store: Store, case_id: int | None = None) -> list[EvidenceItem]:
    return store.evidence_items.list(case_id)


def get_item(store: Store, item_id: int) -> tuple[EvidenceItem, bytes | None]:
    """The item and its raw TSA reply."""
    return store.evidence_items.get(item_id)


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
