"""The scale-out tasks: each kind of background work on a queue of its own.

==================  =========  ====================================================
task                queue      what it does, and why running it twice shows once
==================  =========  ====================================================
capture.once        capture    captures targets; a retry skips a target captured
                               (complete or partial) since the job was queued
recheck.targets     recheck    one look at each target; the looks, their status
                               changes and a ``job.effect`` marker commit together,
                               so a retry (or a second copy) of the job is a no-op
discover.brand      discovery  look-alikes of domains, registered ones imported into
                               a case (the importer de-duplicates)
dispatch.action     dispatch   sends an approved action; an action already sent is
                               left alone, an interrupted send reuses its Message-ID
capture.reap        capture    marks captures a killed worker left ``pending`` as
                               failed, with the reason
==================  =========  ====================================================

``identify.targets`` (queue identify) and the rest live in ``jobs/builtin.py``.
Workers choose their queues (``rightsguard worker --queues capture,recheck``), so a
machine can be given only the work it is sized for.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from rightsguard.domain.errors import InvalidValue
from rightsguard.jobs.core import JobContext, task
from rightsguard.net import Network, network_for
from rightsguard.store import Store
from rightsguard.store import jobs as job_rows
from rightsguard.workspace import Workspace

EFFECT = "job.effect"


class _AlreadyApplied(Exception):
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
            raise _AlreadyApplied
        self.record(session, EFFECT, "job", self.job_id, after=self.summary)


def _workspace(ctx: JobContext, name: str) -> Workspace:
    if ctx.workspace is None:
        raise InvalidValue("workspace", f"{name} needs a workspace")
    return ctx.workspace


def _network(ws: Workspace, *, sandbox: bool) -> Network:
    """The workspace's network, or the running sandbox for ``sandbox=True`` jobs."""
    return network_for(ws.settings, "sandbox" if sandbox else None)


@task("recheck.targets", queue="recheck", max_attempts=5)
def recheck_batch(
    ctx: JobContext, target_ids: list[int], *, sandbox: bool = False
) -> Mapping[str, Any]:
    """One look at each of ``target_ids`` (HTTP), recorded once per job."""
    from rightsguard.discover.recheck import recheck_targets
    from rightsguard.evidence.limits import CaptureLimits

    done = effect_of(ctx.store, ctx.job_id)
    if done is not None:
        return {**done, "repeat_of_done_job": True}
    ws = _workspace(ctx, "recheck.targets")
    network = _network(ws, sandbox=sandbox)
    guard = network.guard()
    limits = CaptureLimits.from_settings(ws.settings)
    once = OnceStore(ctx.store, ctx.job_id, {"targets": len(target_ids)})
    try:
        results = recheck_targets(
            once, [int(t) for t in target_ids], lambda: network.fetch_client(limits, guard=guard)
        )
    except _AlreadyApplied:
        return {**(effect_of(ctx.store, ctx.job_id) or {}), "repeat_of_done_job": True}
    states: dict[str, int] = {}
    for r in results:
        states[r.state] = states.get(r.state, 0) + 1
    return {"rechecked": len(results), "states": states}


def _captured_since_queued(store: Store, job_id: int, target_ids: list[int]) -> set[int]:
    """Targets with a complete or partial capture started after the job was queued."""
    with store.transaction() as session:
        return job_rows.captured_since_queued(session, job_id, target_ids)


@task("capture.once", queue="capture", max_attempts=3)
def capture_once(
    ctx: JobContext, target_ids: list[int], mode: str = "http", *, sandbox: bool = False
) -> Mapping[str, Any]:
    """Capture targets as evidence, each once for this job: a retry after a kill skips
    the targets an earlier attempt finished (its unfinished capture is reaped as failed)."""
    from rightsguard.services.capture import capture_targets

    ws = _workspace(ctx, "capture.once")
    wanted = [int(t) for t in target_ids]
    skip = _captured_since_queued(ctx.store, ctx.job_id, wanted)
    items: list[tuple[str, int | None]] = [
        (ctx.store.targets.get(t).url, t) for t in wanted if t not in skip
    ]
    outcomes = capture_targets(
        ws, ctx.store, items, mode=mode, concurrency=2, processes=1, sandbox=sandbox
    )
    statuses: dict[str, int] = {}
    for o in outcomes:
        statuses[o.status.value] = statuses.get(o.status.value, 0) + 1
    return {"captured": statuses, "already": sorted(skip)}


@task("capture.reap", queue="capture", max_attempts=3)
def capture_reap(ctx: JobContext, older_than_seconds: float | None = None) -> Mapping[str, Any]:
    """Mark captures left pending by a stopped worker as failed (default: older than
    twice ``capture_timeout_seconds``, so no live capture is touched)."""
    ws = _workspace(ctx, "capture.reap")
    limit = older_than_seconds
    if limit is None:
        limit = 2.0 * float(ws.settings.capture_timeout_seconds)
    return {"failed": ctx.store.captures.fail_interrupted(float(limit))}


@task("discover.brand", queue="discovery", max_attempts=3)
def discover_brand(
    ctx: JobContext,
    domains: list[str],
    case_id: int | None = None,
    fuzzers: list[str] | None = None,
    resolvers: list[str] | None = None,
    timeout: float = 2.0,
    combos: Mapping[str, Any] | None = None,
) -> Mapping[str, Any]:
    """Look-alikes of ``domains``, checked in DNS; with ``case_id`` the registered
    ones are imported into the case (existing targets are linked, never doubled).
    ``combos`` (``{"budget": N, "year": Y, "classes": [...], "vocabulary": [...]}``)
    checks the likeliest N combination names instead, and fuzzers only if named."""
    from rightsguard.discover import assess_all, check_domains, discovered_rows, generate
    from rightsguard.discover.combos import combos as combination_names
    from rightsguard.discover.model import parse_seed
    from rightsguard.store.target_import import import_targets

    ws = _workspace(ctx, "discover.brand")
    if not domains:
        raise InvalidValue("domains", "give at least one domain")
    seeds = list({s.domain: s for s in (parse_seed(d) for d in domains)}.values())
    if combos is None:
        candidates = generate(seeds, fuzzers or None)
    else:
        ranked = combination_names(
            seeds,
            year=int(combos.get("year") or date.today().year),
            budget=int(combos.get("budget", 2000)),
            classes=[int(c) for c in combos.get("classes", [])],
            vocabulary=[str(w) for w in combos.get("vocabulary", [])],
        )
        candidates = [r.candidate for r in ranked]
        if fuzzers:
            known = {c.domain for c in candidates}
            candidates += [c for c in generate(seeds, fuzzers) if c.domain not in known]
    results = check_domains(
        candidates,
        resolvers=resolvers or network_for(ws.settings).endpoints.dns_resolvers,
        timeout=timeout,
    )
    assessed = assess_all(results, registered_only=True)
    summary: dict[str, Any] = {
        "candidates": len(candidates),
        "registered": [a.candidate.domain for a in assessed][:200],
        "errors": sum(1 for r in results if r.error),
    }
    if case_id is not None and assessed:
        with tempfile.TemporaryDirectory(prefix="rg-discover-job-") as folder:
            path = Path(folder) / "found.jsonl"
            lines = (json.dumps(r, ensure_ascii=False) for r in discovered_rows(assessed))
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            report = import_targets(
                ctx.store,
                path,
                case_id=int(case_id),
                fmt="jsonl",
                batch_size=ws.settings.import_batch_size,
            ).as_dict()
        summary["import"] = {k: v for k, v in report.items() if k != "source"}
    return summary


@task("dispatch.action", queue="dispatch", max_attempts=4)
def dispatch_action(ctx: JobContext, action_id: int, role: str = "counsel") -> Mapping[str, Any]:
    """Send an approved action by e-mail. An action that is already past approval
    (sent, acknowledged, …) is not sent again; a send cut short by a kill is sent
    again with the same Message-ID, so the recipient's mail system sees one message."""
    from rightsguard.domain.enums import ActionStatus
    from rightsguard.services.actions import send_action

    ws = _workspace(ctx, "dispatch.action")
    action, data = ctx.store.actions.get(int(action_id))
    if action.status is not ActionStatus.APPROVED:
        dispatch = data.get("dispatch") or {}
        if dispatch.get("state") == "sent":
            return {"action": action_id, "message_id": dispatch.get("message_id"), "again": False}
        raise InvalidValue(
            "action", f"action {action_id} is {action.status.value}; only approved ones are sent"
        )
    sent, sent_data, _ = send_action(ws, ctx.store, int(action_id), role=role)
    return {
        "action": action_id,
        "status": sent.status.value,
        "message_id": sent_data["dispatch"]["message_id"],
    }


def submit_many(
    ws: Workspace,
    store: Store,
    name: str,
    many_args: list[Mapping[str, Any]],
    *,
    runner: str | None = None,
) -> list[int]:
    """Queue many jobs of one task at once: one transaction for the rows, one broker
    connection for the messages (under the Celery runner: ``runner``, else the
    workspace's ``job_runner``). Returns their ids."""
    from rightsguard.jobs.core import TASKS, load_builtin_tasks
    from rightsguard.store.models import utcnow

    load_builtin_tasks()
    spec = TASKS.get(name)
    if spec is None:
        raise InvalidValue("task", f"no task named {name!r}")
    with store.transaction() as session:
        ids = job_rows.add_jobs(
            session, name, spec.queue, many_args, max_attempts=spec.max_attempts, run_after=utcnow()
        )
        for job_id in ids:
            store.record(session, "job.enqueued", "job", job_id, after={"name": name})
    if (runner or ws.settings.job_runner) == "celery":
        from rightsguard.jobs.celery_runner import make_celery, send

        app = make_celery(ws.settings.broker_url, float(ws.settings.job_lease_seconds))
        try:
            for job_id in ids:
                send(app, job_id, spec.queue)
        finally:
            app.close()
    return ids
