"""Targets: suspected infringements, unique by normalised URL, linked to cases."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from rightsguard.domain.enums import Control, TargetKind, TargetStatus
from rightsguard.domain.errors import Duplicate, NotFound
from rightsguard.domain.lifecycle import check_target_transition
from rightsguard.domain.nouns import Target
from rightsguard.domain.target_rows import TargetDraft
from rightsguard.store.models import CaseTargetRow, TargetRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rightsguard.store.base import Store


def target_from_row(row: TargetRow, case_ids: tuple[int, ...] = ()) -> Target:
    return Target(
        id=row.id,
        url=row.url,
        original_url=row.original_url,
        host=row.host,
        kind=TargetKind(row.kind),
        status=TargetStatus(row.status),
        control=Control(row.control),
        platform=row.platform,
        title=row.title,
        note=row.note,
        case_ids=case_ids,
        party_id=row.party_id,
        created_at=row.created_at,
    )


def draft_values(draft: TargetDraft) -> dict[str, Any]:
    """Column values of a new target row."""
    return {
        "url": draft.url.url,
        "original_url": draft.url.original,
        "host": draft.url.host,
        "kind": draft.kind.value,
        "status": draft.status.value,
        "control": draft.control.value,
        "platform": draft.platform,
        "title": draft.title,
        "note": draft.note,
    }


def snapshot(values: dict[str, Any]) -> dict[str, Any]:
    keys = ("url", "original_url", "kind", "status", "control", "platform", "title", "note")
    return {k: values.get(k) for k in keys}


def _case_ids(session: Session, target_id: int) -> tuple[int, ...]:
    return tuple(
        session.scalars(
            select(CaseTargetRow.case_id)
            .where(CaseTargetRow.target_id == target_id)
            .order_by(CaseTargetRow.case_id)
        )
    )


class TargetRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, draft: TargetDraft, case_id: int | None = None) -> Target:
        """Add one target (or link the existing one with the same URL to the case)."""
        with self._store.transaction() as session:
            if case_id is not None:
                self._store.cases.require(session, case_id)
            row = session.scalar(select(TargetRow).where(TargetRow.url == draft.url.url))
            if row is None:
                values = draft_values(draft)
                row = TargetRow(**values)
                session.add(row)
                session.flush()
                self._store.record(
                    session,
                    "target.created",
                    "target",
                    row.id,
                    case_id=case_id,
                    after=snapshot(values),
                )
            elif case_id is None or session.get(CaseTargetRow, (case_id, row.id)):
                where = f"case {case_id}" if case_id is not None else "the workspace"
                raise Duplicate(f"{draft.url.url} is already target {row.id} in {where}")
            if case_id is not None:
                session.add(CaseTargetRow(case_id=case_id, target_id=row.id))
                session.flush()
                self._store.record(
                    session,
                    "case.target_linked",
                    "target",
                    row.id,
                    case_id=case_id,
                    after={"case_id": case_id},
                )
            return target_from_row(row, _case_ids(session, row.id))

    def by_url(self, url: str) -> Target | None:
        """The target of this normalised URL, if there is one."""
        with self._store.transaction() as session:
            row = session.scalar(select(TargetRow).where(TargetRow.url == url))
            return None if row is None else target_from_row(row, _case_ids(session, row.id))

    def get(self, target_id: int) -> Target:
        with self._store.transaction() as session:
            row = session.get(TargetRow, target_id)
            if row is None:
                raise NotFound("target", target_id)
            return target_from_row(row, _case_ids(session, target_id))

    def list(
        self,
        *,
        case_id: int | None = None,
        status: TargetStatus | None = None,
        limit: int | None = None,
        offset: int = 0,
        ids: list[int] | None = None,
    ) -> list[Target]:
        query = select(TargetRow).order_by(TargetRow.id).offset(offset)
        if ids is not None:
            query = query.where(TargetRow.id.in_(ids))
        if case_id is not None:
            query = query.join(CaseTargetRow, CaseTargetRow.target_id == TargetRow.id).where(
                CaseTargetRow.case_id == case_id
            )
        if status is not None:
            query = query.where(TargetRow.status == status.value)
        if limit is not None:
            query = query.limit(limit)
        with self._store.transaction() as session:
            if case_id is not None:
                self._store.cases.require(session, case_id)
            rows = list(session.scalars(query))
            links: dict[int, list[int]] = {}
            ids = [r.id for r in rows]
            for start in range(0, len(ids), 500):
                for case, target in session.execute(
                    select(CaseTargetRow.case_id, CaseTargetRow.target_id).where(
                        CaseTargetRow.target_id.in_(ids[start : start + 500])
                    )
                ):
                    links.setdefault(target, []).append(case)
            return [target_from_row(r, tuple(sorted(links.get(r.id, [])))) for r in rows]

    def move(
        self,
        session: Session,
        target_id: int,
        status: TargetStatus,
        *,
        reason: str | None = None,
        case_id: int | None = None,
    ) -> TargetRow:
        """Move a target to ``status`` and record ``target.status_changed``, inside the
        caller's transaction. The domain's state machine decides: a step it does not
        allow raises ``InvalidValue`` naming both statuses, before anything is written."""
        row = session.get(TargetRow, target_id)
        if row is None:
            raise NotFound("target", target_id)
        current = TargetStatus(row.status)
        check_target_transition(current, status)
        row.status = status.value
        self._store.record(
            session,
            "target.status_changed",
            "target",
            target_id,
            case_id=case_id,
            before={"status": current.value},
            after={"status": status.value},
            reason=reason,
        )
        return row

    @staticmethod
    def status_in(session: Session, target_id: int) -> TargetStatus | None:
        """A target's status inside the caller's transaction (None: no such target)."""
        row = session.get(TargetRow, target_id)
        return None if row is None else TargetStatus(row.status)

    def breaches(self, target_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        """The breaches recorded on these targets, by target id."""
        if not target_ids:
            return {}
        with self._store.transaction() as session:
            rows = session.execute(
                select(TargetRow.id, TargetRow.breaches).where(TargetRow.id.in_(target_ids))
            )
            return {r.id: list(r.breaches or []) for r in rows}

    def record_breach(self, target_id: int, breach: str, note: str) -> Target:
        """Add a breach outside IP law (``labels_not_chinese``, ``no_ccc``, ``no_licence``)
        that a person found on the target, with what shows it; an event records it."""
        with self._store.transaction() as session:
            row = session.get(TargetRow, target_id)
            if row is None:
                raise NotFound("target", target_id)
            entry = {
                "breach": breach,
                "note": note,
                "by": self._store.actor,
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            row.breaches = [*(row.breaches or []), entry]
            self._store.record(session, "target.breach", "target", target_id, after=entry)
            session.flush()
            return target_from_row(row, _case_ids(session, target_id))

    def set_status(self, target_id: int, status: TargetStatus, reason: str | None = None) -> Target:
        """:meth:`move` in a transaction of its own."""
        with self._store.transaction() as session:
            row = self.move(session, target_id, status, reason=reason)
            session.flush()
            return target_from_row(row, _case_ids(session, target_id))
