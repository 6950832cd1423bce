"""Replay of captured pages on an origin of its own (to be filled in)."""

from __future__ import annotations

from collections.abc import Callable

from rightsguard.workspace import Workspace


def start_replay_server(ws: Workspace, host: str, port: int) -> tuple[str, Callable[[], None]]:
    """Start the replay server; returns its origin and a function that stops it."""
    return "", lambda: None
