"""The inline runner: jobs run once, failures retry with backoff, a killed
worker's jobs are taken up again after their lease."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from rightsguard.domain.enums import TargetStatus
from rightsguard.domain.errors import InvalidValue
from rightsguard.jobs import InlineWorker, JobContext, enqueue, task
from rightsguard.jobs.core import cancel_job, get_job, list_jobs, retry_job
from rightsguard.store import Store
from rightsguard.store.models import EventRow, JobRow
from rightsguard.workspace import init_workspace

calls: list[int] = []


@task("test.flaky", max_attempts=3)
def flaky(ctx: JobContext, fail_times: int) -> Mapping[str, Any]:
    calls.append(ctx.attempt)
    if ctx.attempt <= fail_times:
        raise RuntimeError(f"attempt {ctx.attempt} fails")
    return {"attempt": ctx.attempt}


def _selftest_events(store: Store, token: str) -> int:
    with store.transaction() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(EventRow)
                .where(EventRow.verb == "worker.selftest", EventRow.reason == token)
            )
            or 0
        )


def _due_now(store: Store) -> None:
    with store.transaction() as session:
        for row in session.scalars(select(JobRow).where(JobRow.status == "queued")):
            row.run_after = row.created_at


def test_jobs_run_once_and_keys_are_idempotent(store: Store) -> None:
    ids = [enqueue(store, "worker.selftest", {"token": f"t{i}"}, key=f"k{i}") for i in range(5)]
    assert enqueue(store, "worker.selftest", {"token": "t0"}, key="k0") == ids[0]
    worker = InlineWorker(None, store, concurrency=3)
    worker.run(until_idle=True)
    assert {get_job(store, i).status for i in ids} == {"done"}
    assert all(_selftest_events(store, f"t{i}") == 1 for i in range(5))


def test_failures_retry_then_fail_and_can_be_retried(store: Store) -> None:
    calls.clear()
    ok = enqueue(store, "test.flaky", {"fail_times": 1})
    bad = enqueue(store, "test.flaky", {"fail_times": 9})
    worker = InlineWorker(None, store)
    for _ in range(6):
        worker.drain()
        _due_now(store)
    assert get_job(store, ok).status == "done" and get_job(store, ok).result == {"attempt": 2}
    failed = get_job(store, bad)
    assert failed.status == "failed" and failed.attempts == 3 and "attempt 3 fails" in failed.error
    retry_job(store, bad)
    assert get_job(store, bad).status == "queued"
    with pytest.raises(InvalidValue, match="only failed or cancelled"):
        retry_job(store, ok)
    cancel_job(store, bad)
    assert [j.status for j in list_jobs(store, "cancelled")] == ["cancelled"]


def test_bad_submissions(store: Store) -> None:
    with pytest.raises(InvalidValue, match="no task named 'nope'"):
        enqueue(store, "nope")
    with pytest.raises(InvalidValue, match="plain JSON"):
        enqueue(store, "worker.selftest", {"token": object()})


@pytest.mark.processes
def test_a_killed_inline_worker_is_resumed(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    store = Store(ws.database_url, "tester")
    tokens = [f"kill-{i}" for i in range(6)]
    for t in tokens:
        enqueue(store, "worker.selftest", {"token": t, "seconds": 0.6})
    env = {**os.environ, "RIGHTSGUARD_JOB_LEASE_SECONDS": "2"}
    exe = Path(sys.executable).with_name("rightsguard")
    child = subprocess.Popen(
        [exe, "-w", str(ws.root), "worker", "--runner", "inline", "--concurrency", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 20
    while time.time() < deadline:
        with store.transaction() as session:
            running = session.scalar(
                select(func.count()).select_from(JobRow).where(JobRow.status == "running")
            )
        if running:
            break
        time.sleep(0.05)
    time.sleep(0.2)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    statuses = {j.status for j in list_jobs(store)}
    assert "running" in statuses  # the kill left leased work behind
    resumed = subprocess.run(
        [
            exe,
            "-w",
            str(ws.root),
            "worker",
            "--runner",
            "inline",
            "--until-idle",
            "--concurrency",
            "2",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "ran" in resumed.stdout
    deadline = time.time() + 20
    while {j.status for j in list_jobs(store)} != {"done"} and time.time() < deadline:
        subprocess.run(
            [exe, "-w", str(ws.root), "worker", "--runner", "inline", "--until-idle"],
            env=env,
            capture_output=True,
            check=True,
            timeout=60,
        )
        time.sleep(0.5)
    assert {j.status for j in list_jobs(store)} == {"done"}
    assert all(_selftest_events(store, t) == 1 for t in tokens)
    store.close()


def test_recheck_job_watches_actioned_targets(tmp_path: Path) -> None:
    from rightsguard.domain.target_rows import parse_target_row
    from rightsguard.sandbox import Sandbox, sites

    with Sandbox(state_dir=tmp_path / "sb", services=[sites.make_service]) as sandbox:
        ep = sandbox.endpoints()["sites.http"]
        ws = init_workspace(tmp_path / "ws", {"allow_private_targets": True})
        store = Store(ws.database_url, "tester")
        # An address the sandbox serves no site for: it answers 404, as a removed page.
        target = store.targets.add(parse_target_row({"url": f"http://{ep.host}:{ep.port}/"}))
        store.targets.set_status(target.id, TargetStatus.CONFIRMED)
        store.targets.set_status(target.id, TargetStatus.ACTIONED)
        job = enqueue(store, "recheck.watched")
        InlineWorker(ws, store).drain()
        done = get_job(store, job)
        assert done.status == "done", done.error
        assert done.result == {"rechecked": 1, "changed": 1, "repeats": 0}
        assert store.targets.get(target.id).status is TargetStatus.REMOVED
        store.close()


def test_a_running_job_keeps_its_lease_until_it_ends(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A job that runs longer than its lease is renewed, so no second worker takes it."""
    import time
    from datetime import timedelta

    from rightsguard.jobs.core import claim, enqueue, get_job, kept_leased
    from rightsguard.store import Store
    from rightsguard.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'lease.db'}"
    upgrade(url)
    st = Store(url, "tester")
    try:
        job = enqueue(st, "worker.selftest", {"token": "lease"})
        lease = timedelta(seconds=0.6)
        row = claim(st, "first", None, lease)
        assert row is not None and row.id == job
        with kept_leased(st, job, "first", lease):
            time.sleep(1.5)  # two and a half leases
            assert claim(st, "second", None, lease) is None
            assert get_job(st, job).locked_by == "first"
        time.sleep(0.8)  # the beat has stopped: the lease runs out
        taken = claim(st, "second", None, lease)
        assert taken is not None and taken.locked_by == "second"
    finally:
        st.close()
