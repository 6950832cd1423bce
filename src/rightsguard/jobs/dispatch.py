"""Submitting work through the workspace's configured runner."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rightsguard.jobs.core import TASKS, enqueue
from rightsguard.store import Store
from rightsguard.workspace import Workspace


def submit(
    ws: Workspace,
    store: Store,
    name: str,
    args: Mapping[str, Any] | None = None,
    *,
    key: str | None = None,
) -> int:
    """Enqueue a job; under the Celery runner also hand its id to the broker."""
    job_id = enqueue(store, name, args, key=key)
    if ws.settings.job_runner == "celery":
        from rightsguard.jobs.celery_runner import make_celery, send

        app = make_celery(ws.settings.broker_url, float(ws.settings.job_lease_seconds))
        try:
            send(app, job_id, TASKS[name].queue)
        finally:
            app.close()
    return job_id
