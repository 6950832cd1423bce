"""Captures: preserved observations of a target, immutable once finished.

A capture starts ``pending``; it ends ``complete`` (every artefact durable),
``partial`` (a limit was hit: what was got is kept, with the reason) or
``failed`` (nothing usable, with the reason). A finished capture never
changes again. Every change writes an event in the same transaction.

Public surface: ``CaptureRepo(store)`` with ``start``, ``complete``,
``partial``, ``fail``, ``get``, ``list_for_target``, and for bulk runs
``start_many`` and ``finish_many`` (one transaction each; a finished capture
of a target may also move the target's status, see ``status_after_capture``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from rightsguard.domain.enums import CaptureStatus, TargetStatus
from rightsguard.domain.errors import InvalidValue, NotFound
from rightsguard.domain.nouns import Artefact, Capture
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.store.db import mark_changed
from rightsguard.store.models import CaptureRow, TargetRow, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rightsguard.store.base import Store

FINISHED = frozenset(
    {
        CaptureStatus.COMPLETE,
        CaptureStatus.PARTIAL,
        CaptureStatus.FAILED,
        CaptureStatus.AWAITING_TIMESTAMP,
    }
)


def capture_from_row(row: CaptureRow) -> Capture:
    return Capture(
        id=row.id,
        target_id=row.target_id,
        status=CaptureStatus(row.status),
        mode=row.mode,
        started_at=row.started_at,
        finished_at=row.finished_at,
        artefacts=tuple(Artefact(**a) for a in row.artefacts or []),
        environment=dict(row.environment or {}),
        partial_reason=row.partial_reason,
    )


@dataclass(frozen=True)
class Finish:
    """How one capture ended, for :meth:`CaptureRepo.finish_many`."""

    capture_id: int
    status: CaptureStatus
    artefacts: tuple[Artefact, ...] = ()
    environment: Mapping[str, Any] = field(default_factory=dict)
    reason: str | None = None
    http_status: int | None = None


def status_after_capture(current: TargetStatus, http_status: int | None) -> TargetStatus | None:
    """What a successful capture says about its target: gone after action, or back."""
    if http_status is None:
        return None
    gone = http_status in (404, 410)
    if current in (TargetStatus.ACTIONED, TargetStatus.PERSISTING, TargetStatus.REAPPEARED):
        new = TargetStatus.REMOVED if gone else TargetStatus.PERSISTING
    elif current is TargetStatus.REMOVED and not gone:
        new = TargetStatus.REAPPEARED
    else:
        return None
    return None if new == current else new


def _artefact_dicts(artefacts: Iterable[Artefact]) -> list[dict[str, Any]]:
    return [
        {"role": a.role, "sha256": a.sha256, "size": a.size, "media_type": a.media_type}
        for a in artefacts
    ]


class CaptureRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    def start(self, target_id: int, mode: str) -> int:
        """A new pending capture of ``target_id``; returns its id."""
        with self._store.transaction() as session:
            if session.get(TargetRow, target_id) is None:
                raise NotFound("target", target_id)
            row = CaptureRow(
                target_id=target_id,
                status=CaptureStatus.PENDING.value,
                mode=mode,
                started_at=utcnow(),
                artefacts=[],
                environment={},
            )
            session.add(row)
            session.flush()
            self._store.record(
                session,
                "capture.started",
                "capture",
                row.id,
                after={"target_id": target_id, "mode": mode, "status": row.status},
            )
            return row.id

    def start_many(self, pairs: Sequence[tuple[int, str]]) -> list[int]:
        """Start a pending capture for each (target id, mode), in one transaction."""
        with self._store.transaction() as session:
            ids = {t for t, _ in pairs}
            found = set(session.scalars(select(TargetRow.id).where(TargetRow.id.in_(ids))))
            missing = sorted(ids - found)
            if missing:
                raise NotFound("target", missing[0])
            rows = [
                CaptureRow(
                    target_id=target_id,
                    status=CaptureStatus.PENDING.value,
                    mode=mode,
                    started_at=utcnow(),
                    artefacts=[],
                    environment={},
                )
                for target_id, mode in pairs
            ]
            session.add_all(rows)
            session.flush()
            for row in rows:
                self._store.record(
                    session,
                    "capture.started",
                    "capture",
                    row.id,
                    after={"target_id": row.target_id, "mode": row.mode, "status": row.status},
                )
            return [row.id for row in rows]

    def finish_many(
        self,
        finishes: Sequence[Finish],
        *,
        update_targets: bool = True,
        on_finished: Callable[[Session, CaptureRow], None] | None = None,
    ) -> None:
        """Finish many captures in one transaction; move their targets' status if it follows.

        ``on_finished`` runs for each row inside the same transaction (the evidence
        layer writes the capture's ledger leaf there, so both land or neither does)."""
        with self._store.transaction() as session:
            # Load the batch's rows in two queries; session.get then hits the identity map.
            rows = list(
                session.scalars(
                    select(CaptureRow).where(CaptureRow.id.in_([f.capture_id for f in finishes]))
                )
            )
            if update_targets:
                list(
                    session.scalars(
                        select(TargetRow).where(TargetRow.id.in_({r.target_id for r in rows}))
                    )
                )
            for item in finishes:
                row = self._finish_row(
                    session,
                    item.capture_id,
                    item.status,
                    item.artefacts,
                    # the page's HTTP status stays with the row: a 404/410 capture shows a
                    # removal, not the infringement, and documents leave it out
                    {**item.environment, "http_status": item.http_status}
                    if item.http_status is not None
                    else item.environment,
                    item.reason,
                )
                if on_finished is not None:
                    on_finished(session, row)
                if not update_targets or item.status is CaptureStatus.FAILED:
                    continue
                target = session.get(TargetRow, row.target_id)
                if target is None:
                    continue
                current = TargetStatus(target.status)
                new = status_after_capture(current, item.http_status)
                if new is None:
                    continue
                with suppress(InvalidValue):  # a step the machine refuses is left out
                    self._store.targets.move(
                        session,
                        target.id,
                        new,
                        reason=f"capture {item.capture_id}: HTTP {item.http_status}",
                    )

    def fail_interrupted(self, older_than_seconds: float) -> int:
        """Captures left pending by a process that stopped (a crash, a kill) are marked
        failed with that reason, so none stays ambiguous; returns how many."""
        from datetime import timedelta

        limit = utcnow() - timedelta(seconds=older_than_seconds)
        with self._store.transaction() as session:
            rows = list(
                session.scalars(
                    select(CaptureRow).where(
                        CaptureRow.status == CaptureStatus.PENDING.value,
                        CaptureRow.started_at < limit,
                    )
                )
            )
            for row in rows:
                row.status = CaptureStatus.FAILED.value
                row.finished_at = utcnow()
                row.partial_reason = "interrupted: the capturing process stopped"
                self._store.record(
                    session,
                    "capture.failed",
                    "capture",
                    row.id,
                    before={"status": "pending"},
                    after={"status": "failed"},
                    reason=row.partial_reason,
                )
            return len(rows)

    def complete(
        self,
        capture_id: int,
        artefacts: Iterable[Artefact],
        environment: Mapping[str, Any],
    ) -> Capture:
        return self._finish(capture_id, CaptureStatus.COMPLETE, artefacts, environment, None)

    def partial(
        self,
        capture_id: int,
        artefacts: Iterable[Artefact],
        environment: Mapping[str, Any],
        reason: str,
    ) -> Capture:
        if not reason:
            raise InvalidValue("reason", "a partial capture needs the reason it stopped")
        return self._finish(capture_id, CaptureStatus.PARTIAL, artefacts, environment, reason)

    def fail(
        self,
        capture_id: int,
        reason: str,
        artefacts: Iterable[Artefact] = (),
        environment: Mapping[str, Any] | None = None,
    ) -> Capture:
        return self._finish(capture_id, CaptureStatus.FAILED, artefacts, environment or {}, reason)

    def _finish(
        self,
        capture_id: int,
        status: CaptureStatus,
        artefacts: Iterable[Artefact],
        environment: Mapping[str, Any],
        reason: str | None,
    ) -> Capture:
        with self._store.transaction() as session:
            row = self._finish_row(session, capture_id, status, artefacts, environment, reason)
            return capture_from_row(row)

    def _finish_row(
        self,
        session: Session,
        capture_id: int,
        status: CaptureStatus,
        artefacts: Iterable[Artefact],
        environment: Mapping[str, Any],
        reason: str | None,
    ) -> CaptureRow:
        items = _artefact_dicts(artefacts)
        row = self._require(session, capture_id)
        current = CaptureStatus(row.status)
        if current in FINISHED:
            raise InvalidValue(
                "status", f"capture {capture_id} is already {current}; captures are immutable"
            )
        row.status = status.value
        row.finished_at = utcnow()
        row.artefacts = items
        row.environment = dict(environment)
        row.partial_reason = reason
        self._store.record(
            session,
            f"capture.{status.value}",
            "capture",
            capture_id,
            before={"status": current.value},
            after={
                "status": status.value,
                "target_id": row.target_id,
                "artefacts": [{"role": a["role"], "sha256": a["sha256"]} for a in items],
            },
            reason=reason,
        )
        return row

    @staticmethod
    def _require(session: Session, capture_id: int) -> CaptureRow:
        row = session.get(CaptureRow, capture_id)
        if row is None:
            raise NotFound("capture", capture_id)
        return row

    def get(self, capture_id: int) -> Capture:
        with self._store.transaction() as session:
            return capture_from_row(self._require(session, capture_id))

    def awaiting_timestamp(self) -> list[tuple[int, list[dict[str, Any]]]]:
        """(id, artefacts) of every capture left awaiting a timestamp."""
        with self._store.transaction() as session:
            return [
                (r.id, list(r.artefacts))
                for r in session.scalars(
                    select(CaptureRow).where(
                        CaptureRow.status == CaptureStatus.AWAITING_TIMESTAMP.value
                    )
                )
            ]

    def add_timestamp(
        self, capture_id: int, token: Mapping[str, Any], tsa_time: str, tsa_url: str
    ) -> bool:
        """A capture awaiting a timestamp gets its token (an artefact) and is complete,
        with an event; False when it is gone or no longer waiting."""
        with self._store.transaction() as session:
            row = session.get(CaptureRow, capture_id)
            if row is None or row.status != CaptureStatus.AWAITING_TIMESTAMP.value:
                return False
            row.artefacts = [*row.artefacts, dict(token)]
            row.environment = {
                **row.environment,
                "tsa_time": tsa_time,
                "tsa_url": tsa_url,
                "tsa_error": None,
            }
            row.status = CaptureStatus.COMPLETE.value
            row.partial_reason = None
            mark_changed(row, "environment")
            self._store.record(
                session,
                "capture.timestamped",
                "capture",
                capture_id,
                before={"status": CaptureStatus.AWAITING_TIMESTAMP.value},
                after={"status": row.status, "tsa_time": tsa_time},
            )
            return True

    def screenshot_hashes(self, target_id: int) -> list[str | None]:
        """The screenshot hash of each of a target's captures, newest first."""
        with self._store.transaction() as session:
            return [
                (r.environment or {}).get("screenshot_dhash")
                for r in session.scalars(
                    select(CaptureRow)
                    .where(CaptureRow.target_id == target_id)
                    .order_by(CaptureRow.id.desc())
                )
            ]

    def list_for_target(self, target_id: int) -> list[Capture]:
        query = select(CaptureRow).where(CaptureRow.target_id == target_id).order_by(CaptureRow.id)
        with self._store.transaction() as session:
            return [capture_from_row(r) for r in session.scalars(query)]


def find_or_add_target(store: Store, url: str) -> int:
    """The id of the target with ``url`` (normalised), adding it when it is new."""

    draft = parse_target_row({"url": url})
    with store.transaction() as session:
        found = session.scalar(select(TargetRow.id).where(TargetRow.url == draft.url.url))
    if found is not None:
        return int(found)
    return store.targets.add(draft).id


#: HTTP statuses that show a page removed: such a capture proves the take-down,
#: not the infringement
GONE_STATUSES = frozenset({404, 410})


@dataclass(frozen=True)
class DocumentCapture:
    """A complete capture as a document lists it; ``gone`` says why it shows no
    infringement (its page answered 404/410, or a recheck had found it removed)."""

    id: int
    target_id: int
    artefacts: list[dict[str, Any]]
    environment: dict[str, Any]
    gone: str | None


def document_captures(store: Store, target_ids: Sequence[int]) -> list[DocumentCapture]:
    """The complete captures of ``target_ids`` in order, each with whether it shows the
    page gone: by its HTTP status, or taken while the newest earlier recheck of its
    target found the page removed (a capture after a take-down)."""
    from rightsguard.store.models import RecheckRow

    ids = list(target_ids)
    if not ids:
        return []
    with store.transaction() as session:
        captures = list(
            session.scalars(
                select(CaptureRow)
                .where(
                    CaptureRow.target_id.in_(ids),
                    CaptureRow.status == CaptureStatus.COMPLETE.value,
                )
                .order_by(CaptureRow.id)
            )
        )
        looks: dict[int, list[RecheckRow]] = {}
        for look in session.scalars(
            select(RecheckRow).where(RecheckRow.target_id.in_(ids)).order_by(RecheckRow.at)
        ):
            looks.setdefault(look.target_id, []).append(look)
        out = []
        for row in captures:
            env = dict(row.environment or {})
            status = env.get("http_status")
            gone = f"HTTP {status}" if status in GONE_STATUSES else None
            before = [r for r in looks.get(row.target_id, []) if r.at <= row.started_at]
            if gone is None and before and before[-1].state == "removed":
                gone = f"recheck {before[-1].id} found the page removed"
            out.append(DocumentCapture(row.id, row.target_id, list(row.artefacts or []), env, gone))
        return out
