"""``rightsguard worker``, ``jobs`` and ``schedule``: background work."""

from __future__ import annotations

import importlib
import json
import os
import signal
from typing import Annotated, Any

import typer
from rich.table import Table

from rightsguard.cli.context import store, workspace
from rightsguard.cli.output import console, fmt_time, print_json
from rightsguard.domain.errors import InvalidValue
from rightsguard.jobs.core import cancel_job, list_jobs, retry_job
from rightsguard.jobs.dispatch import submit
from rightsguard.jobs.inline import InlineWorker
from rightsguard.jobs.registry import tasks

jobs_app = typer.Typer(help="Background jobs: list, submit, retry, cancel.", no_args_is_help=True)

#: Periodic work: task -> seconds between runs (``rightsguard schedule``).
SCHEDULE = {"evidence.stamp_pending": 600, "ledger.checkpoint": 3600, "recheck.watched": 86400}
#: Periodic work that needs a mail server (``smtp_url``): the team's daily digest.
MAIL_SCHEDULE = {"notify.digest": 86400}
#: Periodic work that needs a feed: the CT log (``ct_log_url``) hourly, the zone file
#: (``zone_file``, published daily) daily; each watches every right's mark.
FEED_SCHEDULE = {"discover.ct": ("ct_log_url", 3600), "discover.zone": ("zone_file", 86400)}


def due_periodic(settings: Any) -> dict[str, int]:
    """The periodic tasks the workspace's settings call for, with their period (s)."""
    due = {**SCHEDULE, **(MAIL_SCHEDULE if settings.smtp_url else {})}
    for name, (setting, every) in FEED_SCHEDULE.items():
        if getattr(settings, setting):
            due[name] = every
    return due


def _imports(modules: list[str] | None) -> None:
    """Extensions' modules, which add their tasks with ``jobs.task``."""
    for module in modules or []:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise InvalidValue("--import", f"cannot import {module}: {exc}") from None


def worker(
    ctx: typer.Context,
    queues: Annotated[
        str | None, typer.Option(help="Comma-separated queues (default all).")
    ] = None,
    concurrency: Annotated[int, typer.Option(help="Parallel jobs.")] = 2,
    runner: Annotated[str | None, typer.Option(help="inline or celery (default: setting).")] = None,
    until_idle: Annotated[
        bool, typer.Option("--until-idle", help="Inline: stop when nothing is runnable.")
    ] = False,
    import_: Annotated[
        list[str] | None, typer.Option("--import", help="Also load tasks from this module.")
    ] = None,
) -> None:
    """Run jobs: threads in this process (inline) or a Celery worker."""
    ws = workspace(ctx)
    _imports(import_)
    chosen = runner or ws.settings.job_runner
    wanted = [q for q in (queues or "").split(",") if q]
    if chosen == "celery":
        from rightsguard.jobs.celery_runner import make_celery, start_sweeper

        os.environ["RIGHTSGUARD_HOME"] = str(ws.root)
        lease = float(ws.settings.job_lease_seconds)
        app = make_celery(ws.settings.broker_url, lease)
        start_sweeper(app, lease)
        all_queues = tasks().queues()
        argv = [
            "worker",
            "-Q",
            ",".join(wanted or all_queues),
            "-c",
            str(concurrency),
            "--pool",
            "prefork",
            "-l",
            "warning",
            "--without-gossip",
            "--without-mingle",
        ]
        app.worker_main(argv)
        return
    if chosen != "inline":
        raise InvalidValue("--runner", f"{chosen!r} is not inline or celery")
    with store(ctx) as st:
        pool = InlineWorker(
            ws,
            st,
            queues=wanted or None,
            concurrency=concurrency,
            lease_seconds=float(ws.settings.job_lease_seconds),
        )
        signal.signal(signal.SIGTERM, lambda *_: pool.stop())
        console.print(
            f"inline worker: {concurrency} thread(s), queues "
            f"{','.join(wanted) or 'all'}; Ctrl-C stops"
        )
        try:
            pool.run(until_idle=until_idle)
        except KeyboardInterrupt:
            pool.stop()
        console.print(f"ran {pool.ran} job(s)")


@jobs_app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        str | None, typer.Option(help="queued, running, done, failed, cancelled")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List jobs, newest first."""
    with store(ctx) as st:
        rows = list_jobs(st, status)
    data = [
        {
            "id": r.id,
            "name": r.name,
            "queue": r.queue,
            "status": r.status,
            "attempts": r.attempts,
            "args": r.args,
            "error": r.error,
            "result": r.result,
            "created_at": r.created_at,
            "finished_at": r.finished_at,
        }
        for r in rows
    ]
    if json_output:
        print_json(data)
        return
    table = Table("id", "task", "queue", "status", "tries", "created", "error")
    for r in rows:
        table.add_row(
            str(r.id),
            r.name,
            r.queue,
            r.status,
            str(r.attempts),
            fmt_time(r.created_at),
            (r.error or "")[:60],
        )
    console.print(table)


@jobs_app.command("submit")
def submit_cmd(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Task name.")],
    args: Annotated[str, typer.Option(help="Arguments as a JSON object.")] = "{}",
    key: Annotated[str | None, typer.Option(help="Idempotency key.")] = None,
) -> None:
    """Queue a job for the workers."""
    try:
        payload: Any = json.loads(args)
    except ValueError as exc:
        raise InvalidValue("--args", f"not JSON: {exc}") from None
    if not isinstance(payload, dict):
        raise InvalidValue("--args", "must be a JSON object")
    ws = workspace(ctx)
    with store(ctx) as st:
        job_id = submit(ws, st, name, payload, key=key)
    console.print(f"job {job_id} queued")


@jobs_app.command("retry")
def retry(ctx: typer.Context, job_id: Annotated[int, typer.Argument()]) -> None:
    """Queue a failed or cancelled job again."""
    with store(ctx) as st:
        retry_job(st, job_id)
    console.print(f"job {job_id} queued again")


@jobs_app.command("cancel")
def cancel(ctx: typer.Context, job_id: Annotated[int, typer.Argument()]) -> None:
    """Cancel a queued job."""
    with store(ctx) as st:
        cancel_job(st, job_id)
    console.print(f"job {job_id} cancelled")


def schedule(ctx: typer.Context) -> None:
    """Queue the periodic work that is due (run it from cron or a systemd timer)."""
    import time

    ws = workspace(ctx)
    now = int(time.time())
    with store(ctx) as st:
        for name, every in due_periodic(ws.settings).items():
            slot = now // every
            job_id = submit(ws, st, name, key=f"schedule:{name}:{slot}")
            console.print(f"{name}: job {job_id} (every {every} s)")


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
    app.command("schedule")(schedule)
    app.add_typer(jobs_app, name="jobs")
