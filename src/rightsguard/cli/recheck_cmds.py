"""``rightsguard recheck``: is it still there? Capture whatever changed."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from rightsguard.cli.context import network, store, workspace
from rightsguard.cli.output import console, print_json
from rightsguard.discover.recheck import due_targets, parse_schedules
from rightsguard.domain.errors import InvalidValue
from rightsguard.services.recheck import recheck_and_capture


def recheck(
    ctx: typer.Context,
    case: Annotated[int | None, typer.Option(help="Every target of this case.")] = None,
    target: Annotated[list[int] | None, typer.Option(help="This target (repeat).")] = None,
    due: Annotated[
        bool, typer.Option("--due", help="Every target under watch whose schedule is due.")
    ] = False,
    capture: Annotated[bool, typer.Option(help="Capture every target whose state changed.")] = True,
    capture_mode: Annotated[str, typer.Option(help="browser or http")] = "browser",
    sandbox: Annotated[bool, typer.Option(help="Resolve the running sandbox's names.")] = False,
    concurrency: Annotated[int, typer.Option(help="Targets looked at at once.")] = 50,
    json_output: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Look at targets again: live, removed, redirected, changed or back; move their status,
    record take-downs and repeats, and capture what changed as evidence."""
    ws = workspace(ctx)
    with store(ctx) as st:
        ids = list(target or [])
        if case is not None:
            ids += [t.id for t in st.targets.list(case_id=case)]
        if due:
            try:
                schedules = parse_schedules(ws.settings.recheck_schedules)
            except ValueError as exc:
                raise InvalidValue("recheck_schedules", str(exc)) from None
            ids += due_targets(st, schedules)
        if not ids:
            if due:
                console.print("nothing is due")
                return
            raise InvalidValue("recheck", "give --case ID, --target ID or --due")
        run = recheck_and_capture(
            ws,
            st,
            ids,
            network(ws, sandbox),
            capture=capture,
            capture_mode=capture_mode,
            concurrency=concurrency,
        )
    results, captured, visual = run.results, run.captured, run.visual
    data = [
        {
            "target": r.target_id,
            "url": r.url,
            "state": r.state,
            "http": r.http_status,
            "reason": r.reason,
            "status_change": r.status_change,
            "repeat": r.repeat,
            "screenshot_bits_changed": visual.get(r.target_id),
        }
        for r in results
    ]
    if json_output:
        print_json({"results": data, "captured": captured})
        return
    table = Table("target", "state", "HTTP", "status", "looks changed", "why")
    for r in results:
        status = " → ".join(r.status_change) if r.status_change else "—"
        table.add_row(
            str(r.target_id),
            r.state + (" (repeat!)" if r.repeat else ""),
            str(r.http_status or "—"),
            status,
            _looks(visual.get(r.target_id)),
            r.reason,
        )
    console.print(table)
    if capture:
        console.print(f"captured {captured} target(s) whose state changed")


def _looks(bits: int | None) -> str:
    """The screenshot's perceptual hash against the previous capture's."""
    from rightsguard.evidence.phash import SAME_LOOK

    if bits is None:
        return "—"
    return f"{'yes' if bits > SAME_LOOK else 'no'} ({bits}/64 bits)"


def register(app: typer.Typer) -> None:
    app.command("recheck")(recheck)
