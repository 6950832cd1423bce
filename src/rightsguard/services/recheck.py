"""Following up: look at targets again, act on what changed, and capture it.

``rightsguard recheck``, the scheduled ``recheck.watched`` job and the demo's watch
all come here: one look per target (live, removed, redirected, changed or back; its
status moved, take-downs and repeats recorded), then a capture, as evidence, of each
target whose status moved or whose page changed or now redirects."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rightsguard.discover.recheck import RecheckResult, recheck_targets
from rightsguard.evidence.capture import CaptureOptions, CaptureOutcome, capture_urls
from rightsguard.evidence.limits import CaptureLimits
from rightsguard.evidence.seal import make_sealer, visual_change
from rightsguard.net import Network
from rightsguard.store import Store
from rightsguard.store.blobs import BlobStore
from rightsguard.workspace import Workspace

#: What a look found that is worth new evidence (besides a status that moved).
CAPTURED_STATES = frozenset({"changed", "redirected"})


@dataclass(frozen=True)
class RecheckRun:
    results: list[RecheckResult]
    captures: list[CaptureOutcome] = field(default_factory=list)
    #: per captured target: screenshot bits changed against its previous capture
    visual: dict[int, int | None] = field(default_factory=dict)

    @property
    def captured(self) -> int:
        return sum(1 for o in self.captures if o.status.value != "failed")


def worth_capturing(result: RecheckResult) -> bool:
    return bool(result.status_change) or result.state in CAPTURED_STATES


def recheck_and_capture(
    ws: Workspace,
    store: Store,
    target_ids: Sequence[int],
    network: Network,
    *,
    capture: bool = True,
    capture_mode: str = "browser",
    concurrency: int = 50,
) -> RecheckRun:
    """Recheck ``target_ids`` over ``network`` and, with ``capture``, capture each one
    worth it (sealed: time-stamped and in the ledger)."""
    guard = network.guard()
    limits = CaptureLimits.from_settings(ws.settings)
    results = recheck_targets(
        store,
        list(target_ids),
        lambda: network.fetch_client(limits, guard=guard, max_connections=concurrency),
        concurrency=concurrency,
    )
    changed = [r for r in results if worth_capturing(r)]
    if not capture or not changed:
        return RecheckRun(results)
    blobs = BlobStore(ws.evidence_dir)
    sealer = make_sealer(ws, store, blobs)
    options = CaptureOptions(
        mode=capture_mode,
        resolver=guard.resolver,
        allow_private=bool(ws.settings.allow_private_targets),
        chromium_path=ws.settings.chromium_path,
        limits=limits,
    )
    try:
        outcomes = capture_urls(
            blobs,
            [(r.url, r.target_id) for r in changed],
            options,
            store=store,
            operator=ws.operator,
            sealer=sealer,
        )
    finally:
        if sealer.tsa is not None:
            sealer.tsa.close()
    visual = {r.target_id: visual_change(store, r.target_id) for r in changed}
    return RecheckRun(results, outcomes, visual)
