"""Submitting work: rows in the jobs table, then the workspace's runner (by name)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rightsguard.jobs.core import enqueue
from rightsguard.jobs.registry import tasks
from rightsguard.jobs.runners import runner_named
from rightsguard.store import Store
from rightsguard.store import jobs as job_rows
from rightsguard.store.models import utcnow
from rightsguard.workspace import Workspace


def submit(
    ws: Workspace,
    store: Store,
    name: str,
    args: Mapping[str, Any] | None = None,
    *,
    key: str | None = None,
) -> int:
    """Enqueue a job and hand it to the workspace's runner."""
    job_id = enqueue(store, name, args, key=key)
    runner_named(str(ws.settings.job_runner), ws).hand_over([(job_id, tasks().get(name).queue)])
    return job_id


def submit_many(
    ws: Workspace,
    store: Store,
    name: str,
    many_args: list[Mapping[str, Any]],
    *,
    runner: str | None = None,
) -> list[int]:
    """Queue many jobs of one task at once: one transaction for the rows, one hand-over
    to the runner (``runner`` by name, else the workspace's ``job_runner``); their ids."""
    spec = tasks().get(name)
    with store.transaction() as session:
        ids = job_rows.add_jobs(
            session, name, spec.queue, many_args, max_attempts=spec.max_attempts, run_after=utcnow()
        )
        for job_id in ids:
            store.record(session, "job.enqueued", "job", job_id, after={"name": name})
    runner_named(runner or str(ws.settings.job_runner), ws).hand_over(
        [(job_id, spec.queue) for job_id in ids]
    )
    return ids
