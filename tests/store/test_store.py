"""Repositories on SQLite and PostgreSQL (the same tests, parametrised)."""

from __future__ import annotations

from datetime import date

import pytest

from rightsguard.domain.enums import CaseStatus, Control, Goal, TargetKind, TargetStatus
from rightsguard.domain.errors import Duplicate, InvalidValue, NotFound
from rightsguard.domain.rights import make_right_draft
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.store import Store


def _mark(**kw: object) -> object:
    base = dict(
        kind="trademark",
        name="AURORIX",
        jurisdiction="CN",
        owner="Aurorix Ltd",
        registration_number="12345678",
        classes=[9, 35],
        registered_on=date(2020, 1, 7),
        expires_on=date(2030, 1, 6),
    )
    base.update(kw)
    return make_right_draft(**base)  # type: ignore[arg-type]


def test_right_roundtrip_and_event(store: Store) -> None:
    right = store.rights.add(_mark())  # type: ignore[arg-type]
    again = store.rights.get(right.id)
    assert again == right
    assert again.classes == (9, 35)
    assert again.created_at is not None and again.created_at.tzinfo is not None
    events = store.events.list(entity="right", entity_id=right.id)
    assert [e.verb for e in events] == ["right.created"]
    assert events[0].actor == "tester"
    assert events[0].after is not None and events[0].after["registration_number"] == "12345678"


def test_duplicate_right_is_refused_and_names_existing(store: Store) -> None:
    first = store.rights.add(_mark())  # type: ignore[arg-type]
    with pytest.raises(Duplicate, match=f"right {first.id}"):
        store.rights.add(_mark(name="AURORIX (stylised)"))  # type: ignore[arg-type]
    # Without a number, name + owner decide.
    store.rights.add(_mark(registration_number=None, name="极光"))  # type: ignore[arg-type]
    with pytest.raises(Duplicate):
        store.rights.add(_mark(registration_number=None, name="极光"))  # type: ignore[arg-type]
    assert len(store.rights.list()) == 2


def test_unknown_ids_raise_not_found(store: Store) -> None:
    for call in (
        lambda: store.rights.get(99),
        lambda: store.cases.get(99),
        lambda: store.targets.get(99),
        lambda: store.cases.close(99, "x"),
    ):
        with pytest.raises(NotFound, match="99"):
            call()
    with pytest.raises(NotFound, match="right"):
        store.cases.new("x", right_ids=(42,))


def test_case_lifecycle_with_events(store: Store) -> None:
    right = store.rights.add(_mark())  # type: ignore[arg-type]
    case = store.cases.new("Outlet shops", right_ids=(right.id,), goals=(Goal.REMOVE_LINKS,))
    assert case.status is CaseStatus.OPEN and case.right_ids == (right.id,)
    closed = store.cases.close(case.id, "all removed")
    assert closed.status is CaseStatus.CLOSED and closed.closed_at is not None
    with pytest.raises(InvalidValue, match="already closed"):
        store.cases.close(case.id, "again")
    verbs = [e.verb for e in store.events.list(case_id=case.id)]
    assert verbs == ["case.closed", "case.opened"]
    closing = store.events.list(case_id=case.id)[0]
    assert closing.before is not None and closing.after is not None
    assert (closing.before["status"], closing.after["status"]) == ("open", "closed")
    assert closing.reason == "all removed"
    assert [c.id for c, _ in store.cases.list(CaseStatus.OPEN)] == []


def test_target_add_links_and_refuses_duplicates(store: Store) -> None:
    case_a = store.cases.new("A")
    case_b = store.cases.new("B")
    draft = parse_target_row(
        {
            "url": "HTTP://Shop.Example.CN:80/item?id=1#top",
            "kind": "listing",
            "control": "third_party",
        }
    )
    target = store.targets.add(draft, case_a.id)
    assert target.url == "http://shop.example.cn/item?id=1"
    assert target.original_url == "HTTP://Shop.Example.CN:80/item?id=1#top"
    assert target.kind is TargetKind.LISTING and target.control is Control.THIRD_PARTY
    with pytest.raises(Duplicate, match=f"target {target.id}"):
        store.targets.add(draft, case_a.id)
    linked = store.targets.add(draft, case_b.id)
    assert linked.id == target.id and linked.case_ids == (case_a.id, case_b.id)
    assert [t.id for t in store.targets.list(case_id=case_b.id)] == [target.id]


def test_target_status_follows_lifecycle(store: Store) -> None:
    target = store.targets.add(parse_target_row({"url": "x.cn"}))
    with pytest.raises(InvalidValue, match="suspected to removed"):
        store.targets.set_status(target.id, TargetStatus.REMOVED)
    store.targets.set_status(target.id, TargetStatus.CONFIRMED, reason="checked by analyst")
    assert store.targets.get(target.id).status is TargetStatus.CONFIRMED
    event = store.events.list(entity="target", entity_id=target.id)[0]
    assert (event.before, event.after) == ({"status": "suspected"}, {"status": "confirmed"})


def test_target_move_refuses_a_step_the_machine_forbids_and_writes_nothing(store: Store) -> None:
    target = store.targets.add(parse_target_row({"url": "move.example.cn"}))
    events = store.events.count()
    with (
        pytest.raises(InvalidValue, match="cannot go from suspected to removed"),
        store.transaction() as session,
    ):
        store.targets.move(session, target.id, TargetStatus.REMOVED, reason="no")
    assert store.targets.get(target.id).status is TargetStatus.SUSPECTED
    assert store.events.count() == events
    with pytest.raises(NotFound), store.transaction() as session:
        store.targets.move(session, 424242, TargetStatus.CONFIRMED)


def test_target_move_writes_the_status_and_one_event_in_the_callers_transaction(
    store: Store,
) -> None:
    case = store.cases.new("Move")
    target = store.targets.add(parse_target_row({"url": "moved.example.cn"}), case.id)
    events = store.events.count()
    with pytest.raises(RuntimeError), store.transaction() as session:
        store.targets.move(session, target.id, TargetStatus.CONFIRMED, reason="seen")
        raise RuntimeError("the caller's transaction fails: nothing of the move stays")
    assert store.targets.get(target.id).status is TargetStatus.SUSPECTED
    assert store.events.count() == events
    with store.transaction() as session:
        store.targets.move(
            session, target.id, TargetStatus.ACTIONED, reason="action 7 sent", case_id=case.id
        )
    assert store.targets.get(target.id).status is TargetStatus.ACTIONED
    assert store.events.count() == events + 1
    event = store.events.list(entity="target", entity_id=target.id)[0]
    assert event.verb == "target.status_changed" and event.case_id == case.id
    assert (event.before, event.after) == ({"status": "suspected"}, {"status": "actioned"})
    assert event.reason == "action 7 sent"
