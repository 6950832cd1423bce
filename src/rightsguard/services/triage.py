"""Triage: confirming or dismissing suspected targets (discovery and watch results).

The whole batch is checked before anything is written: every target exists, belongs
to the case when one is named, is decided once, and may move to its new status.
So a refused batch changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from rightsguard.domain.enums import TargetStatus
from rightsguard.domain.errors import InvalidValue, NotFound
from rightsguard.domain.lifecycle import check_target_transition
from rightsguard.domain.nouns import Target
from rightsguard.store import Store

#: The statuses a person sets by triage (the others follow from actions and rechecks).
TRIAGE_STATUSES = (TargetStatus.SUSPECTED, TargetStatus.CONFIRMED, TargetStatus.DISMISSED)
#: The most targets one batch may decide.
MAX_BULK = 500


def triage(
    store: Store,
    *,
    confirm: Iterable[int] = (),
    dismiss: Iterable[int] = (),
    case_id: int | None = None,
    all_suspected: Literal["confirm", "dismiss"] | None = None,
    reason: str = "triage",
) -> list[Target]:
    """Confirm and dismiss targets; ``all_suspected`` decides every suspected target of
    ``case_id`` (which it needs). Returns the targets as they are now, by id."""
    decisions: dict[int, TargetStatus] = {}
    if all_suspected is not None:
        if all_suspected not in ("confirm", "dismiss"):
            raise InvalidValue("all_suspected", "confirm or dismiss")
        if case_id is None:
            raise InvalidValue("all_suspected", "name the case whose suspects to decide")
        status = TargetStatus.CONFIRMED if all_suspected == "confirm" else TargetStatus.DISMISSED
        for t in store.targets.list(case_id=case_id, status=TargetStatus.SUSPECTED):
            decisions[t.id] = status
    confirmed, dismissed = set(confirm), set(dismiss)
    both = sorted(confirmed & dismissed)
    if both:
        raise InvalidValue("triage", f"target {both[0]} is both confirmed and dismissed")
    decisions.update(dict.fromkeys(confirmed, TargetStatus.CONFIRMED))
    decisions.update(dict.fromkeys(dismissed, TargetStatus.DISMISSED))
    if not decisions:
        raise InvalidValue("triage", "choose at least one target to confirm or dismiss")
    if len(decisions) > MAX_BULK:
        raise InvalidValue("triage", f"at most {MAX_BULK} targets at a time")
    current = {t.id: t for t in store.targets.list(ids=sorted(decisions))}
    if case_id is not None:  # an unknown target is not in the case either
        store.cases.get(case_id)
        strangers = sorted(
            i for i in decisions if i not in current or case_id not in current[i].case_ids
        )
        if strangers:
            raise InvalidValue("triage", f"target {strangers[0]} is not in case {case_id}")
    missing = sorted(set(decisions) - set(current))
    if missing:
        raise NotFound("target", missing[0])
    for target_id, status in sorted(decisions.items()):
        check_target_transition(current[target_id].status, status)
    reason = reason.strip() or "triage"
    return [
        store.targets.set_status(target_id, status, reason=reason)
        for target_id, status in sorted(decisions.items())
    ]
