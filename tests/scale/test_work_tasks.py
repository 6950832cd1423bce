"""The scale-out tasks: each kind of work on its own queue, and a job's effect
committed once however often the job runs (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from rightsguard.domain.target_rows import parse_target_row
from rightsguard.jobs.core import enqueue
from rightsguard.jobs.once import AlreadyApplied, OnceStore, effect_of
from rightsguard.jobs.registry import tasks
from rightsguard.store import Store
from rightsguard.store.models import RecheckRow


def test_every_kind_of_work_has_a_task_on_its_own_queue() -> None:
    queues = {spec.name: spec.queue for spec in tasks()}
    assert queues["capture.once"] == "capture"
    assert queues["recheck.targets"] == "recheck"
    assert queues["identify.targets"] == "identify"
    assert queues["discover.brand"] == "discovery"
    assert queues["dispatch.action"] == "dispatch"


def test_a_second_attempt_of_a_job_is_rolled_back(store: Store) -> None:
    case = store.cases.new("once")
    target = store.targets.add(parse_target_row({"url": "https://a.example/x"}), case.id)
    job = enqueue(store, "recheck.targets", {"target_ids": [target.id]})

    def look(st: Store) -> None:
        with st.transaction() as session:
            session.add(RecheckRow(target_id=target.id, state="live"))

    look(OnceStore(store, job, {"targets": 1}))
    assert effect_of(store, job) == {"targets": 1}
    with pytest.raises(AlreadyApplied):
        look(OnceStore(store, job, {"targets": 1}))
    with store.transaction() as session:  # reads alone never mark the job
        assert session.scalar(select(func.count()).select_from(RecheckRow)) == 1
    other = enqueue(store, "recheck.targets", {"target_ids": [target.id]})
    with OnceStore(store, other, {}).transaction() as session:
        session.scalar(select(func.count()).select_from(RecheckRow))
    assert effect_of(store, other) is None
