"""Built-in tasks. Each takes ids and plain values and is safe to run twice."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rightsguard.domain.errors import InvalidValue
from rightsguard.jobs.core import JobContext, task
from rightsguard.net import network_for


@task("evidence.stamp_pending", queue="evidence")
def stamp_pending(ctx: JobContext) -> Mapping[str, Any]:
    """Retry the timestamps of evidence still awaiting one."""
    from rightsguard.evidence.items import stamp_pending as stamp
    from rightsguard.evidence.tsa_config import tsa_client
    from rightsguard.store.blobs import BlobStore

    if ctx.workspace is None:
        raise InvalidValue("workspace", "this task needs a workspace")
    tsa = tsa_client(ctx.workspace)
    if tsa is None:
        return {"stamped": 0, "waiting": 0, "note": "no TSA configured"}
    from rightsguard.evidence.seal import stamp_waiting_captures

    try:
        blobs = BlobStore(ctx.workspace.evidence_dir)
        done, waiting = stamp(ctx.store, blobs, tsa)
        captured, captures_waiting = stamp_waiting_captures(ctx.store, blobs, tsa)
        done += captured
        waiting += captures_waiting
    finally:
        tsa.close()
    if waiting:
        raise RuntimeError(f"{waiting} item(s) still awaiting a timestamp")  # retried later
    return {"stamped": done}


@task("ledger.checkpoint", queue="evidence")
def checkpoint(ctx: JobContext) -> Mapping[str, Any]:
    """Sign (and, with a TSA, time-stamp) the current ledger head."""
    from rightsguard.evidence.ledger import Ledger
    from rightsguard.evidence.signing import Signer
    from rightsguard.evidence.tsa_config import tsa_client

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


@task("worker.selftest")
def selftest(ctx: JobContext, token: str, seconds: float = 0.0) -> Mapping[str, Any]:
    """Prove a worker runs jobs: records one event per token (never two), after an
    optional pause (at most 10 s) that lets tests kill a worker mid-task."""
    import time

    from sqlalchemy import select

    from rightsguard.store.models import EventRow

    with ctx.store.transaction() as session:
        seen = session.scalar(
            select(EventRow.id).where(EventRow.verb == "worker.selftest", EventRow.reason == token)
        )
        if seen is None:
            ctx.store.record(
                session,
                "worker.selftest",
                "job",
                ctx.job_id,
                reason=token,
                after={"attempt": ctx.attempt},
            )
    time.sleep(min(max(seconds, 0.0), 10.0))
    return {"token": token, "first": seen is None}


@task("recheck.watched", queue="recheck")
def recheck_watched(ctx: JobContext) -> Mapping[str, Any]:
    """Recheck the targets under watch (actioned, persisting, removed, reappeared) whose
    schedule says they are due (``recheck_schedules``)."""
    from rightsguard.discover.recheck import recheck_targets
    from rightsguard.evidence.limits import CaptureLimits

    if ctx.workspace is None:
        raise InvalidValue("workspace", "this task needs a workspace")
    from rightsguard.discover.recheck import due_targets, parse_schedules

    ids = due_targets(ctx.store, parse_schedules(ctx.workspace.settings.recheck_schedules))
    network = network_for(ctx.workspace.settings)
    guard = network.guard()
    limits = CaptureLimits.from_settings(ctx.workspace.settings)
    results = recheck_targets(ctx.store, ids, lambda: network.fetch_client(limits, guard=guard))
    return {
        "rechecked": len(results),
        "changed": sum(1 for r in results if r.status_change),
        "repeats": sum(1 for r in results if r.repeat),
    }


@task("capture.targets", queue="capture", max_attempts=3)
def capture_targets(
    ctx: JobContext, target_ids: list[int], mode: str = "browser", *, sandbox: bool = False
) -> Mapping[str, Any]:
    """Capture targets as evidence (the web workbench's "capture" button)."""
    from rightsguard.services.capture import capture_targets

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


@task("identify.targets", queue="identify", max_attempts=3)
def identify_targets_task(ctx: JobContext, target_ids: list[int]) -> Mapping[str, Any]:
    """Find who is behind targets and group them into parties."""
    from rightsguard.services.identify import identify_targets

    if ctx.workspace is None:
        raise RuntimeError("identify.targets needs a workspace")
    targets = ctx.store.targets.list(ids=[int(t) for t in target_ids])
    report, repeats = identify_targets(ctx.workspace, ctx.store, targets)
    return {"parties": sorted(set(report.assignment.values())), "repeats": len(repeats)}
