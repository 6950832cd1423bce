"""Sealing captures: a trusted timestamp over each WACZ, a ledger leaf for each
finished capture, in the same transaction that records it as finished.

A capture is reported ``complete`` only when its artefacts are stored, its
WACZ has a verified RFC 3161 token (unless ``timestamp_each_capture`` is off:
then the signed, time-stamped ledger checkpoints carry the time) and its
ledger leaf is written. When the TSA cannot be reached the capture is kept as
``awaiting_timestamp`` with the reason; ``stamp_waiting_captures`` (a job and
``rightsguard capture stamp``) completes it later, and the gap stays visible.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rightsguard.domain.enums import CaptureStatus
from rightsguard.domain.nouns import Artefact
from rightsguard.evidence.errors import TimestampInvalid, TimestampUnavailable
from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.phash import dhash, hamming
from rightsguard.evidence.timestamp import TsaClient
from rightsguard.evidence.tsa_config import tsa_client
from rightsguard.store.blobs import BlobStore
from rightsguard.store.db import Unit, mark_changed
from rightsguard.store.models import CaptureRow

if TYPE_CHECKING:
    from rightsguard.evidence.capture import CaptureOutcome
    from rightsguard.store import Store
    from rightsguard.workspace import Workspace

SEALED = (CaptureStatus.COMPLETE, CaptureStatus.PARTIAL, CaptureStatus.AWAITING_TIMESTAMP)
TOKEN_ROLE = "timestamp"
TOKEN_TYPE = "application/timestamp-reply"


def wacz_of(artefacts: list[Any]) -> tuple[str, int] | None:
    for a in artefacts:
        role = a.role if isinstance(a, Artefact) else a.get("role")
        if role == "wacz":
            if isinstance(a, Artefact):
                return a.sha256, a.size
            return str(a["sha256"]), int(a.get("size", 0))
    return None


@dataclass
class CaptureSealer:
    blobs: BlobStore
    ledger: Ledger
    tsa: TsaClient | None
    stamp_each: bool = True

    def stamp(self, outcome: CaptureOutcome) -> None:
        """Before a capture is recorded: a token over its WACZ, kept as an artefact, and
        the screenshot's perceptual hash, for telling later whether the page changed."""
        if outcome.status not in (CaptureStatus.COMPLETE, CaptureStatus.PARTIAL):
            return
        shot = next((a for a in outcome.artefacts if a.role == "screenshot"), None)
        if shot is not None:
            with contextlib.suppress(OSError, ValueError):
                outcome.environment["screenshot_dhash"] = (
                    f"{dhash(self.blobs.read(shot.sha256)):016x}"
                )
        wacz = wacz_of(list(outcome.artefacts))
        if wacz is None or not self.stamp_each:
            return
        error = None
        if self.tsa is None:
            error = "no time-stamp authority configured (tsa_url)"
        else:
            try:
                token = self.tsa.stamp(self.blobs.read(wacz[0]))
            except (TimestampUnavailable, TimestampInvalid) as exc:
                error = exc.message
            else:
                blob = self.blobs.put_bytes(token.reply)
                outcome.artefacts = (
                    *outcome.artefacts,
                    Artefact(TOKEN_ROLE, blob.sha256, blob.size, TOKEN_TYPE),
                )
                outcome.environment["tsa_time"] = token.gen_time.isoformat()
                outcome.environment["tsa_url"] = self.tsa.url
        if error is not None:
            outcome.environment["tsa_error"] = error
            if outcome.status is CaptureStatus.COMPLETE:
                outcome.status = CaptureStatus.AWAITING_TIMESTAMP
                outcome.reason = f"awaiting timestamp: {error}"

    def leaf(self, session: Unit, row: CaptureRow) -> None:
        """Inside the finishing transaction: the capture's ledger leaf."""
        if CaptureStatus(row.status) not in SEALED:
            return
        wacz = wacz_of(row.artefacts)
        payload = {
            "capture_id": row.id,
            "target_id": row.target_id,
            "status": row.status,
            "wacz_sha256": wacz[0] if wacz else None,
            "artefacts": sorted(
                ({"role": a["role"], "sha256": a["sha256"]} for a in row.artefacts),
                key=lambda a: (a["role"], a["sha256"]),
            ),
        }
        entry = self.ledger.append(session, "capture", f"capture:{row.id}", payload)
        row.environment = {**(row.environment or {}), "ledger_idx": entry.index}
        mark_changed(row, "environment")


def make_sealer(ws: Workspace, store: Store, blobs: BlobStore) -> CaptureSealer:

    return CaptureSealer(
        blobs, Ledger(store), tsa_client(ws), bool(ws.settings.timestamp_each_capture)
    )


def stamp_waiting_captures(store: Store, blobs: BlobStore, tsa: TsaClient) -> tuple[int, int]:
    """Stamp captures left awaiting a timestamp; return (stamped, still waiting)."""
    waiting = store.captures.awaiting_timestamp()
    done = 0
    for capture_id, artefacts in waiting:
        wacz = wacz_of(artefacts)
        if wacz is None:
            continue
        try:
            token = tsa.stamp(blobs.read(wacz[0]))
        except (TimestampUnavailable, TimestampInvalid):
            continue
        blob = blobs.put_bytes(token.reply)
        token_artefact = {
            "role": TOKEN_ROLE,
            "sha256": blob.sha256,
            "size": blob.size,
            "media_type": TOKEN_TYPE,
        }
        if store.captures.add_timestamp(
            capture_id, token_artefact, token.gen_time.isoformat(), tsa.url
        ):
            done += 1
    return done, len(waiting) - done


def tsa_time(row_environment: dict[str, Any]) -> datetime | None:
    value = (row_environment or {}).get("tsa_time")
    return datetime.fromisoformat(value) if value else None


def visual_change(store: Store, target_id: int) -> int | None:
    """Bits that differ between the screenshots of a target's last two captures (None
    when there are not two to compare)."""

    hashes = store.captures.screenshot_hashes(target_id)
    seen = [h for h in hashes if h][:2]
    if len(seen) < 2:
        return None
    return hamming(int(seen[0], 16), int(seen[1], 16))
