"""Identification in a workspace: the identifier its settings call for, and one run.

With ``allow_private_targets`` on and a background sandbox running, every lookup
goes to the sandbox's RDAP, WHOIS and DNS servers and its sites; otherwise to
the real registries. The CLI, the background task ``identify.targets`` and the
web workbench all identify through here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import httpx

from rightsguard.workspace import Workspace

if TYPE_CHECKING:
    from rightsguard.domain.nouns import Target
    from rightsguard.store import Store


@contextmanager
def identifier_for(ws: Workspace) -> Iterator[Any]:
    from rightsguard.identify.service import build_identifier

    sandbox_map = None
    if ws.settings.allow_private_targets:
        from rightsguard.sandbox.core import default_state_dir
        from rightsguard.sandbox.process import running_map, status

        if status(default_state_dir()) is not None:
            sandbox_map = running_map(default_state_dir())
    if sandbox_map is not None:
        from rightsguard.sandbox.rdap import identify_settings

        client = sandbox_map.httpx_client(timeout=10)
        names = set(sandbox_map.hostnames)
        https = sandbox_map.endpoints().get("sites.https")
        ident = build_identifier(
            ws,
            client,
            overrides=identify_settings(sandbox_map.endpoints()),
            sandbox=True,
            tls_address=(lambda h: (https.host, https.port) if h in names else None)
            if https
            else None,
            tls_context=sandbox_map.ssl_context(),
        )
    else:
        client = httpx.Client(timeout=10, headers={"User-Agent": "RightsGuard identify"})
        ident = build_identifier(ws, client, tls_address=lambda h: (h, 443))
    try:
        yield ident
    finally:
        client.close()


def identify_in_workspace(
    ws: Workspace, st: Store, targets: Sequence[Target], *, concurrency: int = 8
) -> tuple[Any, Any]:
    """Identify ``targets``, ledger the raw replies, flag repeats by known parties;
    returns the report and the repeats."""
    from rightsguard.discover.recurrence import flag_known_party_repeats
    from rightsguard.evidence.ledger import Ledger
    from rightsguard.evidence.lookups import ledger_lookup_replies
    from rightsguard.identify.service import identify_targets

    with identifier_for(ws) as ident:
        report = identify_targets(st, list(targets), ident, concurrency=concurrency)
    ids = [t.id for t in targets]
    ledger_lookup_replies(st, Ledger(st), ids)
    repeats = flag_known_party_repeats(st, ids)
    return report, repeats
