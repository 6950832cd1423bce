"""Entry point: the Typer app, global options, and the one place errors are printed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from rightsguard import __version__
from rightsguard.cli import cases_cmds, db_cmds, demo_cmd, export_cmd, rights_cmds, targets_cmds
from rightsguard.cli.context import state
from rightsguard.cli.output import console, err_console, print_json
from rightsguard.domain.errors import RightsGuardError


class ErrorReportingGroup(TyperGroup):
    """Turns a RightsGuardError into one line on stderr and its exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except RightsGuardError as error:
            err_console.print(f"[bold red]error[/]: {error.message}", markup=True, soft_wrap=True)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            err_console.print("interrupted: the unfinished step was rolled back")
            raise typer.Exit(130) from None


app = typer.Typer(
    name="rightsguard",
    cls=ErrorReportingGroup,
    help="RightsGuard: find, preserve, identify and act against online infringements.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        console.print(f"rightsguard {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            help="Workspace folder (default: $RIGHTSGUARD_HOME, then the current folder).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    state(ctx).workspace = workspace


@app.command("init")
def init(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Folder of the new workspace.")] = Path("."),
    database_url: Annotated[
        str | None, typer.Option(help="Store in this database instead of SQLite.")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Create a workspace: settings, database, evidence folder and signing key."""
    from rightsguard.workspace import init_workspace

    settings = {"database_url": database_url} if database_url else None
    ws = init_workspace(directory, settings)
    if json_output:
        print_json({"workspace": ws.root, "database": ws.database_url, "evidence": ws.evidence_dir})
        return
    console.print(f"Workspace ready at {ws.root}")
    console.print(f"  settings  {ws.settings_file}")
    console.print(f"  database  {ws.database_url}")
    console.print(f"  evidence  {ws.evidence_dir}")
    console.print(f"  key       {ws.key_file}")


app.add_typer(db_cmds.app, name="db")
app.add_typer(rights_cmds.app, name="right")
app.add_typer(cases_cmds.app, name="case")
app.add_typer(targets_cmds.app, name="target")
app.command("export")(export_cmd.export)
app.command("demo")(demo_cmd.demo)


def _register_optional() -> None:
    """Command groups that live beside the layer they drive."""
    from rightsguard.cli import sandbox_cmds

    app.add_typer(sandbox_cmds.sandbox_app, name="sandbox")
    from rightsguard.cli import (
        actions_cmds,
        capture_cmds,
        discover_cmds,
        discover_feeds,
        evidence_cmds,
        identify_cmds,
        jobs_cmds,
        notify_cmds,
        playbook_cmds,
        recheck_cmds,
        report_cmds,
        watch_cmds,
        web_cmds,
    )

    capture_cmds.register(app)
    identify_cmds.register(app)
    discover_cmds.register(app)
    discover_feeds.register()
    recheck_cmds.register(app)
    watch_cmds.register(app)
    playbook_cmds.register(app)
    actions_cmds.register(app)
    evidence_cmds.register(app)
    jobs_cmds.register(app)
    notify_cmds.register(app)
    web_cmds.register(app)
    report_cmds.register(app)


_register_optional()


def run() -> None:
    """The console-script entry point."""
    try:
        app()
    except RightsGuardError as error:  # raised outside a command (e.g. a callback)
        err_console.print(f"error: {error.message}")
        sys.exit(error.exit_code)


if __name__ == "__main__":
    run()
