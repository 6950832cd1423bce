"""The background tasks, one module: each takes ids and plain values and is safe to run
twice; each is a thin caller of a workflow (``services``) or a step.

Each kind of background work runs on a queue of its own.

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
discover.ct         discovery  new certificates in the CT log (``ct_log_url``) naming
                               the brand; the log position is kept, hits imported once
discover.zone       discovery  names a zone file (``zone_file``) gained since the last
                               run that hold the brand; today's names kept
dispatch.action     dispatch   sends an approved action; an action already sent is
                               left alone, an interrupted send reuses its Message-ID
capture.reap        capture    marks captures a killed worker left ``pending`` as
                               failed, with the reason
==================  =========  ====================================================

Also: ``capture.targets`` and ``identify.targets`` (a case's targets, on the capture
and identify queues), ``recheck.watched``, ``evidence.stamp_pending``,
``ledger.checkpoint`` and ``worker.selftest``. Workers choose their queues
(``rightsguard worker --queues capture,recheck``), so a machine can be given only the
work it is sized for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from rightsguard.discover.model import parse_seed
from rightsguard.discover.recheck import due_targets, parse_schedules, recheck_targets
from rightsguard.domain.enums import ActionStatus
from rightsguard.domain.errors import InvalidValue
from rightsguard.evidence.items import stamp_pending as stamp_items
from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.limits import CaptureLimits
from rightsguard.evidence.seal import stamp_waiting_captures
from rightsguard.evidence.signing import Signer
from rightsguard.evidence.tsa_config import tsa_client
from rightsguard.jobs.core import JobContext
from rightsguard.jobs.once import AlreadyApplied, OnceStore, effect_of
from rightsguard.jobs.registry import TaskSpec
from rightsguard.net import Network, network_for
from rightsguard.services.actions import send_action
from rightsguard.services.bulk_work import draft_notices
from rightsguard.services.capture import capture_targets
from rightsguard.services.discovery import CombinationPlan
from rightsguard.services.discovery import discover_brand as run_discovery
from rightsguard.services.feeds import FeedRun, brand_seeds, watch_ct, watch_zone
from rightsguard.services.identify import identify_targets
from rightsguard.services.notify import notify
from rightsguard.services.recheck import recheck_and_capture
from rightsguard.store import Store
from rightsguard.store import jobs as job_rows
from rightsguard.store.blobs import BlobStore
from rightsguard.workspace import Workspace


def _workspace(ctx: JobContext, name: str) -> Workspace:
    if ctx.workspace is None:
        raise InvalidValue("workspace", f"{name} needs a workspace")
    return ctx.workspace


def _network(ws: Workspace, *, sandbox: bool) -> Network:
    """The workspace's network, or the running sandbox for ``sandbox=True`` jobs."""
    return network_for(ws.settings, "sandbox" if sandbox else None)


def recheck_batch(
    ctx: JobContext, target_ids: list[int], *, sandbox: bool = False
) -> Mapping[str, Any]:
    """One look at each of ``target_ids`` (HTTP), recorded once per job."""
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
    except AlreadyApplied:
        return {**(effect_of(ctx.store, ctx.job_id) or {}), "repeat_of_done_job": True}
    states: dict[str, int] = {}
    for r in results:
        states[r.state] = states.get(r.state, 0) + 1
    return {"rechecked": len(results), "states": states}


def _captured_since_queued(store: Store, job_id: int, target_ids: list[int]) -> set[int]:
    """Targets with a complete or partial capture started after the job was queued."""
    with store.transaction() as session:
        return job_rows.captured_since_queued(session, job_id, target_ids)


def capture_once(
    ctx: JobContext, target_ids: list[int], mode: str = "http", *, sandbox: bool = False
) -> Mapping[str, Any]:
    """Capture targets as evidence, each once for this job: a retry after a kill skips
    the targets an earlier attempt finished (its unfinished capture is reaped as failed)."""

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


def capture_reap(ctx: JobContext, older_than_seconds: float | None = None) -> Mapping[str, Any]:
    """Mark captures left pending by a stopped worker as failed (default: older than
    twice ``capture_timeout_seconds``, so no live capture is touched)."""
    ws = _workspace(ctx, "capture.reap")
    limit = older_than_seconds
    if limit is None:
        limit = 2.0 * float(ws.settings.capture_timeout_seconds)
    return {"failed": ctx.store.captures.fail_interrupted(float(limit))}


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

    ws = _workspace(ctx, "discover.brand")
    if not domains:
        raise InvalidValue("domains", "give at least one domain")
    seeds = list({s.domain: s for s in (parse_seed(d) for d in domains)}.values())
    plan = None
    if combos is not None:
        plan = CombinationPlan(
            budget=int(combos.get("budget", 2000)),
            year=int(combos.get("year") or date.today().year),
            classes=[int(c) for c in combos.get("classes", [])],
            vocabulary=[str(w) for w in combos.get("vocabulary", [])],
        )
    return run_discovery(
        ws,
        ctx.store,
        seeds,
        resolvers=resolvers or network_for(ws.settings).endpoints.dns_resolvers,
        case_id=None if case_id is None else int(case_id),
        fuzzers=fuzzers,
        combinations=plan,
        timeout=timeout,
    )


def _watcher(name: str, watch: Callable[..., FeedRun], doc: str) -> Callable[..., Any]:
    """The task ``name``: ``watch`` (``services.feeds``) for the brand: the domains and
    rights' marks given, or, with neither, every right's mark; with ``case_id`` the
    hits are imported (the importer de-duplicates)."""

    def run(
        ctx: JobContext,
        domains: list[str] | None = None,
        rights: list[int] | None = None,
        case_id: int | None = None,
        *,
        sandbox: bool = False,
    ) -> Mapping[str, Any]:
        ws = _workspace(ctx, name)
        seeds, marks = brand_seeds(ctx.store, domains or [], [int(r) for r in rights or []])
        found = watch(
            ws,
            ctx.store,
            seeds,
            marks,
            case_id=None if case_id is None else int(case_id),
            network=_network(ws, sandbox=sandbox),
        )
        return found.as_dict()

    run.__name__ = run.__qualname__ = name.replace(".", "_")
    run.__doc__ = doc
    return run


discover_ct = _watcher(
    "discover.ct",
    watch_ct,
    "New certificates in the CT log (``ct_log_url``) whose names hold the brand; the "
    "log position is kept, so a second run reads only what is new.",
)
discover_zone = _watcher(
    "discover.zone",
    watch_zone,
    "Names the zone file (``zone_file``) gained since the last run that hold the brand; "
    "today's names are kept for the next run.",
)


def dispatch_action(ctx: JobContext, action_id: int, role: str = "counsel") -> Mapping[str, Any]:
    """Send an approved action by e-mail. An action that is already past approval
    (sent, acknowledged, …) is not sent again; a send cut short by a kill is sent
    again with the same Message-ID, so the recipient's mail system sees one message."""

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


def stamp_pending(ctx: JobContext) -> Mapping[str, Any]:
    """Retry the timestamps of evidence still awaiting one."""
    if ctx.workspace is None:
        raise InvalidValue("workspace", "this task needs a workspace")
    tsa = tsa_client(ctx.workspace)
    if tsa is None:
        return {"stamped": 0, "waiting": 0, "note": "no TSA configured"}

    try:
        blobs = BlobStore(ctx.workspace.evidence_dir)
        done, waiting = stamp_items(ctx.store, blobs, tsa)
        captured, captures_waiting = stamp_waiting_captures(ctx.store, blobs, tsa)
        done += captured
        waiting += captures_waiting
    finally:
        tsa.close()
    if waiting:
        raise RuntimeError(f"{waiting} item(s) still awaiting a timestamp")  # retried later
    return {"stamped": done}


def checkpoint(ctx: JobContext) -> Mapping[str, Any]:
    """Sign (and, with a TSA, time-stamp) the current ledger head."""
    if ctx.workspace is None:
        raise InvalidValue("workspace", "this task needs a workspace")
    tsa = tsa_client(ctx.workspace)
    try:
        head = Ledger(ctx.store, Signer.from_file(ctx.workspace.key_file)).checkpoint(
            stamp=(lambda m: tsa.stamp(m).reply) if tsa is not None else None
        )
    finally:
        if tsa is not None:
            tsa.close()
    return {"size": head.size, "root": head.root.hex(), "timestamped": head.tsa_token is not None}


def selftest(ctx: JobContext, token: str, seconds: float = 0.0) -> Mapping[str, Any]:
    """Prove a worker runs jobs: records one event per token (never two), after an
    optional pause (at most 10 s) that lets tests kill a worker mid-task."""
    import time

    first = ctx.store.events.record_once(
        "worker.selftest", "job", ctx.job_id, reason=token, after={"attempt": ctx.attempt}
    )
    time.sleep(min(max(seconds, 0.0), 10.0))
    return {"token": token, "first": first}


def recheck_watched(ctx: JobContext) -> Mapping[str, Any]:
    """Recheck the targets under watch (actioned, persisting, removed, reappeared) whose
    schedule says they are due (``recheck_schedules``), capturing what changed."""

    if ctx.workspace is None:
        raise InvalidValue("workspace", "this task needs a workspace")

    ws = ctx.workspace
    ids = due_targets(ctx.store, parse_schedules(ws.settings.recheck_schedules))
    results = recheck_and_capture(ws, ctx.store, ids, network_for(ws.settings)).results
    return {
        "rechecked": len(results),
        "changed": sum(1 for r in results if r.status_change),
        "repeats": sum(1 for r in results if r.repeat),
    }


def capture_targets_task(
    ctx: JobContext, target_ids: list[int], mode: str = "browser", *, sandbox: bool = False
) -> Mapping[str, Any]:
    """Capture targets as evidence (the web workbench's "capture" button)."""
    if ctx.workspace is None:
        raise RuntimeError("capture.targets needs a workspace")
    items: list[tuple[str, int | None]] = [
        (ctx.store.targets.get(int(t)).url, int(t)) for t in target_ids
    ]
    outcomes = capture_targets(
        ctx.workspace, ctx.store, items, mode=mode, concurrency=2, sandbox=sandbox
    )
    return {
        "captures": [
            {"capture": o.capture_id, "target": o.target_id, "status": o.status.value}
            for o in outcomes
        ]
    }


def identify_targets_task(ctx: JobContext, target_ids: list[int]) -> Mapping[str, Any]:
    """Find who is behind targets and group them into parties."""
    if ctx.workspace is None:
        raise RuntimeError("identify.targets needs a workspace")
    targets = ctx.store.targets.list(ids=[int(t) for t in target_ids])
    report, repeats = identify_targets(ctx.workspace, ctx.store, targets)
    return {"parties": sorted(set(report.assignment.values())), "repeats": len(repeats)}


def notify_digest(
    ctx: JobContext, today: str | None = None, *, reminders_only: bool = False
) -> Mapping[str, Any]:
    """E-mail each person the day's digest (or only deadline reminders); safe to run
    again the same day: nothing goes twice (``services.notify``)."""
    ws = _workspace(ctx, "notify.digest")
    day = date.fromisoformat(today) if today else date.today()
    report = notify(ws, ctx.store, today=day, reminders_only=reminders_only)
    return {"sent": [m.username for m in report.sent], "skipped": len(report.skipped)}


def draft_notices_task(
    ctx: JobContext,
    target_ids: list[int],
    role: str,
    actor: str,
    lang: str = "zh-CN",
    *,
    sandbox: bool = False,
) -> Mapping[str, Any]:
    """Draft notices for targets, grouped by case and provider (the workbench's bulk
    "draft"), recorded as drafted by ``actor`` so that four eyes still hold."""
    ws = _workspace(ctx, "draft.notices")
    as_person = Store(ws.database_url, actor, engine=ctx.store.engine)
    outcome, unassigned = draft_notices(
        ws, as_person, [int(t) for t in target_ids], role=role, lang=lang, sandbox=sandbox
    )
    return {**outcome.as_dict(), "unassigned": [list(u) for u in unassigned]}


#: The product's tasks: (name, function, queue, most attempts). ``registry.tasks()``
#: builds the registry from this table when first asked, not as a side effect of import.
PRODUCT_TASKS: tuple[TaskSpec, ...] = (
    TaskSpec("recheck.targets", recheck_batch, "recheck", 5),
    TaskSpec("capture.once", capture_once, "capture", 3),
    TaskSpec("capture.reap", capture_reap, "capture", 3),
    TaskSpec("discover.brand", discover_brand, "discovery", 3),
    TaskSpec("discover.ct", discover_ct, "discovery", 3),
    TaskSpec("discover.zone", discover_zone, "discovery", 3),
    TaskSpec("dispatch.action", dispatch_action, "dispatch", 4),
    TaskSpec("evidence.stamp_pending", stamp_pending, "evidence", 5),
    TaskSpec("ledger.checkpoint", checkpoint, "evidence", 5),
    TaskSpec("worker.selftest", selftest, "default", 5),
    TaskSpec("recheck.watched", recheck_watched, "recheck", 5),
    TaskSpec("capture.targets", capture_targets_task, "capture", 3),
    TaskSpec("identify.targets", identify_targets_task, "identify", 3),
    TaskSpec("notify.digest", notify_digest, "dispatch", 3),
    TaskSpec("draft.notices", draft_notices_task, "default", 1),
)
