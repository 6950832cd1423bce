"""What every command shares: the workspace option and opening the store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import typer

from rightsguard.net import Network, network_for
from rightsguard.store import Store, open_store
from rightsguard.workspace import Workspace, find_workspace


@dataclass
class CliState:
    workspace: Path | None = None


def state(ctx: typer.Context) -> CliState:
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj


def workspace(ctx: typer.Context) -> Workspace:
    return find_workspace(state(ctx).workspace)


@contextmanager
def store(ctx: typer.Context) -> Iterator[Store]:
    opened = open_store(workspace(ctx))
    try:
        yield opened
    finally:
        opened.close()


def network(ws: Workspace, use_sandbox: bool) -> Network:
    """The network of a command: the setting ``network``, or the running sandbox with
    ``--sandbox``."""
    return network_for(ws.settings, "sandbox" if use_sandbox else None)
