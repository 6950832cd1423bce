"""One capture run in a workspace: its settings, network (resolver), sealer and store.

The CLI (``rightsguard capture``), the background task ``capture.targets`` and
the web workbench all start captures here, so they capture alike.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from rightsguard.evidence.capture import CaptureOptions, CaptureOutcome, capture_urls
from rightsguard.evidence.limits import CaptureLimits
from rightsguard.evidence.seal import make_sealer
from rightsguard.net import Network, network_for
from rightsguard.store import Store
from rightsguard.store.blobs import BlobStore
from rightsguard.workspace import Workspace


def capture_targets(
    ws: Workspace,
    st: Store,
    items: Sequence[tuple[str, int | None]],
    *,
    mode: str = "browser",
    concurrency: int = 4,
    video: bool = False,
    processes: int = 0,
    sandbox: bool = False,
    network: Network | None = None,
    on_done: Callable[[CaptureOutcome], None] | None = None,
) -> list[CaptureOutcome]:
    """Capture ``items`` (URL, target id) on the workspace's network (``sandbox``: the
    running sandbox; ``network``: one the caller built), sealed, after marking failed the
    captures a stopped process left pending."""
    network = network or network_for(ws.settings, "sandbox" if sandbox else None)
    options = CaptureOptions(
        mode=mode,
        video=video,
        concurrency=concurrency,
        limits=CaptureLimits.from_settings(ws.settings),
        allow_private=network.policy.allow_private,
        chromium_path=ws.settings.chromium_path,
        resolver=network.resolver(),
        processes=processes or min(os.cpu_count() or 1, 4, max(1, concurrency)),
    )
    # Captures a stopped process left pending (older than twice the time limit,
    # so no live capture) are marked failed before new work starts.
    st.captures.fail_interrupted(2.0 * float(ws.settings.capture_timeout_seconds))
    blobs = BlobStore(ws.evidence_dir)
    sealer = make_sealer(ws, st, blobs)
    try:
        return capture_urls(
            blobs, items, options, store=st, operator=ws.operator, on_done=on_done, sealer=sealer
        )
    finally:
        if sealer.tsa is not None:
            sealer.tsa.close()
