"""Repeat infringement by a known party, as rows: the new targets whose party has
other targets already acted against, flagged once each with a
``target.repeat_infringement`` event that names the earlier targets and the links."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from rightsguard.store.models import EventRow, PartyRow, TargetRow
from rightsguard.store.parties import party_from_row

if TYPE_CHECKING:
    from rightsguard.store.base import Store

FLAG = "target.repeat_infringement"


@dataclass(frozen=True)
class KnownPartyRepeat:
    target_id: int
    url: str
    party_id: int
    party: str
    links: tuple[str, ...]
    earlier_targets: tuple[int, ...]


class RepeatRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    def flag(
        self, target_ids: Sequence[int], *, new: Collection[str], acted_on: Collection[str]
    ) -> list[KnownPartyRepeat]:
        """Flag (once) each of these targets whose status is in ``new`` and whose party
        has other targets with a status in ``acted_on``; one transaction."""
        store = self._store
        found: list[KnownPartyRepeat] = []
        with store.transaction() as session:
            rows = list(session.scalars(select(TargetRow).where(TargetRow.id.in_(target_ids))))
            flagged = set(
                session.scalars(
                    select(EventRow.entity_id).where(
                        EventRow.verb == FLAG, EventRow.entity == "target"
                    )
                )
            )
            for row in rows:
                if row.party_id is None or row.status not in new or row.id in flagged:
                    continue
                earlier = tuple(
                    session.scalars(
                        select(TargetRow.id).where(
                            TargetRow.party_id == row.party_id,
                            TargetRow.id != row.id,
                            TargetRow.status.in_(list(acted_on)),
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
                    FLAG,
                    "target",
                    row.id,
                    after={
                        "party_id": row.party_id,
                        "earlier_targets": list(earlier),
                        "links": list(links),
                    },
                    reason=(
                        f"a new site of party {row.party_id} ({party.label}), already acted against"
                    ),
                )
                found.append(
                    KnownPartyRepeat(row.id, row.url, row.party_id, party.label, links, earlier)
                )
        return found
