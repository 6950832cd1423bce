"""``rightsguard export``: everything (or one case) as one JSON document."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from rightsguard.cli.context import store
from rightsguard.cli.output import err_console, jsonable
from rightsguard.store.export import export_document


def export(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (default: stdout).")
    ] = None,
    case: Annotated[int | None, typer.Option(help="Only this case.")] = None,
) -> None:
    """Export rights, cases, targets and the audit trail as JSON."""
    with store(ctx) as st:
        document = export_document(st, case_id=case)
    text = json.dumps(jsonable(document), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    tmp = output.with_name(output.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, output)
    err_console.print(
        f"exported {len(document['cases'])} case(s), {len(document['targets'])} target(s) "
        f"to {output}"
    )
