"""Repeat infringement by a known infringer: a new target that identification
ties to a party already acted against (the same analytics ID, e-mail, USCC…)
is flagged, with the links that tie it, so the playbook's escalation applies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rightsguard.domain.enums import TargetStatus
from rightsguard.store.repeats import KnownPartyRepeat

if TYPE_CHECKING:
    from rightsguard.store import Store

__all__ = ["ACTED_ON", "NEW", "KnownPartyRepeat", "flag_known_party_repeats"]

ACTED_ON = {
    TargetStatus.ACTIONED.value,
    TargetStatus.PERSISTING.value,
    TargetStatus.REMOVED.value,
    TargetStatus.REAPPEARED.value,
}
NEW = {TargetStatus.SUSPECTED.value, TargetStatus.CONFIRMED.value}


def flag_known_party_repeats(store: Store, target_ids: list[int]) -> list[KnownPartyRepeat]:
    """Flag (once) each new target whose party was already acted against."""
    return store.repeats.flag(target_ids, new=NEW, acted_on=ACTED_ON)
