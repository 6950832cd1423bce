"""What every command shares: the workspace option and opening the store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

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


def network_guard(ws: Workspace, use_sandbox: bool) -> tuple[Any, Any]:
    """The SSRF guard and resolver for fetches from the CLI: the system's resolver, or
    the running sandbox's names with ``--sandbox``."""
    from rightsguard.evidence.netguard import Guard, NetworkPolicy, StaticResolver, SystemResolver

    resolver: Any = SystemResolver()
    if use_sandbox:
        from rightsguard.sandbox.core import default_state_dir
        from rightsguard.sandbox.process import running_map

        resolver = StaticResolver.from_sandbox(running_map(default_state_dir()))
    return Guard(resolver, NetworkPolicy(bool(ws.settings.allow_private_targets))), resolver
