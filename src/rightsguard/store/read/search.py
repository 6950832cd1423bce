"""Global search of the workbench's header box: rights, cases, targets (by URL or
host, an international host found by its punycode too), parties and actions, each
a few rows by one indexed-or-small query (the newest first)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from rightsguard.domain.errors import InvalidValue
from rightsguard.domain.urls import normalize_host
from rightsguard.store.models import ActionRow, CaseRow, PartyRow, RightRow, TargetRow
from rightsguard.store.read.queries import like

GROUPS = ("rights", "cases", "targets", "parties", "actions")
PER_GROUP = 20
MAX_QUERY = 200


@dataclass(frozen=True)
class Hit:
    id: int
    label: str
    detail: str
    href: str


def _variants(q: str) -> list[str]:
    """What was typed, and its punycode form when it is an international host."""
    out = [q]
    if not q.isascii() and "." in q:
        with contextlib.suppress(InvalidValue):
            out.append(normalize_host(q.split("/")[0], "q"))
    return out


def search_all(session: Session, q: str, per_group: int = PER_GROUP) -> dict[str, list[Hit]]:
    """Rows of each group that contain ``q`` (case-insensitive where the database is)."""
    text = q.strip()[:MAX_QUERY]
    found: dict[str, list[Hit]] = {g: [] for g in GROUPS}
    if not text:
        return found
    pats = [like(v) for v in _variants(text)]

    def matches(*columns: object) -> object:
        return or_(*(c.ilike(p, escape="\\") for c in columns for p in pats))  # type: ignore[attr-defined]

    rights = select(RightRow).where(
        matches(RightRow.name, RightRow.owner, RightRow.registration_number)
    )
    found["rights"] = [
        Hit(r.id, r.name, f"{r.kind} · {r.registration_number or ''} · {r.owner}", "/rights")
        for r in session.scalars(rights.order_by(RightRow.id.desc()).limit(per_group))
    ]
    cases = select(CaseRow).where(matches(CaseRow.title, CaseRow.notes))
    found["cases"] = [
        Hit(c.id, c.title, c.status, f"/cases/{c.id}")
        for c in session.scalars(cases.order_by(CaseRow.id.desc()).limit(per_group))
    ]
    targets = select(TargetRow).where(
        matches(TargetRow.url, TargetRow.host, TargetRow.original_url, TargetRow.title)
    )
    found["targets"] = [
        Hit(t.id, t.url, t.status, f"/targets/{t.id}")
        for t in session.scalars(targets.order_by(TargetRow.id.desc()).limit(per_group))
    ]
    parties = select(PartyRow).where(matches(PartyRow.label))
    found["parties"] = [
        Hit(p.id, p.label, p.role, f"/parties/{p.id}")
        for p in session.scalars(parties.order_by(PartyRow.id.desc()).limit(per_group))
    ]
    number = text.lstrip("#")
    actions = select(ActionRow).where(
        or_(ActionRow.id == int(number), matches(ActionRow.type))
        if number.isdigit() and len(number) < 18
        else matches(ActionRow.type)
    )
    found["actions"] = [
        Hit(a.id, str((a.data or {}).get("title") or a.type), a.status, f"/actions/{a.id}")
        for a in session.scalars(actions.order_by(ActionRow.id.desc()).limit(per_group))
    ]
    return found
