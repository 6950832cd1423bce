"""Tasks, claiming under a lease, running one job and its retry policy (the job
table's rows are ``store.jobs``')."""

from __future__ import annotations

import json
import os
import random
import socket
import threading
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from rightsguard.domain.errors import InvalidValue, RightsGuardError
from rightsguard.jobs.registry import tasks
from rightsguard.store import Store
from rightsguard.store import jobs as job_rows
from rightsguard.store.models import JobRow, utcnow
from rightsguard.workspace import Workspace


@dataclass(frozen=True)
class JobContext:
    workspace: Workspace | None
    store: Store
    job_id: int
    attempt: int


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def enqueue(
    store: Store,
    name: str,
    args: Mapping[str, Any] | None = None,
    *,
    key: str | None = None,
    run_after: datetime | None = None,
) -> int:
    """Add a job; with ``key``, an existing job of that key is returned instead."""
    spec = tasks().get(name)
    payload = dict(args or {})
    try:
        if json.loads(json.dumps(payload)) != payload:
            raise TypeError("changes in JSON")
    except (TypeError, ValueError) as exc:
        raise InvalidValue("args", f"job arguments must be plain JSON values ({exc})") from None
    with store.transaction() as session:
        if key is not None:
            existing = job_rows.job_with_key(session, key)
            if existing is not None:
                return existing
        (job_id,) = job_rows.add_jobs(
            session,
            name,
            spec.queue,
            [payload],
            max_attempts=spec.max_attempts,
            run_after=run_after or utcnow(),
            key=key,
        )
        store.record(session, "job.enqueued", "job", job_id, after={"name": name, "key": key})
        return job_id


def claim(
    store: Store, owner: str, queues: list[str] | None, lease: timedelta, job_id: int | None = None
) -> JobRow | None:
    """Take the next runnable job (or ``job_id``) under a lease, atomically.

    Runnable: queued and due, or running with an expired lease (its worker died).
    """
    with store.transaction() as session:
        return job_rows.claim_next(session, owner, queues, lease, utcnow(), job_id)


def extend_lease(store: Store, job_id: int, owner: str, lease: timedelta) -> bool:
    with store.transaction() as session:
        return job_rows.extend_lease(session, job_id, owner, utcnow() + lease)


@contextmanager
def kept_leased(store: Store, job_id: int, owner: str, lease: timedelta) -> Iterator[None]:
    """Renew the job's lease every third of it while the block runs, so that a job
    longer than its lease is never taken up by a second worker while the first
    still runs it (a renewal that fails is tried again at the next beat)."""
    beat = threading.Event()

    def renew() -> None:
        while not beat.wait(lease.total_seconds() / 3):
            with suppress(Exception):
                extend_lease(store, job_id, owner, lease)

    keeper = threading.Thread(target=renew, daemon=True, name=f"lease-{job_id}")
    keeper.start()
    try:
        yield
    finally:
        beat.set()
        keeper.join()


def backoff(attempt: int, base: float = 2.0, cap: float = 600.0) -> timedelta:
    """Exponential backoff with full jitter."""
    return timedelta(seconds=random.uniform(0, min(cap, base * 2**attempt)))


def execute_job(ctx_workspace: Workspace | None, store: Store, row: JobRow, owner: str) -> str:
    """Run a claimed job; record the outcome. Returns the new status."""
    spec = tasks().find(row.name)
    result: Mapping[str, Any] | None = None
    error: str | None = None
    if spec is None:
        error = f"no task named {row.name!r} in this worker"
    else:
        try:
            result = spec.fn(JobContext(ctx_workspace, store, row.id, row.attempts), **row.args)
        except RightsGuardError as exc:
            error = f"{exc.code}: {exc.message}"
        except Exception as exc:
            error = "".join(traceback.format_exception_only(exc)).strip()
    with store.transaction() as session:
        current = job_rows.held(session, row.id, owner)
        if current is None:
            return "lost-lease"  # another worker took it over; its outcome counts
        if error is None:
            current.status = "done"
            current.result = dict(result) if result else None
            current.error = None
            current.finished_at = utcnow()
        elif current.attempts >= current.max_attempts:
            current.status = "failed"
            current.error = error
            current.finished_at = utcnow()
        else:
            current.status = "queued"
            current.error = error
            current.run_after = utcnow() + backoff(current.attempts)
        current.locked_by = None
        current.locked_until = None
        store.record(
            session,
            f"job.{current.status}",
            "job",
            row.id,
            after={
                "name": row.name,
                "attempt": current.attempts,
                "error": error,
                "worker": owner,
            },
        )
        return current.status


def get_job(store: Store, job_id: int) -> JobRow:
    with store.transaction() as session:
        return job_rows.detached(session, [job_rows.require(session, job_id)])[0]


def list_jobs(store: Store, status: str | None = None, limit: int = 200) -> list[JobRow]:
    with store.transaction() as session:
        return job_rows.newest(session, status, limit)


def retry_job(store: Store, job_id: int) -> None:
    with store.transaction() as session:
        row = job_rows.require(session, job_id)
        if row.status not in ("failed", "cancelled"):
            raise InvalidValue(
                "job", f"job {job_id} is {row.status}; only failed or cancelled jobs are retried"
            )
        row.status, row.run_after, row.max_attempts = "queued", utcnow(), row.attempts + 1
        store.record(session, "job.retried", "job", job_id)


def cancel_job(store: Store, job_id: int) -> None:
    with store.transaction() as session:
        row = job_rows.require(session, job_id)
        if row.status not in ("queued",):
            raise InvalidValue(
                "job", f"job {job_id} is {row.status}; only queued jobs can be cancelled"
            )
        row.status = "cancelled"
        store.record(session, "job.cancelled", "job", job_id)
