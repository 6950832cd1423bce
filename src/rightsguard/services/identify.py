"""Identification in a workspace: the identifier its settings call for, and one run.

The network is the setting ``network`` (``rightsguard.net``). Left at its default, a
workspace with ``allow_private_targets`` on identifies against a running sandbox
(its RDAP, WHOIS and DNS servers and its sites) when one is registered and running,
as it always has; otherwise against the real registries. The CLI, the background
task ``identify.targets`` and the web workbench all identify through here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rightsguard.discover.recurrence import KnownPartyRepeat, flag_known_party_repeats
from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.lookups import ledger_lookup_replies
from rightsguard.identify.service import build_identifier
from rightsguard.net import Network, NetworkUnavailable, network_for, network_names
from rightsguard.workspace import Workspace

if TYPE_CHECKING:
    from rightsguard.domain.nouns import Target
    from rightsguard.store import Store

USER_AGENT = "RightsGuard identify"
#: The stand-in network a private-targets workspace identifies against when it runs.
STAND_IN = "sandbox"


def identify_network(ws: Workspace) -> Network:
    """The setting ``network``; left at its default with ``allow_private_targets`` on,
    the running stand-in network if there is one."""
    settings = ws.settings
    if (
        settings.source("network") == "default"
        and settings.allow_private_targets
        and STAND_IN in network_names()
    ):
        try:
            return network_for(settings, STAND_IN)
        except NetworkUnavailable:
            pass
    return network_for(settings)


@contextmanager
def identifier_for(ws: Workspace, network: Network | None = None) -> Iterator[Any]:
    """An identifier on ``network`` (default: :func:`identify_network`), its client
    closed on exit."""

    network = network or identify_network(ws)
    with network.http_client(timeout=10, headers={"User-Agent": USER_AGENT}) as client:
        yield build_identifier(ws, network, client)


@dataclass(frozen=True)
class Identified:
    """One identification run: the identifier's report, the targets flagged as repeats
    by known parties, and how many raw lookup replies were newly ledgered."""

    report: Any
    repeats: list[KnownPartyRepeat]
    replies: int


def identify_all(
    ws: Workspace,
    st: Store,
    targets: Sequence[Target],
    *,
    concurrency: int = 8,
    network: Network | None = None,
    resolve_after: bool = True,
) -> Identified:
    """Identify ``targets`` on ``network`` (default: :func:`identify_network`), ledger
    the raw replies, flag repeats by known parties; ``resolve_after=False`` leaves the
    store's parties as they are (a second look at one target)."""
    from rightsguard.identify.service import identify_targets

    with identifier_for(ws, network) as ident:
        report = identify_targets(
            st, list(targets), ident, concurrency=concurrency, resolve_after=resolve_after
        )
    ids = [t.id for t in targets]
    replies = ledger_lookup_replies(st, Ledger(st), ids)
    return Identified(report, flag_known_party_repeats(st, ids), replies)


def identify_targets(
    ws: Workspace, st: Store, targets: Sequence[Target], *, concurrency: int = 8
) -> tuple[Any, Any]:
    """Identify ``targets``, ledger the raw replies, flag repeats by known parties;
    returns the report and the repeats."""
    done = identify_all(ws, st, targets, concurrency=concurrency)
    return done.report, done.repeats
