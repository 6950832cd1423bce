"""``rightsguard demo``: a whole case against the sandbox, end to end."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer


def demo(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Where to build the demo workspace.")] = Path(
        "rightsguard-demo"
    ),
    serve: Annotated[
        bool | None,
        typer.Option(
            "--serve/--no-serve",
            help="Open the web workbench on the demo workspace afterwards "
            "(default: ask when run in a terminal).",
        ),
    ] = None,
) -> None:
    """Build a demo workspace and run the product against the local sandbox."""
    from rightsguard.demo import run_demo

    ws = run_demo(directory)
    if serve is None:
        serve = sys.stdin.isatty() and typer.confirm(
            "Start the web workbench on the demo workspace now (Ctrl-C stops it)?",
            default=False,
        )
    if serve:
        from rightsguard.cli.web_cmds import run_workbench
        from rightsguard.sandbox import process

        process.up()  # the stand-in internet stays up for captures from the workbench
        run_workbench(ws, sandbox=True)
