"""``rightsguard recheck``: is it still there? Capture whatever changed."""

from __future__ import annotations

from typing import Annotated, Any

import httpx
import typer
from rich.table import Table

from rightsguard.cli.context import network, store, workspace
from rightsguard.cli.output import console, print_json
from rightsguard.domain.errors import InvalidValue


def _client_factory(ws: Any, use_sandbox: bool, concurrency: int) -> Any:
    from rightsguard.evidence.limits import CaptureLimits

    net = network(ws, use_sandbox)
    guard = net.guard()
    limits = CaptureLimits.from_settings(ws.settings)

    def factory() -> httpx.AsyncClient:
        return net.fetch_client(limits, guard=guard, max_connections=concurrency)

    return factory, guard.resolver


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
    from rightsguard.discover.recheck import recheck_targets

    ws = workspace(ctx)
    with store(ctx) as st:
        ids = list(target or [])
        if case is not None:
            ids += [t.id for t in st.targets.list(case_id=case)]
        if due:
            from rightsguard.discover.recheck import due_targets, parse_schedules

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
        factory, resolver = _client_factory(ws, sandbox, concurrency)
        results = recheck_targets(st, ids, factory, concurrency=concurrency)
        changed = [r for r in results if r.status_change or r.state in ("changed", "redirected")]
        captured = 0
        visual: dict[int, int | None] = {}
        if capture and changed:
            from rightsguard.evidence.capture import CaptureOptions, capture_urls
            from rightsguard.evidence.limits import CaptureLimits
            from rightsguard.evidence.seal import make_sealer
            from rightsguard.store.blobs import BlobStore

            blobs = BlobStore(ws.evidence_dir)
            sealer = make_sealer(ws, st, blobs)
            options = CaptureOptions(
                mode=capture_mode,
                resolver=resolver,
                allow_private=bool(ws.settings.allow_private_targets),
                chromium_path=ws.settings.chromium_path,
                limits=CaptureLimits.from_settings(ws.settings),
            )
            try:
                outcomes = capture_urls(
                    blobs,
                    [(r.url, r.target_id) for r in changed],
                    options,
                    store=st,
                    operator=ws.operator,
                    sealer=sealer,
                )
            finally:
                if sealer.tsa is not None:
                    sealer.tsa.close()
            captured = sum(1 for o in outcomes if o.status.value != "failed")
            from rightsguard.evidence.seal import visual_change

            visual = {r.target_id: visual_change(st, r.target_id) for r in changed}
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
