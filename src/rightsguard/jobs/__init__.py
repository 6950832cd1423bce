"""Background work: one task interface, two runners.

Public surface::

    tasks()                                         the registry, built from jobs/tasks.py
    @task("name", queue="capture", max_attempts=5)   add a task (extensions, tests)
    def fn(ctx: JobContext, **args) -> dict | None   args are JSON-safe (ids, text, numbers)
    enqueue(store, "name", {"arg": 1}, key=None)     add a job (a key makes it idempotent)
    InlineWorker(workspace, queues=...).run()        the default runner: in-process
                                                     threads, state in the workspace DB
    celery_app(workspace)                            the Celery runner (Redis/RabbitMQ)

Both runners execute the same rows of the ``jobs`` table through
``execute_job``: a job is claimed under a lease (``locked_until``), run, and
marked done, or retried with exponential backoff and jitter, or failed after
its last attempt. A worker killed mid-task leaves its lease to expire; the job
is then claimed again and resumes. Tasks are written to be idempotent (their
effects keyed by what they act on), so a retry never shows twice.
"""

from rightsguard.jobs.core import JobContext, enqueue, execute_job
from rightsguard.jobs.inline import InlineWorker
from rightsguard.jobs.registry import task, tasks

__all__ = ["InlineWorker", "JobContext", "enqueue", "execute_job", "task", "tasks"]
