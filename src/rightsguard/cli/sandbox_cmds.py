"""``rightsguard sandbox up|down|status|mode``: the local stand-in internet."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import typer

from rightsguard.domain.errors import InputError
from rightsguard.sandbox.core import DEFAULT_HOST, default_state_dir
from rightsguard.sandbox.errors import SandboxNotRunning
from rightsguard.sandbox.process import (
    DEFAULT_HTTP_PORT,
    DEFAULT_HTTPS_PORT,
    down,
    state_path,
    status,
    up,
)

sandbox_app = typer.Typer(
    help="Run the local sandbox: made-up sites (and later RDAP, WHOIS, DNS, TSA, SMTP) "
    "on a loopback address, for the demo and tests.",
    no_args_is_help=True,
)

StateDirOption = typer.Option(
    None,
    "--state-dir",
    help="Where the CA, state file and log live "
    "[default: $RIGHTSGUARD_SANDBOX_DIR or <tmp>/rightsguard-sandbox-<uid>]",
)
JsonOption = typer.Option(False, "--json", help="Print JSON for programs.")


def _echo_state(state: dict[str, Any], headline: str) -> None:
    typer.echo(f"{headline} (pid {state['pid']}) on {state['host']}")
    for name, address in state["endpoints"].items():
        typer.echo(f"  {name:<12} {address}")
    typer.echo(f"  {'CA':<12} {state['ca_cert_path']}")
    typer.echo(f"  {'state':<12} {Path(state['state_dir']) / 'sandbox.json'}")
    typer.echo("sites:")
    width = max(len(h) for h in state["sites"])
    for host, urls in state["sites"].items():
        if host.startswith("www."):
            continue
        typer.echo(f"  {host:<{width}}  {urls['http']}  {urls['https']}")
    typer.echo(f'chromium: --host-resolver-rules="{state["host_resolver_rules"]}"')


@sandbox_app.command("up")
def up_cmd(
    host: str = typer.Option(DEFAULT_HOST, help="Loopback address to bind."),
    http_port: int = typer.Option(DEFAULT_HTTP_PORT, help="HTTP port (0: any free port)."),
    https_port: int = typer.Option(DEFAULT_HTTPS_PORT, help="HTTPS port (0: any free port)."),
    state_dir: Path | None = StateDirOption,
    as_json: bool = JsonOption,
) -> None:
    """Start the sandbox in the background and wait until it answers."""
    state, already = up(host, http_port, https_port, state_dir or default_state_dir())
    if as_json:
        typer.echo(json.dumps(state | {"already_running": already}, ensure_ascii=False))
    else:
        _echo_state(state, "sandbox already running" if already else "sandbox started")


@sandbox_app.command("down")
def down_cmd(state_dir: Path | None = StateDirOption, as_json: bool = JsonOption) -> None:
    """Stop the background sandbox."""
    directory = state_dir or default_state_dir()
    state = down(directory)
    if as_json:
        typer.echo(
            json.dumps({"stopped": state is not None, "pid": state["pid"] if state else None})
        )
    elif state is None:
        typer.echo(f"sandbox is not running (no live state file {state_path(directory)})")
    else:
        typer.echo(f"sandbox stopped (pid {state['pid']})")


@sandbox_app.command("status")
def status_cmd(state_dir: Path | None = StateDirOption, as_json: bool = JsonOption) -> None:
    """Tell whether the background sandbox runs, and where."""
    directory = state_dir or default_state_dir()
    state = status(directory)
    if as_json:
        typer.echo(
            json.dumps(
                state | {"running": True} if state else {"running": False}, ensure_ascii=False
            )
        )
    elif state is None:
        typer.echo(f"sandbox is not running (no live state file {state_path(directory)})")
    else:
        answering = "answering" if state.get("answering") else "NOT answering"
        _echo_state(state, f"sandbox running, {answering}")


@sandbox_app.command("mode")
def mode_cmd(
    site: str = typer.Argument(..., help="A sandbox host name, e.g. aurorix-outlet.cn."),
    mode: str = typer.Argument(..., help="live, removed, delisted or changed."),
    path: str | None = typer.Option(None, help="Only this path (e.g. /item/600123451.html)."),
    state_dir: Path | None = StateDirOption,
) -> None:
    """Switch a site (or one page) of the running sandbox between live/removed/changed."""
    directory = state_dir or default_state_dir()
    state = status(directory)
    if state is None:
        raise SandboxNotRunning(f"no sandbox is running for {directory}; run `sandbox up`")
    url = state["endpoints"]["sites.http"] + "/__sandbox__/mode"
    with httpx.Client(trust_env=False, timeout=5) as client:
        response = client.post(url, json={"host": site, "mode": mode, "path": path})
    if response.status_code != 200:
        raise InputError(response.json().get("error", response.text))
    where = f"{site}{path or ''}"
    typer.echo(f"{where}: {mode}")
