"""``rightsguard capture``: preserve web pages as evidence (WACZ + loose artefacts).

``register(app)`` adds the command; ``cli/main.py`` calls it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from rightsguard.cli.context import store, workspace
from rightsguard.cli.output import console, err_console, print_json
from rightsguard.domain.enums import CaptureStatus
from rightsguard.domain.errors import InvalidValue, UnreadableFile

_STYLE = {
    CaptureStatus.COMPLETE: "green",
    CaptureStatus.PARTIAL: "yellow",
    CaptureStatus.FAILED: "red",
    CaptureStatus.AWAITING_TIMESTAMP: "yellow",
}


def _read_urls(path: Path) -> list[str]:
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise UnreadableFile(path, exc.strerror or str(exc)) from None
    except UnicodeDecodeError:
        raise UnreadableFile(path, "not UTF-8 text") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def capture(
    ctx: typer.Context,
    urls: Annotated[list[str] | None, typer.Argument(help="URLs to capture.")] = None,
    target: Annotated[
        list[int] | None, typer.Option("--target", help="Capture this target (repeat).")
    ] = None,
    case: Annotated[
        int | None, typer.Option("--case", help="Capture every target of a case.")
    ] = None,
    from_file: Annotated[
        Path | None, typer.Option("--from-file", help="A file of URLs, one a line.")
    ] = None,
    mode: Annotated[str, typer.Option(help="browser (full evidence) or http (fast).")] = "browser",
    concurrency: Annotated[int, typer.Option(help="Captures at once.", min=1, max=64)] = 4,
    video: Annotated[bool, typer.Option("--video", help="Also record a video.")] = False,
    processes: Annotated[
        int,
        typer.Option(
            help="HTTP mode: worker processes sharing the concurrency (0: one per core, ≤ 4).",
            min=0,
            max=16,
        ),
    ] = 0,
    sandbox: Annotated[
        bool,
        typer.Option(
            "--sandbox", help="Resolve the running sandbox's made-up host names (demo, tests)."
        ),
    ] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Capture pages as court-grade evidence: WARC in a WACZ, screenshot, PDF, DOM, text."""
    from rightsguard.services.capture import capture_targets
    from rightsguard.store.captures import find_or_add_target

    ws = workspace(ctx)
    given = list(urls or [])
    if from_file is not None:
        given += _read_urls(from_file)
    with store(ctx) as st:
        items: list[tuple[str, int | None]] = []
        for target_id in target or []:
            items.append((st.targets.get(target_id).url, target_id))
        if case is not None:
            items += [(t.url, t.id) for t in st.targets.list(case_id=case)]
        for url in given:
            items.append((url, find_or_add_target(st, url)))
        if not items:
            raise InvalidValue(
                "capture", "nothing to capture: give URLs, --target, --case or --from-file"
            )
        progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=False,
            disable=json_output or not err_console.is_terminal,
        )

        with progress:
            task = progress.add_task(f"capturing ({mode})", total=len(items))

            def done(outcome: object) -> None:
                from rightsguard.evidence.capture import CaptureOutcome

                assert isinstance(outcome, CaptureOutcome)
                style = _STYLE.get(outcome.status, "white")
                progress.console.print(
                    f"[{style}]{outcome.status.value:8}[/] {outcome.url}"
                    + (f"  ({outcome.reason})" if outcome.reason else ""),
                    markup=True,
                    soft_wrap=True,
                ) if not json_output else None
                progress.advance(task)

            outcomes = capture_targets(
                ws,
                st,
                items,
                mode=mode,
                concurrency=concurrency,
                video=video,
                processes=processes,
                sandbox=sandbox,
                on_done=done,
            )
    if json_output:
        print_json([o.as_dict() for o in outcomes])
    else:
        table = Table(
            "capture", "target", "status", "HTTP", "seconds", "WACZ sha256", "url / reason"
        )
        for o in outcomes:
            wacz = o.artefact("wacz")
            style = _STYLE.get(o.status, "white")
            table.add_row(
                str(o.capture_id or "—"),
                str(o.target_id or "—"),
                f"[{style}]{o.status.value}[/]",
                str(o.http_status or "—"),
                f"{o.seconds:.1f}",
                wacz.sha256[:16] + "…" if wacz else "—",
                o.url + (f"\n{o.reason}" if o.reason else ""),
            )
        console.print(table)
        counts = {s: sum(1 for o in outcomes if o.status is s) for s in _STYLE}
        console.print(
            f"{counts[CaptureStatus.COMPLETE]} complete, {counts[CaptureStatus.PARTIAL]} partial, "
            f"{counts[CaptureStatus.FAILED]} failed"
        )
    if any(o.status is CaptureStatus.FAILED for o in outcomes):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``capture`` to ``app``."""
    app.command("capture")(capture)
