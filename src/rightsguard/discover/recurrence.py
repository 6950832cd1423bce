"""Repeat infringement by a known infringer: a new target that identification
ties to a party already acted against (the same analytics ID, e-mail, USCC…)
is flagged, with the links that tie it, so the playbook's escalation applies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from rightsguard.domain.enums import TargetStatus
from rightsguard.store.models import EventRow, PartyRow, TargetRow
from rightsguard.store.parties import party_from_row

if TYPE_CHECKING:
    from rightsguard.store import Store

ACTED_ON = {
    TargetStatus.ACTIONED.value,
    TargetStatus.PERSISTING.value,
    TargetStatus.REMOVED.value,
    TargetStatus.REAPPEARED.value,
}
NEW = {TargetStatus.SUSPECTED.value, TargetStatus.CONFIRMED.value}


@dataclass(frozen=True)
class KnownPartyRepeat:
    target_id: int
    url: str
    party_id: int
    party: str
    links: tuple[str, ...]
    earlier_targets: tuple[int, ...]


def flag_known_party_repeats(store: Store, target_ids: list[int]) -> list[KnownPartyRepeat]:
    """Flag (once) each new target whose party was already acted against."""
    found: list[KnownPartyRepeat] = []
    with store.transaction() as session:
        rows = list(session.scalars(select(TargetRow).where(TargetRow.id.in_(target_ids))))
        flagged = set(
            session.scalars(
                select(EventRow.entity_id).where(
                    EventRow.verb == "target.repeat_infringement", EventRow.entity == "target"
                )
            )
        )
        for row in rows:
            if row.party_id is None or row.status not in NEW or row.id in flagged:
                continue
            earlier = tuple(
                session.scalars(
                    select(TargetRow.id).where(
                        TargetRow.party_id == row.party_id,
                        TargetRow.id != row.id,
                        TargetRow.status.in_(ACTED_ON),
                    )
                )
            )
            if not earlier:
                continue
            party = session.get(PartyRow, row.party_id)
            if party is None:
                continue
            links = tuple(party_from_row(party).links[:5])
            store.record(
                session,
                "target.repeat_infringement",
                "target",
                row.id,
                after={
                    "party_id": row.party_id,
                    "earlier_targets": list(earlier),
                    "links": list(links),
                },
                reason=f"a new site of party {row.party_id} ({party.label}), already acted against",
            )
            found.append(
                KnownPartyRepeat(row.id, row.url, row.party_id, party.label, links, earlier)
            )
    return found
