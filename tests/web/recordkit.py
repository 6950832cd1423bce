"""Captures into a workbench's workspace from the sandbox, for the records tests.

``sandbox_workspace`` makes a web workspace whose TSA is the sandbox's, so
captures are sealed; ``capture_into`` captures URLs as the workbench's
background job does (same sealer, same store), in the real Chromium.
"""

from __future__ import annotations

from pathlib import Path

from webkit import make_web_workspace

from rightsguard.evidence.capture import CaptureOptions, CaptureOutcome, capture_urls
from rightsguard.evidence.limits import CaptureLimits
from rightsguard.evidence.seal import make_sealer
from rightsguard.sandbox import Sandbox
from rightsguard.store import open_store
from rightsguard.store.blobs import BlobStore
from rightsguard.store.captures import find_or_add_target
from rightsguard.workspace import Workspace, init_workspace

CHROMIUM = Path("/usr/bin/chromium")


def require_chromium() -> None:
    if not CHROMIUM.exists():
        from conftest import service_missing

        service_missing(f"Chromium at {CHROMIUM}")


def sandbox_workspace(root: Path, sandbox: Sandbox) -> Workspace:
    tsa = sandbox.service("tsa")
    init_workspace(
        root,
        {
            "allow_private_targets": True,
            "tsa_url": tsa.url,  # type: ignore[attr-defined]
            "tsa_ca_file": str(tsa.ca_cert_path),  # type: ignore[attr-defined]
        },
    )
    return make_web_workspace(root)


def capture_into(
    ws: Workspace, sandbox: Sandbox, urls: list[str], mode: str = "browser"
) -> list[CaptureOutcome]:
    require_chromium()
    st = open_store(ws)
    blobs = BlobStore(ws.evidence_dir)
    sealer = make_sealer(ws, st, blobs)
    try:
        items: list[tuple[str, int | None]] = [(u, find_or_add_target(st, u)) for u in urls]
        options = CaptureOptions(
            mode=mode,
            allow_private=True,
            resolver=sandbox.map().static_resolver(),
            limits=CaptureLimits(timeout=30, settle=1),
            concurrency=2,
        )
        outcomes = capture_urls(blobs, items, options, store=st, sealer=sealer)
    finally:
        if sealer.tsa is not None:
            sealer.tsa.close()
        st.close()
    for o in outcomes:
        assert o.capture_id is not None, o.reason
    return outcomes
