"""Planning a case: its facts as of a day, the playbook's plan, and the plan's running
clocks kept as the case's deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rightsguard.actions.case_facts import facts_document, facts_for_case
from rightsguard.playbook import CaseFacts, make_plan, parse_facts
from rightsguard.playbook.output import Plan
from rightsguard.store import Store
from rightsguard.store.deadlines import ClockDue


@dataclass(frozen=True, slots=True)
class Replanned:
    """A case's plan as of ``facts.today`` and how many deadlines it added or moved."""

    facts: CaseFacts
    plan: Plan
    deadlines_changed: int


def case_facts(
    store: Store, case_id: int, *, today: date, capture_max_age_days: int
) -> tuple[dict[str, Any], CaseFacts]:
    """The case's facts document (for ``--show-facts`` and what-ifs) and its parsed facts."""
    document = facts_document(
        store, case_id, today=today, capture_max_age_days=capture_max_age_days
    )
    return document, parse_facts(document, today=today)


def replan_case(store: Store, case_id: int, *, today: date, capture_max_age_days: int) -> Replanned:
    """Plan the case as of ``today`` and keep the plan's running clocks (limitation,
    replies, counter-notices) as the case's deadlines: added when new, moved when
    the plan moved them, never duplicated. Every face that shows a plan calls this."""
    facts = facts_for_case(store, case_id, today=today, capture_max_age_days=capture_max_age_days)
    plan = make_plan(facts)
    return Replanned(facts, plan, keep_clocks(store, case_id, plan))


def keep_clocks(store: Store, case_id: int, plan: Plan) -> int:
    """Keep the plan's running clocks (not the projected ones) as the case's deadlines
    (the playbook computes, the store remembers); how many were added or moved."""
    return store.deadlines.sync_clocks(
        case_id,
        (
            ClockDue(c.label.en, c.due, c.rule_id, c.consequence.en)
            for c in plan.clocks
            if not c.projected
        ),
    )
