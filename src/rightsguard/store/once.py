"""Once-only effects of background jobs: a job's work writes through ``OnceStore``,
whose every writing transaction also records the job's ``job.effect`` marker under a
lock on the job's row, so a retry (or a second copy) of a job that already took
effect is rolled back instead of applied twice."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from rightsguard.store import jobs as job_rows
from rightsguard.store.base import Store

EFFECT = "job.effect"


class AlreadyApplied(Exception):
    """Another attempt of the same job committed its effect first."""


def effect_of(store: Store, job_id: int) -> dict[str, Any] | None:
    """What the job's committed effect recorded, or None if it has none yet."""
    with store.transaction() as session:
        row = job_rows.marker(session, EFFECT, job_id)
        return dict(row.after or {}) if row is not None else None


class OnceStore(Store):
    """The store seen by a job's work: every transaction that writes also records
    the job's ``job.effect`` marker, under a lock on the job's row, and is rolled
    back if the marker is already there (an earlier attempt took effect)."""

    def __init__(self, store: Store, job_id: int, summary: Mapping[str, Any]) -> None:
        super().__init__(store.url, store.actor, engine=store.engine)
        self.job_id = job_id
        self.summary = dict(summary)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with super().transaction() as session:
            wrote: list[bool] = []
            event.listen(session, "after_flush", lambda *_: wrote.append(True))
            yield session
            session.flush()
            if wrote:
                self._mark(session)

    def _mark(self, session: Session) -> None:
        job_rows.lock(session, self.job_id)
        if job_rows.marker(session, EFFECT, self.job_id) is not None:
            raise AlreadyApplied
        self.record(session, EFFECT, "job", self.job_id, after=self.summary)
