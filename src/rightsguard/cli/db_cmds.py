"""``rightsguard db``: schema migrations."""

from __future__ import annotations

import typer

from rightsguard.cli.context import workspace
from rightsguard.cli.output import console
from rightsguard.store.db import describe
from rightsguard.store.migrate import current_revision, head_revision, upgrade

app = typer.Typer(help="Database schema: upgrade and status.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_cmd(ctx: typer.Context) -> None:
    """Apply every pending migration to the workspace's database."""
    ws = workspace(ctx)
    before = current_revision(ws.database_url)
    upgrade(ws.database_url)
    after = current_revision(ws.database_url)
    where = describe(ws.database_url)
    if before == after:
        console.print(f"{where} is up to date (schema {after})")
    else:
        console.print(f"{where} upgraded from {before or 'empty'} to {after}")


@app.command("status")
def status_cmd(ctx: typer.Context) -> None:
    """Show the schema revision of the database and the one this version needs."""
    ws = workspace(ctx)
    current = current_revision(ws.database_url)
    head = head_revision()
    state = "up to date" if current == head else "needs: rightsguard db upgrade"
    console.print(
        f"{describe(ws.database_url)}: schema {current or 'empty'}, code {head} ({state})"
    )
