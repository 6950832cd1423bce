"""The Celery runner: the same job rows, carried by Celery over Redis or RabbitMQ.

A Celery message carries only a job id. The worker claims that row under a
lease and runs it with ``execute_job``, exactly as the inline runner does, so
the database stays the record of what was asked and what came of it.
``acks_late`` with ``reject_on_worker_lost`` puts the message back when a
worker's child dies mid-task. When a whole worker dies, its unacknowledged
messages may sit with the broker for a long time, so every worker also sweeps:
each lease period it sends again the id of any job whose lease expired or
that is overdue. A message more than needed is harmless: claiming is atomic,
and a job that is done, or leased by a live worker, is not run again.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from celery import Celery
from celery.signals import worker_process_init

from rightsguard.jobs.core import claim, execute_job, get_job, kept_leased, worker_id
from rightsguard.store import Store, open_store
from rightsguard.store import jobs as job_rows
from rightsguard.store.models import utcnow
from rightsguard.workspace import Workspace, find_workspace

TASK_NAME = "rightsguard.run_job"
#: A stranded job is re-sent at most once per this many leases.
RESEND_LEASES = 4


@lru_cache(maxsize=1)
def _context() -> tuple[Workspace, Store]:
    ws = find_workspace(
        Path(os.environ["RIGHTSGUARD_HOME"]) if "RIGHTSGUARD_HOME" in os.environ else None
    )
    return ws, open_store(ws)


@worker_process_init.connect
def _fresh_connections(**_: Any) -> None:
    """A pool child forked from the worker's main process (whose sweeper holds the
    store) must not share its database connections: drop the inherited ones unclosed."""
    if _context.cache_info().currsize:
        _context()[1].engine.dispose(close=False)


def make_celery(broker_url: str, lease_seconds: float = 60.0) -> Celery:
    app = Celery("rightsguard", broker=broker_url)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        broker_transport_options={"visibility_timeout": max(5, int(lease_seconds * 2))},
    )
    lease = timedelta(seconds=lease_seconds)

    @app.task(name=TASK_NAME, bind=True, max_retries=None)  # type: ignore[untyped-decorator]
    def run_job(self: Any, job_id: int) -> str:
        ws, store = _context()
        owner = f"celery:{worker_id()}"
        row = claim(store, owner, None, lease, job_id=job_id)
        if row is None:
            current = get_job(store, job_id)
            if current.status in ("queued", "running"):  # not due yet, or leased elsewhere
                wait = (current.locked_until or current.run_after) - utcnow()
                raise self.retry(countdown=max(1.0, wait.total_seconds()))
            return current.status  # done, failed or cancelled: nothing to do
        with kept_leased(store, job_id, owner, lease):
            status = execute_job(ws, store, row, owner)
        if status == "queued":  # failed this time; retry after the job's backoff
            wait = get_job(store, job_id).run_after - utcnow()
            raise self.retry(countdown=max(0.5, wait.total_seconds()))
        return status

    return app


def send(app: Celery, job_id: int, queue: str) -> None:
    app.send_task(TASK_NAME, args=[job_id], queue=queue)


def stranded(store: Store, lease: timedelta) -> list[tuple[int, str]]:
    """Jobs whose worker died (lease expired) or that waited past a lease."""
    with store.transaction() as session:
        return job_rows.stranded(session, utcnow(), lease)


def sweep_forever(app: Celery, store: Store, lease: timedelta, stop: threading.Event) -> None:
    """Re-send stranded jobs; each at most once per ``RESEND_LEASES`` leases, so that a
    long backlog waiting in the broker is not flooded with copies (a copy is harmless:
    only one worker can claim the job, but each costs a message)."""
    sent: dict[int, float] = {}
    while not stop.wait(lease.total_seconds()):
        now = time.monotonic()
        quiet = RESEND_LEASES * lease.total_seconds()
        try:
            for job_id, queue in stranded(store, lease):
                if now - sent.get(job_id, -quiet) >= quiet:
                    send(app, job_id, queue)
                    sent[job_id] = now
        except Exception:  # a sweep that fails is tried again next period
            continue
        for job_id in [j for j, at in sent.items() if now - at > 2 * quiet]:
            del sent[job_id]


def start_sweeper(app: Celery, lease_seconds: float) -> threading.Event:
    """Run the sweep in a daemon thread of the worker's main process."""
    stop = threading.Event()
    _, store = _context()
    threading.Thread(
        target=sweep_forever,
        args=(app, store, timedelta(seconds=lease_seconds), stop),
        daemon=True,
        name="rightsguard-sweeper",
    ).start()
    return stop
