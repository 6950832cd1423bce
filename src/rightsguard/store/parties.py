"""Parties: infringer clusters and third parties, with the links that explain them.

No schema change: ``parties.links`` (JSON list) holds tagged entries:

* ``{"type": "link", "kind", "value", "strength", "targets", "text"}``: why the
  party's targets belong together (rewritten by each resolution run);
* ``{"type": "decision", "decision": "merge" | "split" | "role" | "label", ...}``:
  manual decisions, kept across runs and fed back to the resolver as constraints;
* ``{"type": "provider", "key"}``: a third party that is a provider (marketplace
  operator, host), never merged with infringers;
* ``{"type": "merged_into", "party"}``: a party merged away by hand;
* ``{"type": "decision", "decision": "verify", "source", "by", "at"}``: a person checked
  the party's identity and address (``parties verify``), which an AMR complaint needs.

Ids are stable across runs: a new cluster takes the id of the party most of its
targets already belong to.
"""

from __future__ import annotations

import builtins
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from rightsguard.domain.enums import PartyRole
from rightsguard.domain.errors import InvalidValue, NotFound
from rightsguard.domain.nouns import Party
from rightsguard.store.models import PartyRow, TargetRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rightsguard.store.base import Store


@dataclass(frozen=True, slots=True)
class PartyDraft:
    """One resolved cluster, ready to be stored."""

    targets: tuple[int, ...]
    label: str
    links: tuple[dict[str, Any], ...] = ()
    role: PartyRole = PartyRole.PRIMARY_INFRINGER
    identity_known: bool = False
    address_known: bool = False


@dataclass(frozen=True, slots=True)
class PartyDetail:
    party: Party
    target_ids: tuple[int, ...]
    links: tuple[dict[str, Any], ...]
    decisions: tuple[dict[str, Any], ...]
    provider_key: str | None = None
    merged_into: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    verified: bool = False


def _entries(row: PartyRow, type_: str) -> list[dict[str, Any]]:
    return [e for e in (row.links or []) if isinstance(e, dict) and e.get("type") == type_]


def is_verified(links: list[Any] | None) -> bool:
    """Whether someone recorded checking the party's identity and address."""
    return any(
        isinstance(e, dict) and e.get("type") == "decision" and e.get("decision") == "verify"
        for e in links or []
    )


def _merged_into(row: PartyRow) -> int | None:
    merged = _entries(row, "merged_into")
    return int(merged[0]["party"]) if merged else None


def party_from_row(row: PartyRow) -> Party:
    texts = []
    for entry in _entries(row, "link"):
        prefix = "weak: " if entry.get("strength") == "weak" else ""
        texts.append(prefix + str(entry.get("text", "")))
    for entry in _entries(row, "provider"):
        texts.append(f"provider {entry.get('key')}")
    merged = _merged_into(row)
    if merged is not None:
        texts.append(f"merged into party {merged}")
    return Party(
        id=row.id,
        label=row.label,
        role=PartyRole(row.role),
        identity_known=row.identity_known,
        address_known=row.address_known,
        links=tuple(texts),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _chunks(ids: Sequence[int], size: int = 500) -> list[list[int]]:
    return [list(ids[i : i + size]) for i in range(0, len(ids), size)]


class PartyRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    # --- reading ------------------------------------------------------------

    def _require(self, session: Session, party_id: int) -> PartyRow:
        row = session.get(PartyRow, party_id)
        if row is None:
            raise NotFound("party", party_id)
        return row

    def _targets(self, session: Session, party_id: int) -> tuple[int, ...]:
        return tuple(
            session.scalars(
                select(TargetRow.id).where(TargetRow.party_id == party_id).order_by(TargetRow.id)
            )
        )

    def get(self, party_id: int) -> Party:
        with self._store.transaction() as session:
            return party_from_row(self._require(session, party_id))

    def detail(self, party_id: int) -> PartyDetail:
        with self._store.transaction() as session:
            row = self._require(session, party_id)
            provider = _entries(row, "provider")
            return PartyDetail(
                party=party_from_row(row),
                target_ids=self._targets(session, party_id),
                links=tuple(_entries(row, "link")),
                decisions=tuple(_entries(row, "decision")),
                provider_key=str(provider[0]["key"]) if provider else None,
                merged_into=_merged_into(row),
                verified=is_verified(row.links),
            )

    def list(self, *, role: PartyRole | None = None, include_merged: bool = False) -> list[Party]:
        query = select(PartyRow).order_by(PartyRow.id)
        if role is not None:
            query = query.where(PartyRow.role == role.value)
        with self._store.transaction() as session:
            rows = list(session.scalars(query))
            return [party_from_row(r) for r in rows if include_merged or _merged_into(r) is None]

    def target_counts(self) -> dict[int, int]:
        with self._store.transaction() as session:
            counts: Counter[int] = Counter()
            for (party_id,) in session.execute(
                select(TargetRow.party_id).where(TargetRow.party_id.is_not(None))
            ):
                if party_id is not None:
                    counts[party_id] += 1
            return dict(counts)

    def constraints(
        self,
    ) -> tuple[
        builtins.list[builtins.list[int]],
        builtins.list[tuple[builtins.list[int], builtins.list[int]]],
    ]:
        """Manual decisions as resolver constraints: (must_link groups, cannot_link pairs)."""
        must: list[list[int]] = []
        cannot: list[tuple[list[int], list[int]]] = []
        with self._store.transaction() as session:
            for row in session.scalars(select(PartyRow).order_by(PartyRow.id)):
                for entry in _entries(row, "decision"):
                    if entry.get("decision") == "merge" and entry.get("targets"):
                        must.append([int(t) for t in entry["targets"]])
                    elif entry.get("decision") == "split" and len(entry.get("apart", [])) == 2:
                        a, b = entry["apart"]
                        cannot.append(([int(t) for t in a], [int(t) for t in b]))
        return must, cannot

    # --- resolution -----------------------------------------------------------

    def apply(
        self, drafts: Sequence[PartyDraft], providers: Sequence[tuple[str, str]] = ()
    ) -> dict[int, int]:
        """Store resolved clusters (and provider third parties ``(key, name)``) in one
        transaction; returns target id -> party id."""
        assignment: dict[int, int] = {}
        with self._store.transaction() as session:
            current: dict[int, int | None] = {}
            all_targets = [t for d in drafts for t in d.targets]
            for chunk in _chunks(all_targets):
                for tid, pid in session.execute(
                    select(TargetRow.id, TargetRow.party_id).where(TargetRow.id.in_(chunk))
                ):
                    current[tid] = pid
            rows = {r.id: r for r in session.scalars(select(PartyRow))}
            claimed: set[int] = set()
            order = sorted(range(len(drafts)), key=lambda i: -len(drafts[i].targets))
            for i in order:
                draft = drafts[i]
                votes = Counter(
                    pid
                    for t in draft.targets
                    if (pid := current.get(t)) is not None
                    and pid in rows
                    and pid not in claimed
                    and _merged_into(rows[pid]) is None
                    and not _entries(rows[pid], "provider")
                )
                chosen = min(votes, key=lambda p: (-votes[p], p)) if votes else None
                if chosen is None:
                    row = PartyRow(
                        label=draft.label or "unnamed party", role=draft.role.value, links=[]
                    )
                    session.add(row)
                    session.flush()
                    rows[row.id] = row
                    chosen = row.id
                    self._store.record(
                        session,
                        "party.created",
                        "party",
                        row.id,
                        after={"label": row.label, "targets": len(draft.targets)},
                    )
                claimed.add(chosen)
                self._update(session, rows[chosen], draft)
                moved = [t for t in draft.targets if current.get(t) != chosen]
                for chunk in _chunks(moved):
                    session.execute(
                        update(TargetRow).where(TargetRow.id.in_(chunk)).values(party_id=chosen)
                    )
                for t in draft.targets:
                    assignment[t] = chosen
            for key, name in providers:
                self._provider_party(session, rows, key, name)
        return assignment

    def _update(self, session: Session, row: PartyRow, draft: PartyDraft) -> None:
        decisions = _entries(row, "decision")
        manual_role = [d for d in decisions if d.get("decision") == "role"]
        manual_label = [d for d in decisions if d.get("decision") == "label"]
        before = {"label": row.label, "role": row.role, "links": len(_entries(row, "link"))}
        links = [{"type": "link", **link} for link in draft.links]
        new_links = [*links, *decisions]
        changed = (
            row.links != new_links
            or (not manual_label and row.label != (draft.label or row.label))
            or (not manual_role and row.role != draft.role.value)
        )
        row.links = new_links
        if not manual_label and draft.label:
            row.label = draft.label
        if not manual_role:
            row.role = draft.role.value
        row.identity_known = draft.identity_known
        row.address_known = draft.address_known
        if changed:
            self._store.record(
                session,
                "party.updated",
                "party",
                row.id,
                before=before,
                after={"label": row.label, "role": row.role, "links": len(links)},
            )

    def _provider_party(
        self, session: Session, rows: dict[int, PartyRow], key: str, name: str
    ) -> int:
        for row in rows.values():
            if any(e.get("key") == key for e in _entries(row, "provider")):
                return row.id
        row = PartyRow(
            label=name,
            role=PartyRole.INTERMEDIARY.value,
            identity_known=True,
            links=[{"type": "provider", "key": key}],
        )
        session.add(row)
        session.flush()
        rows[row.id] = row
        self._store.record(
            session,
            "party.created",
            "party",
            row.id,
            after={"label": name, "role": row.role, "provider": key},
        )
        return row.id

    # --- manual decisions -----------------------------------------------------------

    def merge(self, into: int, other: int, *, reason: str | None = None) -> Party:
        """Move ``other``'s targets into ``into``; the decision sticks on later runs."""
        if into == other:
            raise InvalidValue("party", "cannot merge a party with itself")
        with self._store.transaction() as session:
            keep, gone = self._require(session, into), self._require(session, other)
            targets = sorted({*self._targets(session, into), *self._targets(session, other)})
            decision = {
                "type": "decision",
                "decision": "merge",
                "targets": targets,
                "parties": [into, other],
                "at": _now(),
                "by": self._store.actor,
                "reason": reason,
            }
            keep.links = [*(keep.links or []), decision]
            gone.links = [*_entries(gone, "decision"), {"type": "merged_into", "party": into}]
            session.execute(
                update(TargetRow).where(TargetRow.party_id == other).values(party_id=into)
            )
            self._store.record(
                session,
                "party.merged",
                "party",
                into,
                after={"merged": other, "targets": targets},
                reason=reason,
            )
            session.flush()
            return party_from_row(keep)

    def split(
        self,
        party_id: int,
        target_ids: Sequence[int],
        *,
        reason: str | None = None,
        label: str | None = None,
    ) -> Party:
        """Move ``target_ids`` out of the party into a new one; they stay apart on later runs."""
        with self._store.transaction() as session:
            row = self._require(session, party_id)
            current = set(self._targets(session, party_id))
            moving = sorted(set(target_ids))
            if not moving or not set(moving) <= current:
                raise InvalidValue(
                    "targets",
                    f"targets must be a non-empty subset of party "
                    f"{party_id}'s targets {sorted(current)}",
                )
            staying = sorted(current - set(moving))
            if not staying:
                raise InvalidValue("targets", "a split must leave at least one target behind")
            new = PartyRow(label=label or f"split from {row.label}", role=row.role, links=[])
            session.add(new)
            session.flush()
            decision = {
                "type": "decision",
                "decision": "split",
                "apart": [staying, moving],
                "parties": [party_id, new.id],
                "at": _now(),
                "by": self._store.actor,
                "reason": reason,
            }
            row.links = [*(row.links or []), decision]
            if label:
                new.links = [{"type": "decision", "decision": "label", "label": label}]
            for chunk in _chunks(moving):
                session.execute(
                    update(TargetRow).where(TargetRow.id.in_(chunk)).values(party_id=new.id)
                )
            self._store.record(
                session,
                "party.split",
                "party",
                party_id,
                after={"new_party": new.id, "moved": moving},
                reason=reason,
            )
            session.flush()
            return party_from_row(new)

    def verify(self, party_id: int, *, source: str) -> Party:
        """Record that a person checked the party's identity and address against
        ``source`` (the business registry, a court record, a test purchase …)."""
        if not source.strip():
            raise InvalidValue(
                "--source",
                "say where the identity and address were checked (e.g. 国家企业信用信息公示系统)",
                zh="请写明身份和地址是在何处核实的（如国家企业信用信息公示系统）",
            )
        with self._store.transaction() as session:
            row = self._require(session, party_id)
            if not (row.identity_known and row.address_known):
                raise InvalidValue(
                    "party",
                    f"party {party_id}'s identity and address are not both known yet; "
                    "identify its targets first (rightsguard identify --case ID)",
                    zh=f"当事人 {party_id} 的身份和地址尚未都查明，请先识别其目标",
                )
            row.links = [
                *(row.links or []),
                {
                    "type": "decision",
                    "decision": "verify",
                    "source": source.strip(),
                    "at": _now(),
                    "by": self._store.actor,
                },
            ]
            self._store.record(
                session, "party.verified", "party", party_id, after={"source": source.strip()}
            )
            session.flush()
            return party_from_row(row)

    def set_role(self, party_id: int, role: PartyRole, *, reason: str | None = None) -> Party:
        with self._store.transaction() as session:
            row = self._require(session, party_id)
            before = row.role
            row.role = role.value
            row.links = [
                *(row.links or []),
                {
                    "type": "decision",
                    "decision": "role",
                    "role": role.value,
                    "at": _now(),
                    "by": self._store.actor,
                },
            ]
            self._store.record(
                session,
                "party.role_changed",
                "party",
                party_id,
                before={"role": before},
                after={"role": role.value},
                reason=reason,
            )
            session.flush()
            return party_from_row(row)
