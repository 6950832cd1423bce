"""``rightsguard serve`` (the web workbench) and ``rightsguard user`` (its accounts)."""

from __future__ import annotations

import getpass
import os
import threading
from typing import Annotated, Any

import typer
from rich.table import Table

from rightsguard.cli.context import store, workspace
from rightsguard.cli.output import console, err_console, print_json
from rightsguard.domain.errors import InvalidValue
from rightsguard.workspace import Workspace

user_app = typer.Typer(help="Accounts of the web workbench.", no_args_is_help=True)


def _password(given: str | None) -> str:
    if given is not None:
        return given
    from_env = os.environ.get("RIGHTSGUARD_NEW_PASSWORD")
    if from_env:
        return from_env
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise InvalidValue("password", "the two entries differ")
    return first


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Log-in name.")],
    role: Annotated[str, typer.Option(help="analyst, liaison, counsel or admin.")],
    name: Annotated[str, typer.Option(help="Name shown in the workbench.")] = "",
    password: Annotated[
        str | None,
        typer.Option(help="Password (default: asked, or $RIGHTSGUARD_NEW_PASSWORD)."),
    ] = None,
    email: Annotated[str, typer.Option(help="Where reminders and the digest go.")] = "",
    language: Annotated[str, typer.Option(help="zh-CN or en: the digest's language.")] = "",
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Create an account."""
    from rightsguard.store.users import add_user

    with store(ctx) as st:
        user = add_user(
            st, username, role, _password(password), name, email=email, language=language
        )
    if json_output:
        print_json(user)
    else:
        console.print(f"User {user.username} ({user.role}) added")


@user_app.command("list")
def user_list(
    ctx: typer.Context,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List accounts."""
    from rightsguard.store.users import list_users

    with store(ctx) as st:
        users = list_users(st)
    if json_output:
        print_json(users)
        return
    table = Table("user", "name", "role", "state")
    for u in users:
        table.add_row(u.username, u.display_name, u.role, "disabled" if u.disabled else "active")
    console.print(table)


@user_app.command("set")
def user_set(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Log-in name.")],
    role: Annotated[str | None, typer.Option(help="New role.")] = None,
    password: Annotated[bool, typer.Option("--password", help="Set a new password.")] = False,
    disable: Annotated[bool, typer.Option("--disable", help="Disable the account.")] = False,
    enable: Annotated[bool, typer.Option("--enable", help="Enable the account.")] = False,
    email: Annotated[str | None, typer.Option(help="Where reminders and the digest go.")] = None,
    language: Annotated[str | None, typer.Option(help="zh-CN or en (the digest).")] = None,
) -> None:
    """Change an account's role, password or state (its sessions end)."""
    from rightsguard.store.users import update_user

    if disable and enable:
        raise InvalidValue("--disable", "give --disable or --enable, not both")
    with store(ctx) as st:
        user = update_user(
            st,
            username,
            role=role,
            password=_password(None) if password else None,
            disabled=True if disable else (False if enable else None),
            email=email,
            language=language,
        )
    console.print(f"User {user.username}: {user.role}, {'disabled' if user.disabled else 'active'}")


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port of the workbench.", min=1, max=65535)] = 8710,
    worker: Annotated[
        bool,
        typer.Option(
            "--worker/--no-worker",
            help="Run background jobs (captures, identification) in this process "
            "(job_runner = inline).",
        ),
    ] = True,
    replay: Annotated[
        bool,
        typer.Option("--replay/--no-replay", help="Start the replay server on port + 1."),
    ] = True,
    sandbox: Annotated[
        bool,
        typer.Option("--sandbox", help="Captures resolve the running sandbox's host names."),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            help="Web server processes (one per core serves more people at once).", min=1, max=64
        ),
    ] = 1,
) -> None:
    """Run the web workbench (pages and the JSON API at /api/docs)."""
    run_workbench(
        workspace(ctx),
        host=host,
        port=port,
        worker=worker,
        replay=replay,
        sandbox=sandbox,
        processes=workers,
    )


def run_workbench(
    ws: Workspace,
    *,
    host: str = "127.0.0.1",
    port: int = 8710,
    worker: bool = True,
    replay: bool = True,
    sandbox: bool = False,
    processes: int = 1,
) -> None:
    """Serve the workbench until interrupted, with a job worker and the replay server
    (both in this process; ``processes`` > 1 forks that many web server processes)."""
    import uvicorn

    from rightsguard.jobs.inline import InlineWorker
    from rightsguard.store import open_store
    from rightsguard.web.app import create_app, settled

    replay_origin = str(ws.settings.replay_url).rstrip("/")
    stop_replay = None
    if not replay_origin and replay:
        from rightsguard.web.replay import start_replay_server

        server = start_replay_server(ws, port + 1)
        replay_origin, stop_replay = server.origin, server.stop
        if server.problem:
            err_console.print(f"No replay of captured pages: {server.problem}")
    job_worker = None
    if worker and ws.settings.job_runner == "inline":
        job_worker = InlineWorker(ws, open_store(ws), concurrency=2)
        threading.Thread(target=job_worker.run, daemon=True).start()
    err_console.print(f"RightsGuard workbench on http://{host}:{port}/ (API: /api/docs)")
    if replay_origin:
        err_console.print(f"Replay of captured pages on {replay_origin}/")
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "warning",
        "proxy_headers": False,
    }
    app = None
    try:
        if processes > 1:
            # Each server process builds its own app (and database engines) from these.
            os.environ["RIGHTSGUARD_HOME"] = str(ws.root)
            os.environ["RIGHTSGUARD_WEB_REPLAY_ORIGIN"] = replay_origin
            os.environ["RIGHTSGUARD_WEB_SANDBOX"] = "1" if sandbox else "0"
            from rightsguard.web import serving

            if serving.supported():  # a socket per process: connections spread evenly
                serving.serve_processes(
                    host, port, processes, options, say=lambda text: err_console.print(text)
                )
            else:
                uvicorn.run(serving.APP, factory=True, workers=processes, **options)
        else:
            app = settled(create_app(ws, replay_origin=replay_origin, use_sandbox=sandbox))
            uvicorn.run(app, **options)
    finally:
        if app is not None:
            app.state.rg.close()
        if job_worker is not None:
            job_worker.stop()
            job_worker.store.close()
        if stop_replay is not None:
            stop_replay()


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
    app.command("serve")(serve)
