"""The short path's first step: a link pasted into the workbench becomes a confirmed
target of a case (a new case named after its host, for the rights chosen, unless one
is given), ready to be captured and identified."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rightsguard.domain.enums import Goal, TargetStatus
from rightsguard.domain.nouns import Target
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.store import Store

#: Why a pasted link is confirmed at once: a person looked at it and chose to act.
PASTED = "pasted into the workbench by a person"


@dataclass(frozen=True)
class Intake:
    case_id: int
    target_id: int
    new_case: bool


def take_link(
    st: Store,
    url: str,
    *,
    right_ids: Sequence[int] = (),
    case_id: int | None = None,
    assignee: str | None = None,
) -> Intake:
    """Add ``url`` as a confirmed target of case ``case_id`` (or of a new case, titled
    by the URL's host, with the goal of removing the links). A link already a target
    of a case, with no case named, is that target: nothing is added twice."""
    row = parse_target_row({"url": url.strip()})
    known = st.targets.by_url(row.url.url)
    if case_id is None and known is not None and known.case_ids:
        return Intake(known.case_ids[0], _confirmed(st, known), new_case=False)
    new_case = case_id is None
    if case_id is None:
        case_id = st.cases.new(
            row.url.host, right_ids=tuple(right_ids), goals=(Goal.REMOVE_LINKS,), assignee=assignee
        ).id
    else:
        st.cases.get(case_id)
    if known is not None and case_id in known.case_ids:
        return Intake(case_id, _confirmed(st, known), new_case=False)
    return Intake(case_id, _confirmed(st, st.targets.add(row, case_id)), new_case)


def _confirmed(st: Store, target: Target) -> int:
    """The target's id, confirmed first if it was suspected or dismissed."""
    if target.status in (TargetStatus.SUSPECTED, TargetStatus.DISMISSED):
        st.targets.set_status(target.id, TargetStatus.CONFIRMED, reason=PASTED)
    return target.id
