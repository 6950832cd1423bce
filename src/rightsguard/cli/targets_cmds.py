"""``rightsguard target``: add, import, list and show suspected infringements."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn
from rich.table import Table

from rightsguard.cli.context import store, workspace
from rightsguard.cli.output import console, err_console, fmt_time, print_json
from rightsguard.domain.enums import TargetStatus
from rightsguard.domain.errors import ImportRejected, InvalidValue, UnreadableFile
from rightsguard.domain.target_rows import COLUMNS, parse_target_row
from rightsguard.store.target_import import RowOutcome, import_targets

app = typer.Typer(
    help="Targets: suspected infringements (URLs, listings, domains).", no_args_is_help=True
)


@app.command("add")
def add(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="URL or domain.")],
    case: Annotated[int | None, typer.Option(help="Add to this case.")] = None,
    kind: Annotated[str, typer.Option(help=COLUMNS["kind"])] = "url",
    control: Annotated[str, typer.Option(help=COLUMNS["control"])] = "unknown",
    platform: Annotated[str | None, typer.Option(help=COLUMNS["platform"])] = None,
    title: Annotated[str | None, typer.Option(help=COLUMNS["title"])] = None,
    note: Annotated[str | None, typer.Option(help=COLUMNS["note"])] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Add one target (its URL is normalised; the original is kept)."""
    draft = parse_target_row(
        {
            "url": url,
            "kind": kind,
            "control": control,
            "platform": platform,
            "title": title,
            "note": note,
        }
    )
    with store(ctx) as st:
        target = st.targets.add(draft, case)
    if json_output:
        print_json(target)
    else:
        console.print(f"Target {target.id}: {target.url}")


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="CSV, JSON or JSON Lines file.")],
    case: Annotated[int | None, typer.Option(help="Add the targets to this case.")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="csv, json or jsonl")] = None,
    partial: Annotated[
        bool, typer.Option("--partial", help="Keep the valid rows when some are rejected.")
    ] = False,
    report: Annotated[
        Path | None, typer.Option(help="Write one JSON line per row outcome here.")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import targets. All-or-nothing unless --partial; every rejected row is named."""
    ws = workspace(ctx)
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise UnreadableFile(file, exc.strerror or str(exc)) from None
    report_fh: IO[str] | None = None
    if report is not None:
        try:
            report_fh = report.open("w", encoding="utf-8")
        except OSError as exc:
            raise InvalidValue("--report", f"cannot write {report}: {exc.strerror}") from None

    def on_row(outcome: RowOutcome) -> None:
        if report_fh is not None:
            report_fh.write(json.dumps(outcome.__dict__, ensure_ascii=False) + "\n")

    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        disable=json_output or not err_console.is_terminal,
    )
    try:
        with progress, store(ctx) as st:
            task = progress.add_task(f"importing {file.name}", total=size)
            result = import_targets(
                st,
                file,
                case_id=case,
                fmt=fmt,
                partial=partial,
                batch_size=ws.settings.import_batch_size,
                on_bytes=lambda n: progress.advance(task, n),
                on_row=on_row,
            )
    except ImportRejected as rejected:
        if json_output:
            print_json(
                {
                    "source": str(file),
                    "committed": False,
                    "rejected": [{"row": r, "reason": w} for r, w in rejected.rejections],
                }
            )
        else:
            for row, why in rejected.rejections[:50]:
                err_console.print(f"  row {row}: {why}")
        raise
    finally:
        if report_fh is not None:
            report_fh.close()
    if json_output:
        print_json(result.as_dict())
        return
    table = Table(
        "rows", "created", "linked to case", "duplicates", "rejected", title=f"Imported {file.name}"
    )
    table.add_row(
        str(result.rows),
        str(result.created),
        str(result.linked),
        str(result.duplicates),
        str(len(result.rejected)),
    )
    console.print(table)
    for row, why in result.rejected[:50]:
        console.print(f"  rejected row {row}: {why}")
    if len(result.rejected) > 50:
        console.print(f"  … {len(result.rejected) - 50} more (use --report FILE for all)")


@app.command("list")
def list_(
    ctx: typer.Context,
    case: Annotated[int | None, typer.Option(help="Only this case's targets.")] = None,
    status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 1000,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List targets."""
    try:
        wanted = TargetStatus(status) if status else None
    except ValueError:
        raise InvalidValue(
            "status", f"{status!r} is not one of {', '.join(s.value for s in TargetStatus)}"
        ) from None
    with store(ctx) as st:
        targets = st.targets.list(case_id=case, status=wanted, limit=limit)
    if json_output:
        print_json(targets)
        return
    if not targets:
        console.print("No targets. Add some with: rightsguard target add URL --case ID")
        return
    table = Table("id", "url", "kind", "control", "status", "cases", "platform")
    for t in targets:
        table.add_row(
            str(t.id),
            t.url,
            t.kind.value,
            t.control.value,
            t.status.value,
            ",".join(map(str, t.case_ids)) or "—",
            t.platform or "—",
        )
    console.print(table)


@app.command("breach")
def breach(
    ctx: typer.Context,
    target_id: Annotated[int, typer.Argument(help="Target id.")],
    kind: Annotated[
        str, typer.Option("--breach", help="labels_not_chinese, no_ccc or no_licence.")
    ],
    note: Annotated[str, typer.Option(help="What shows it (a test purchase, photos).")],
) -> None:
    """Record a breach outside IP law found on a target (for an other-authority complaint)."""
    from rightsguard.services.breaches import record_breach

    with store(ctx) as st:
        target = record_breach(st, target_id, kind, note)
    console.print(f"Target {target.id}: breach {kind} recorded")


@app.command("show")
def show(
    ctx: typer.Context,
    target_id: Annotated[int, typer.Argument(help="Target id.")],
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one target with its history."""
    with store(ctx) as st:
        target = st.targets.get(target_id)
        events = st.events.list(entity="target", entity_id=target_id)
    if json_output:
        print_json({"target": target, "events": events})
        return
    console.print(f"[bold]Target {target.id}[/]: {target.url}")
    if target.original_url != target.url:
        console.print(f"  as given: {target.original_url}")
    console.print(
        f"  kind {target.kind.value}; control {target.control.value}; "
        f"status {target.status.value}; platform {target.platform or '—'}"
    )
    console.print(f"  title {target.title or '—'}; cases {list(target.case_ids) or '—'}")
    for e in events:
        console.print(f"  {fmt_time(e.at)}  {e.actor}  {e.verb}  {e.after or ''}")
