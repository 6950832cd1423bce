"""The Celery runner against the machine's real Redis: jobs carried by Celery,
a worker killed mid-task loses no job, and no job's effect shows twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rightsguard.jobs.core import list_jobs
from rightsguard.jobs.dispatch import submit
from rightsguard.store import Store
from rightsguard.store.models import EventRow, JobRow
from rightsguard.workspace import Workspace, init_workspace

pytestmark = pytest.mark.redis

BROKER = os.environ.get("RIGHTSGUARD_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def celery_ws(
    tmp_path: Path, missing_service: Callable[[str], None]
) -> Iterator[tuple[Workspace, dict[str, str]]]:
    import redis

    client = redis.Redis.from_url(BROKER)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        client.close()
        missing_service(f"Redis at {BROKER} ({exc})")
    client.flushdb()
    env = {
        **os.environ,
        "RIGHTSGUARD_JOB_RUNNER": "celery",
        "RIGHTSGUARD_BROKER_URL": BROKER,
        "RIGHTSGUARD_JOB_LEASE_SECONDS": "2",
    }
    os.environ.update(
        {
            k: env[k]
            for k in (
                "RIGHTSGUARD_JOB_RUNNER",
                "RIGHTSGUARD_BROKER_URL",
                "RIGHTSGUARD_JOB_LEASE_SECONDS",
            )
        }
    )
    try:
        yield init_workspace(tmp_path / "ws"), env
    finally:
        for k in (
            "RIGHTSGUARD_JOB_RUNNER",
            "RIGHTSGUARD_BROKER_URL",
            "RIGHTSGUARD_JOB_LEASE_SECONDS",
        ):
            os.environ.pop(k, None)
        client.flushdb()
        client.close()


def _worker(ws: Workspace, env: dict[str, str]) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("rightsguard")
    return subprocess.Popen(
        [exe, "-w", str(ws.root), "worker", "--runner", "celery", "--concurrency", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _count(store: Store, status: str) -> int:
    with store.transaction() as session:
        return int(
            session.scalar(select(func.count()).select_from(JobRow).where(JobRow.status == status))
            or 0
        )


def test_celery_worker_killed_mid_task_loses_nothing(
    celery_ws: tuple[Workspace, dict[str, str]],
) -> None:
    ws, env = celery_ws
    store = Store(ws.database_url, "tester")
    tokens = [f"celery-{i}" for i in range(8)]
    for t in tokens:
        submit(ws, store, "worker.selftest", {"token": t, "seconds": 0.8})
    first = _worker(ws, env)
    try:
        deadline = time.time() + 60
        while _count(store, "running") == 0 and time.time() < deadline:
            time.sleep(0.05)
        assert _count(store, "running") > 0, "the Celery worker never started a job"
        time.sleep(0.3)
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    assert _count(store, "done") < len(tokens)
    second = _worker(ws, env)
    try:
        deadline = time.time() + 90
        while _count(store, "done") < len(tokens) and time.time() < deadline:
            time.sleep(0.2)
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=30)
    assert {j.status for j in list_jobs(store)} == {"done"}
    with store.transaction() as session:
        for t in tokens:
            seen = session.scalar(
                select(func.count())
                .select_from(EventRow)
                .where(EventRow.verb == "worker.selftest", EventRow.reason == t)
            )
            assert seen == 1, f"{t} took effect {seen} times"
    store.close()
