"""``rightsguard demo``: a whole case against the sandbox, end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def demo(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Where to build the demo workspace.")] = Path(
        "rightsguard-demo"
    ),
) -> None:
    """Build a demo workspace and run the product against the local sandbox."""
    from rightsguard.demo import run_demo

    run_demo(directory)
