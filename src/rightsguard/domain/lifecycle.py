"""State machines: which status may follow which."""

from __future__ import annotations

from rightsguard.domain.enums import ActionStatus, TargetStatus
from rightsguard.domain.errors import InvalidValue

_T = TargetStatus
TARGET_TRANSITIONS: dict[TargetStatus, frozenset[TargetStatus]] = {
    # Sending an action about a suspected target acts on it (actions/dispatch.py).
    _T.SUSPECTED: frozenset({_T.CONFIRMED, _T.DISMISSED, _T.ACTIONED}),
    _T.DISMISSED: frozenset({_T.SUSPECTED, _T.CONFIRMED}),
    _T.CONFIRMED: frozenset({_T.ACTIONED, _T.REMOVED, _T.DISMISSED}),
    _T.ACTIONED: frozenset({_T.REMOVED, _T.PERSISTING}),
    _T.PERSISTING: frozenset({_T.ACTIONED, _T.REMOVED}),
    _T.REMOVED: frozenset({_T.REAPPEARED}),
    _T.REAPPEARED: frozenset({_T.ACTIONED, _T.REMOVED, _T.PERSISTING}),
}

_A = ActionStatus
ACTION_TRANSITIONS: dict[ActionStatus, frozenset[ActionStatus]] = {
    _A.DRAFT: frozenset({_A.APPROVED, _A.CLOSED}),
    _A.APPROVED: frozenset({_A.SENT, _A.DRAFT, _A.CLOSED}),
    _A.SENT: frozenset(
        {_A.ACKNOWLEDGED, _A.REMOVED, _A.REJECTED, _A.COUNTER_NOTICED, _A.NO_RESPONSE}
    ),
    _A.ACKNOWLEDGED: frozenset({_A.REMOVED, _A.REJECTED, _A.COUNTER_NOTICED, _A.NO_RESPONSE}),
    _A.REMOVED: frozenset({_A.CLOSED, _A.COUNTER_NOTICED}),
    _A.REJECTED: frozenset({_A.CLOSED}),
    _A.COUNTER_NOTICED: frozenset({_A.CLOSED, _A.REMOVED}),
    _A.NO_RESPONSE: frozenset({_A.CLOSED, _A.REMOVED}),
    _A.CLOSED: frozenset(),
}


def check_target_transition(current: TargetStatus, new: TargetStatus) -> None:
    """Raise ``InvalidValue`` unless a target may move from ``current`` to ``new``."""
    if new != current and new not in TARGET_TRANSITIONS[current]:
        raise InvalidValue("status", f"a target cannot go from {current} to {new}")


#: Statuses an action reaches once: a second "sent" would mean a second delivery.
ONCE = frozenset({ActionStatus.SENT})


def check_action_transition(current: ActionStatus, new: ActionStatus) -> None:
    """Raise ``InvalidValue`` unless an action may move from ``current`` to ``new``
    (staying where it is is a move too, except for a status reached only once)."""
    if new == current and new in ONCE:
        raise InvalidValue("status", f"the action is already {current}")
    if new != current and new not in ACTION_TRANSITIONS[current]:
        raise InvalidValue("status", f"an action cannot go from {current} to {new}")
