"""``rightsguard report``: a case or the whole portfolio as HTML or PDF, and CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from rightsguard.cli.context import store, workspace
from rightsguard.cli.output import console, err_console, print_json
from rightsguard.domain.errors import InvalidValue

LANGS = ("zh-CN", "en")


def report(
    ctx: typer.Context,
    case: Annotated[int | None, typer.Argument(help="The case to report on.")] = None,
    portfolio: Annotated[
        bool, typer.Option("--portfolio", help="Report on every case instead of one.")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="FILE.html or FILE.pdf (default: report-case-N.html or report-portfolio.html).",
        ),
    ] = None,
    csv_file: Annotated[
        Path | None,
        typer.Option("--csv", help="Also write one row per case with its figures (--portfolio)."),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="zh-CN or en (default: the workspace's language).")
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the files written as JSON.")
    ] = False,
) -> None:
    """Write a report: the case, its targets, actions, timeline and deadlines with its
    figures and charts; or, with --portfolio, every case's figures (and --csv)."""
    from rightsguard.report import render as reports
    from rightsguard.store.read.metrics_math import CaseRowFigures

    if (case is None) == (not portfolio):
        raise InvalidValue("CASE", "give a case id or --portfolio (one of the two)")
    if csv_file is not None and not portfolio:
        raise InvalidValue("--csv", "the CSV has one row per case: use it with --portfolio")
    ws = workspace(ctx)
    lang = lang or str(ws.settings.language)
    if lang not in LANGS:
        raise InvalidValue("--lang", f"{lang!r} is not zh-CN or en")
    output = output or Path(f"report-case-{case}.html" if case else "report-portfolio.html")
    reports.check_output(output)
    written: list[Path] = []
    with (
        store(ctx) as st,
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
        ) as progress,
    ):
        step = progress.add_task("computing the figures", total=None)
        with st.transaction() as session:
            if case is not None:
                html = reports.case_report(session, case, lang)
                rows: list[CaseRowFigures] = []
            else:
                html, rows = reports.portfolio_report(session, lang)
        if csv_file is not None:
            progress.update(step, description=f"writing {csv_file.name}")
            written.append(reports.write_csv(csv_file, rows))
        kind = "PDF" if output.suffix.lower() == ".pdf" else "HTML"
        progress.update(step, description=f"writing the {kind} report {output.name}")
        written.insert(0, reports.write_report(output, html))
    if json_output:
        print_json({"files": written, "cases": len(rows) if portfolio else 1})
        return
    for path in written:
        console.print(f"Wrote {path}")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
