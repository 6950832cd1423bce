"""``rightsguard watch`` (keyword watches over feeds) and ``rightsguard triage``."""

from __future__ import annotations

import asyncio
import csv
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from rightsguard.cli.context import network, store, workspace
from rightsguard.cli.output import console, print_json
from rightsguard.domain.errors import InvalidValue, NotFound
from rightsguard.services.triage import triage as triage_targets
from rightsguard.store.profiles import get_profile, update_profile

watch_app = typer.Typer(help="Keyword watches over candidate feeds.", no_args_is_help=True)


@watch_app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A name for the watch.")],
    keyword: Annotated[list[str], typer.Option(help="A keyword (repeat).")],
    feed: Annotated[list[str], typer.Option(help="csv:PATH|URL, json:PATH|URL or plugin:spec")],
) -> None:
    """Create or replace a watch."""
    if not name.strip() or not [k for k in keyword if k.strip()]:
        raise InvalidValue("watch", "give a name and at least one keyword")
    with store(ctx) as st:
        update_profile(st, f"watch:{name}", {"keywords": keyword, "feeds": feed})
    console.print(f"watch {name}: {len(keyword)} keyword(s), {len(feed)} feed(s)")


@watch_app.command("run")
def run(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The watch.")],
    case: Annotated[int, typer.Option(help="Add the matches to this case.")],
    sandbox: Annotated[
        bool, typer.Option(help="Fetch feed URLs from the running sandbox.")
    ] = False,
    json_output: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Read the watch's feeds; rows holding a keyword become suspected targets."""
    from rightsguard.discover.watchlist import Watch, run_watch, sources
    from rightsguard.store.target_import import import_targets

    ws = workspace(ctx)
    with store(ctx) as st:
        data = get_profile(st, f"watch:{name}")
        if not data:
            raise NotFound("watch", name)
        watch = Watch(name, tuple(data["keywords"]), tuple(data["feeds"]))
        rows = run_watch(watch, sources(_fetcher(ws, sandbox)))
        with tempfile.NamedTemporaryFile(
            "w", suffix=".csv", delete=False, newline="", encoding="utf-8"
        ) as fh:
            writer = csv.DictWriter(
                fh, fieldnames=["url", "kind", "control", "platform", "title", "note"]
            )
            writer.writeheader()
            writer.writerows(rows)
        try:
            report = import_targets(st, Path(fh.name), case_id=case, partial=True)
        finally:
            Path(fh.name).unlink()
    if json_output:
        print_json({"matches": rows, "import": report.as_dict()})
        return
    console.print(
        f"watch {name}: {len(rows)} match(es); {report.created} new target(s), "
        f"{report.linked} linked, {report.duplicates} already known, "
        f"{len(report.rejected)} rejected"
    )


def _fetcher(ws: Any, use_sandbox: bool) -> Any:
    from rightsguard.evidence.limits import CaptureLimits

    net = network(ws, use_sandbox)
    guard = net.guard()

    def fetch(url: str) -> bytes:
        async def get() -> bytes:
            limits = CaptureLimits.from_settings(ws.settings)
            async with net.fetch_client(limits, guard=guard) as client:
                response = await client.get(url, follow_redirects=True)
                response.raise_for_status()
                return response.content

        return asyncio.run(get())

    return fetch


def triage(
    ctx: typer.Context,
    case: Annotated[int, typer.Argument(help="Case id.")],
    confirm: Annotated[list[int] | None, typer.Option(help="Target to confirm (repeat).")] = None,
    dismiss: Annotated[list[int] | None, typer.Option(help="Target to dismiss (repeat).")] = None,
    all_suspected: Annotated[
        str | None, typer.Option("--all-suspected", help="confirm or dismiss every suspect")
    ] = None,
    reason: Annotated[str, typer.Option(help="Why (recorded on each event).")] = "triage",
    json_output: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Confirm or dismiss suspected targets in bulk (discovery and watch results)."""
    with store(ctx) as st:
        done = triage_targets(
            st,
            confirm=confirm or [],
            dismiss=dismiss or [],
            case_id=case,
            all_suspected=all_suspected,  # type: ignore[arg-type]  # checked by triage
            reason=reason,
        )
    if json_output:
        print_json(done)
        return
    table = Table("target", "status", "url")
    for t in done:
        table.add_row(str(t.id), t.status.value, t.url)
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(watch_app, name="watch")
    app.command("triage")(triage)
