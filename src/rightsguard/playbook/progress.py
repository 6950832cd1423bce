"""What the case page shows of a plan's progress.

Which of a plan's measures were already taken: a measure is done when the case's
history holds a sent action of its type, to the same provider or party (when the
measure names one), covering all its targets. The workbench lists those as done
instead of recommending them again; the plan itself is unchanged (its ranking
already weighs the history). And the limitation period, when it ends within
``SOON_DAYS`` (30 days): the page warns with a banner."""

from __future__ import annotations

from dataclasses import dataclass

from rightsguard.playbook.clocks import SOON_DAYS, Clock
from rightsguard.playbook.facts import HistoryItem
from rightsguard.playbook.output import Plan, PlannedAction, Step


@dataclass(frozen=True)
class DoneMeasure:
    action: PlannedAction
    sent: list[HistoryItem]  # the sent actions that did it, earliest first


def _covers(action: PlannedAction, history: list[HistoryItem]) -> list[HistoryItem]:
    same = [
        h
        for h in history
        if h.type == action.type
        and (action.provider_id is None or h.provider_id == action.provider_id)
        and (action.recipient_party_id is None or h.recipient_party_id == action.recipient_party_id)
    ]
    sent_targets = {tid for h in same for tid in h.target_ids}
    if not same or not set(action.target_ids) <= sent_targets:
        return []
    return sorted(same, key=lambda h: (h.sent_on, h.id))


def split_done(
    plan: Plan, history: list[HistoryItem]
) -> tuple[list[PlannedAction], list[DoneMeasure], list[Step]]:
    """The measures still to take, those done, and the next steps of the former."""
    todo: list[PlannedAction] = []
    done: list[DoneMeasure] = []
    for action in plan.actions:
        sent = _covers(action, history)
        if sent:
            done.append(DoneMeasure(action, sent))
        else:
            todo.append(action)
    done_keys = {d.action.key for d in done}
    steps = [s for s in plan.next_steps if not s.action_keys or not set(s.action_keys) <= done_keys]
    return todo, done, steps


LIMITATION_CLOCK = "suit.limitation"


def limitation_ending(plan: Plan) -> Clock | None:
    """The limitation period's clock if it has not ended and ends within ``SOON_DAYS``."""
    for clock in plan.clocks:
        left = clock.days_left
        if clock.id == LIMITATION_CLOCK and left is not None and 0 <= left <= SOON_DAYS:
            return clock
    return None
