"""``services.triage``: the batch is checked whole before anything is written."""

from __future__ import annotations

import pytest

from rightsguard.domain.enums import TargetStatus
from rightsguard.domain.errors import InvalidValue, NotFound
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.services.triage import MAX_BULK, triage
from rightsguard.store import Store


def _two_cases(store: Store) -> tuple[int, int, int, int]:
    """Case a with two targets, case b with one; (a, b, a's first, a's second)."""
    a, b = store.cases.new("a"), store.cases.new("b")
    t1 = store.targets.add(parse_target_row({"url": "aurorix-a1.cn"}), a.id).id
    t2 = store.targets.add(parse_target_row({"url": "aurorix-a2.cn"}), a.id).id
    store.targets.add(parse_target_row({"url": "aurorix-b1.cn"}), b.id)
    return a.id, b.id, t1, t2


def _statuses(store: Store) -> dict[int, TargetStatus]:
    return {t.id: t.status for t in store.targets.list()}


def test_a_refused_batch_changes_nothing(store: Store) -> None:
    case_a, case_b, t1, t2 = _two_cases(store)
    t3 = next(t.id for t in store.targets.list(case_id=case_b))
    with pytest.raises(InvalidValue, match=f"target {t3} is not in case {case_a}"):
        triage(store, confirm=[t1, t3], case_id=case_a)
    with pytest.raises(NotFound, match="987654"):
        triage(store, confirm=[t1], dismiss=[987654])
    with pytest.raises(InvalidValue, match=f"target {t1} is both confirmed and dismissed"):
        triage(store, confirm=[t1], dismiss=[t1])
    store.targets.set_status(t2, TargetStatus.CONFIRMED)
    store.targets.set_status(t2, TargetStatus.ACTIONED)
    before = _statuses(store)
    with pytest.raises(InvalidValue, match="cannot go from actioned to dismissed"):
        triage(store, dismiss=[t1, t2])  # t1 comes first and may move, yet stays
    assert _statuses(store) == before


def test_all_suspected_needs_a_case_and_decides_only_its_suspects(store: Store) -> None:
    case_a, case_b, t1, t2 = _two_cases(store)
    with pytest.raises(InvalidValue, match="name the case"):
        triage(store, all_suspected="dismiss")
    with pytest.raises(InvalidValue, match="choose at least one"):
        triage(store)
    with pytest.raises(InvalidValue, match=f"at most {MAX_BULK}"):
        triage(store, confirm=range(1, MAX_BULK + 2))
    done = triage(store, all_suspected="dismiss", case_id=case_a, reason="parked")
    assert [t.id for t in done] == [t1, t2]
    assert all(t.status is TargetStatus.DISMISSED for t in done)
    others = store.targets.list(case_id=case_b)
    assert {t.status for t in others} == {TargetStatus.SUSPECTED}
    [event] = store.events.list(entity="target", entity_id=t1, limit=1)
    assert event.reason == "parked"
