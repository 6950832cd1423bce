"""The workspace's time-stamp authority, from settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rightsguard.evidence.timestamp import TsaClient
from rightsguard.workspace import Workspace


def tsa_client(ws: Workspace) -> TsaClient | None:
    """A client for ``tsa_url``, or None when no TSA is configured."""
    url: str = ws.settings.tsa_url
    if not url:
        return None
    ca_file = Path(ws.settings.tsa_ca_file)
    if not ca_file.is_absolute():
        ca_file = ws.root / ca_file
    auth = (
        (ws.settings.tsa_username, ws.settings.tsa_password) if ws.settings.tsa_username else None
    )
    return TsaClient(url, ca_file, timeout=float(ws.settings.tsa_timeout_seconds), auth=auth)


@contextmanager
def open_tsa(ws: Workspace) -> Iterator[TsaClient | None]:
    """``tsa_client`` for the length of a ``with`` block, closed after it."""
    tsa = tsa_client(ws)
    try:
        yield tsa
    finally:
        if tsa is not None:
            tsa.close()
