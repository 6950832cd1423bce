"""The job table: adding jobs, claiming one under a lease, the row a worker holds,
and the reads of what became of them; inside the caller's transaction.

What a task is, how often it is tried and how long a retry waits are ``jobs``'
business; here are only the rows (and the events that say how an attempt ended).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from rightsguard.domain.errors import NotFound
from rightsguard.store.models import CaptureRow, EventRow, JobRow

#: The events that end an attempt; their ``after["worker"]`` names who ran it.
ATTEMPT_VERBS = ("job.done", "job.failed", "job.queued")


def add_jobs(
    session: Session,
    name: str,
    queue: str,
    many_args: Iterable[Mapping[str, Any]],
    *,
    max_attempts: int,
    run_after: datetime,
    key: str | None = None,
) -> list[int]:
    """Add one job of task ``name`` per set of arguments; return their ids. ``key``
    (unique) is for a single job."""
    rows = [
        JobRow(
            name=name,
            queue=queue,
            args=dict(args),
            key=key,
            max_attempts=max_attempts,
            run_after=run_after,
        )
        for args in many_args
    ]
    session.add_all(rows)
    session.flush()
    return [row.id for row in rows]


def job_with_key(session: Session, key: str) -> int | None:
    found = session.scalar(select(JobRow.id).where(JobRow.key == key))
    return None if found is None else int(found)


def claim_next(
    session: Session,
    owner: str,
    queues: Sequence[str] | None,
    lease: timedelta,
    now: datetime,
    job_id: int | None = None,
) -> JobRow | None:
    """Take the next runnable job (or ``job_id``) for ``owner`` until ``now + lease``;
    the row is returned detached. Runnable: queued and due, or running with an expired
    lease (its worker died). On PostgreSQL rows another claimer holds are skipped."""
    query = (
        select(JobRow)
        .where(
            or_(
                (JobRow.status == "queued") & (JobRow.run_after <= now),
                (JobRow.status == "running") & (JobRow.locked_until < now),
            )
        )
        .order_by(JobRow.run_after, JobRow.id)
        .limit(1)
    )
    if job_id is not None:
        query = query.where(JobRow.id == job_id)
    if queues:
        query = query.where(JobRow.queue.in_(queues))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    row = session.scalar(query)
    if row is None:
        return None
    row.status = "running"
    row.locked_by = owner
    row.locked_until = now + lease
    row.attempts += 1
    session.flush()
    session.expunge(row)
    return row


def extend_lease(session: Session, job_id: int, owner: str, until: datetime) -> bool:
    """Move the lease of a job ``owner`` runs to ``until``; False if it is not theirs."""
    done = session.execute(
        update(JobRow)
        .where(JobRow.id == job_id, JobRow.locked_by == owner, JobRow.status == "running")
        .values(locked_until=until)
    )
    return bool(done.rowcount)  # type: ignore[attr-defined]


def held(session: Session, job_id: int, owner: str) -> JobRow | None:
    """The job's row while ``owner`` still runs it under its lease, else None."""
    row = session.get(JobRow, job_id)
    if row is None or row.locked_by != owner or row.status != "running":
        return None
    return row


def require(session: Session, job_id: int) -> JobRow:
    row = session.get(JobRow, job_id)
    if row is None:
        raise NotFound("job", job_id)
    return row


def detached(session: Session, rows: list[JobRow]) -> list[JobRow]:
    """``rows``, usable after the transaction ends."""
    for row in rows:
        session.expunge(row)
    return rows


def newest(session: Session, status: str | None, limit: int) -> list[JobRow]:
    """The newest jobs (of ``status``), detached."""
    query = select(JobRow).order_by(JobRow.id.desc()).limit(limit)
    if status:
        query = query.where(JobRow.status == status)
    return detached(session, list(session.scalars(query)))


def by_id(session: Session, job_ids: Sequence[int]) -> dict[int, JobRow]:
    return {r.id: r for r in session.scalars(select(JobRow).where(JobRow.id.in_(job_ids)))}


def last_workers(session: Session, job_ids: Sequence[int]) -> dict[int, str]:
    """The worker that last ended an attempt of each job (jobs never run are absent)."""
    workers: dict[int, str] = {}
    for entity_id, after in session.execute(
        select(EventRow.entity_id, EventRow.after)
        .where(EventRow.entity == "job", EventRow.entity_id.in_(job_ids))
        .where(EventRow.verb.in_(ATTEMPT_VERBS))
        .order_by(EventRow.id)
    ):
        if after and after.get("worker"):
            workers[int(entity_id)] = str(after["worker"])
    return workers


def count_in(session: Session, job_ids: Sequence[int], statuses: Iterable[str]) -> int:
    """How many of ``job_ids`` are in one of ``statuses``."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(JobRow)
            .where(JobRow.id.in_(job_ids), JobRow.status.in_(tuple(statuses)))
        )
        or 0
    )


def stranded(session: Session, now: datetime, lease: timedelta) -> list[tuple[int, str]]:
    """(id, queue) of jobs whose worker died (lease expired) or that waited past a lease."""
    rows = session.execute(
        select(JobRow.id, JobRow.queue).where(
            or_(
                (JobRow.status == "running") & (JobRow.locked_until < now),
                (JobRow.status == "queued") & (JobRow.run_after < now - lease),
            )
        )
    )
    return [(int(i), str(q)) for i, q in rows]


def lock(session: Session, job_id: int) -> None:
    """Hold the job's row until the transaction ends (PostgreSQL; SQLite's writer
    lock already serialises)."""
    locked = select(JobRow.id).where(JobRow.id == job_id)
    if session.get_bind().dialect.name == "postgresql":
        locked = locked.with_for_update()
    session.execute(locked)


def marker(session: Session, verb: str, job_id: int) -> EventRow | None:
    """The job's event ``verb`` (a marker recorded once), if there is one."""
    return session.scalar(
        select(EventRow).where(
            EventRow.verb == verb, EventRow.entity == "job", EventRow.entity_id == job_id
        )
    )


def captured_since_queued(session: Session, job_id: int, target_ids: Sequence[int]) -> set[int]:
    """Targets with a complete or partial capture started after the job was queued."""
    queued_at = session.scalar(select(JobRow.created_at).where(JobRow.id == job_id))
    if queued_at is None:
        return set()
    rows = session.scalars(
        select(CaptureRow.target_id).where(
            CaptureRow.target_id.in_(target_ids),
            CaptureRow.status.in_(("complete", "partial")),
            CaptureRow.started_at >= queued_at,
        )
    )
    return {int(t) for t in rows}
