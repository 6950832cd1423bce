"""Read models of the records pages: targets, captures, evidence, parties, triage.

Each list is one page of rows (LIMIT/OFFSET over an indexed order) and its
count; searches bind their text as parameters (``queries.like``), never splice it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from rightsguard.store.models import (
    CaptureRow,
    CaseTargetRow,
    EventRow,
    EvidenceItemRow,
    PartyRow,
    RecheckRow,
    TargetRow,
)
from rightsguard.store.read.queries import PAGE, Page, like

# How imported candidates are marked in their note (discover_cmds / watch_cmds).
SOURCES = {"discovered": "discovered%", "watch": "watch %"}
_SCORE = re.compile(r"score (\d+(?:\.\d+)?)")


def _count(session: Session, query: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def target_page(
    session: Session,
    *,
    status: str | None = None,
    q: str | None = None,
    case_id: int | None = None,
    source: str | None = None,
    offset: int = 0,
    limit: int = PAGE,
) -> Page:
    """Targets, newest first; ``q`` matches the host or URL, ``source`` the importer."""
    query = select(TargetRow)
    if status:
        query = query.where(TargetRow.status == status)
    if q:
        pattern = like(q.strip().lower())
        query = query.where(
            or_(TargetRow.host.like(pattern, escape="\\"), TargetRow.url.like(pattern, escape="\\"))
        )
    if case_id is not None:
        query = query.join(CaseTargetRow, CaseTargetRow.target_id == TargetRow.id).where(
            CaseTargetRow.case_id == case_id
        )
    if source in SOURCES:
        query = query.where(TargetRow.note.like(SOURCES[source]))
    total = _count(session, query.with_only_columns(TargetRow.id))
    rows = list(session.scalars(query.order_by(TargetRow.id.desc()).offset(offset).limit(limit)))
    return Page(rows, total, offset, limit)


def case_ids_of(session: Session, target_ids: Sequence[int]) -> dict[int, list[int]]:
    links: dict[int, list[int]] = {t: [] for t in target_ids}
    if target_ids:
        for case, target in session.execute(
            select(CaseTargetRow.case_id, CaseTargetRow.target_id)
            .where(CaseTargetRow.target_id.in_(list(target_ids)))
            .order_by(CaseTargetRow.case_id)
        ):
            links[target].append(case)
    return links


def screenshots_of(session: Session, target_ids: Sequence[int]) -> dict[int, int]:
    """Each target's newest capture that has a screenshot (for the list's thumbnails)."""
    found: dict[int, int] = {}
    if not target_ids:
        return found
    rows = session.execute(
        select(CaptureRow.id, CaptureRow.target_id, CaptureRow.artefacts)
        .where(CaptureRow.target_id.in_(list(target_ids)))
        .order_by(CaptureRow.id.desc())
    )
    for capture_id, target_id, artefacts in rows:
        if target_id not in found and any(
            a.get("role") == "screenshot" for a in artefacts or [] if isinstance(a, dict)
        ):
            found[target_id] = capture_id
    return found


def entity_events(
    session: Session, entity: str, entity_id: int, limit: int = 200
) -> list[EventRow]:
    """One record's history, newest first."""
    return list(
        session.scalars(
            select(EventRow)
            .where(EventRow.entity == entity, EventRow.entity_id == entity_id)
            .order_by(EventRow.id.desc())
            .limit(limit)
        )
    )


def event_page(
    session: Session,
    *,
    entity: str | None = None,
    entity_id: int | None = None,
    case_id: int | None = None,
    offset: int = 0,
    limit: int = PAGE,
) -> Page:
    """Events, newest first, by record or case (uses ix_events_entity / case index)."""
    query = select(EventRow)
    if entity:
        query = query.where(EventRow.entity == entity)
    if entity_id is not None:
        query = query.where(EventRow.entity_id == entity_id)
    if case_id is not None:
        query = query.where(EventRow.case_id == case_id)
    # Count no further than ten pages past the requested one: the total of
    # half a million events is not worth a full scan on every call.
    capped = query.with_only_columns(EventRow.id).limit(offset + 10 * limit + 1)
    total = _count(session, capped)
    rows = list(session.scalars(query.order_by(EventRow.id.desc()).offset(offset).limit(limit)))
    return Page(rows, total, offset, limit)


def rechecks(session: Session, target_id: int, limit: int = 100) -> list[RecheckRow]:
    return list(
        session.scalars(
            select(RecheckRow)
            .where(RecheckRow.target_id == target_id)
            .order_by(RecheckRow.id.desc())
            .limit(limit)
        )
    )


def capture_page(session: Session, *, offset: int = 0, limit: int = PAGE) -> Page:
    """Captures, newest first, each with its target's URL: rows of (CaptureRow, url)."""
    total = _count(session, select(CaptureRow.id))
    rows = list(
        session.execute(
            select(CaptureRow, TargetRow.url)
            .join(TargetRow, TargetRow.id == CaptureRow.target_id)
            .order_by(CaptureRow.id.desc())
            .offset(offset)
            .limit(limit)
        ).all()
    )
    return Page(rows, total, offset, limit)


def item_page(session: Session, *, offset: int = 0, limit: int = PAGE) -> Page:
    """Evidence added by hand, newest first."""
    total = _count(session, select(EvidenceItemRow.id))
    rows = list(
        session.scalars(
            select(EvidenceItemRow).order_by(EvidenceItemRow.id.desc()).offset(offset).limit(limit)
        )
    )
    return Page(rows, total, offset, limit)


def party_page(session: Session, *, offset: int = 0, limit: int = PAGE) -> Page:
    """Parties, by id, with their number of targets: rows of (PartyRow, count)."""
    counts = (
        select(TargetRow.party_id, func.count().label("n"))
        .where(TargetRow.party_id.is_not(None))
        .group_by(TargetRow.party_id)
        .subquery()
    )
    total = _count(session, select(PartyRow.id))
    rows = list(
        session.execute(
            select(PartyRow, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.party_id == PartyRow.id)
            .order_by(PartyRow.id)
            .offset(offset)
            .limit(limit)
        ).all()
    )
    return Page(rows, total, offset, limit)


def discovery_score(note: str | None) -> float | None:
    """The score a discovery import wrote into the target's note, if any."""
    found = _SCORE.search(note or "")
    return float(found.group(1)) if found else None
