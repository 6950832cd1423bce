"""Runners, chosen by name (the ``job_runner`` setting): how a queued job reaches a
worker. Every runner executes the same rows of the jobs table through
``jobs.core.execute_job``; they differ only in how workers learn of new jobs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from rightsguard.domain.errors import InvalidValue
from rightsguard.workspace import Workspace


class Runner(Protocol):
    name: str

    def hand_over(self, jobs: Sequence[tuple[int, str]]) -> None:
        """Tell the workers of these (job id, queue) pairs, already in the jobs table."""


class InlineRunner:
    """Workers poll the jobs table (``rightsguard worker`` or in-process threads)."""

    name = "inline"

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def hand_over(self, jobs: Sequence[tuple[int, str]]) -> None:
        return None  # the rows are the hand-over


class CeleryRunner:
    """Each job's id goes to the broker (Redis or RabbitMQ) on its task's queue."""

    name = "celery"

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def hand_over(self, jobs: Sequence[tuple[int, str]]) -> None:
        from rightsguard.jobs.celery_runner import make_celery, send  # Celery loads slowly

        app = make_celery(self.ws.settings.broker_url, float(self.ws.settings.job_lease_seconds))
        try:
            for job_id, queue in jobs:
                send(app, job_id, queue)
        finally:
            app.close()


RUNNERS: dict[str, Callable[[Workspace], Runner]] = {
    "inline": InlineRunner,
    "celery": CeleryRunner,
}


def runner_named(name: str, ws: Workspace) -> Runner:
    try:
        return RUNNERS[name](ws)
    except KeyError:
        raise InvalidValue(
            "job_runner", f"{name!r} is not one of {', '.join(sorted(RUNNERS))}"
        ) from None
