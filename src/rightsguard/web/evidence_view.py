"""What the evidence viewer shows of a capture, and how its files leave the app.

``capture_view`` gathers a capture's artefacts, trusted time, ledger inclusion
proof and target; ``verify`` runs the same checks as ``rightsguard verify
--capture``; ``record_custody`` writes the view or verification into the chain
of custody (an event and a ledger leaf), as the CLI does for evidence items.
``download_headers`` decides how a stored file is served from the app's origin:
never rendered there unless it is a plain image or video.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from rightsguard.domain.nouns import Artefact, Capture, Target
from rightsguard.evidence.checks import Check
from rightsguard.evidence.items import record_custody_of
from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.seal import tsa_time, wacz_of
from rightsguard.evidence.tsa_config import tsa_client
from rightsguard.evidence.verify import verify_capture
from rightsguard.store import Store
from rightsguard.store.blobs import BlobStore
from rightsguard.workspace import Workspace

# Shown inline (an <img> or <video> on the capture page); everything else is an attachment.
INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "video/webm"})
EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "video/webm": ".webm",
    "application/pdf": ".pdf",
    "text/html": ".html",
    "text/plain": ".txt",
    "application/json": ".json",
    "application/zip": ".zip",
    "application/wacz": ".wacz",
    "application/timestamp-reply": ".tsr",
}
DOWNLOAD_CSP = "sandbox; default-src 'none'"


@dataclass(frozen=True)
class LedgerProof:
    index: int
    tree_size: int
    root: str
    leaf: str
    path: tuple[str, ...]


@dataclass(frozen=True)
class CaptureView:
    capture: Capture
    target: Target
    tsa_time: datetime | None
    tsa_url: str | None
    tsa_error: str | None
    proof: LedgerProof | None
    wacz_sha256: str | None

    def artefact(self, role: str) -> Artefact | None:
        return next((a for a in self.capture.artefacts if a.role == role), None)

    @property
    def environment_json(self) -> str:
        """The environment attestation minus what the page shows on its own."""
        skip = {"tsa_time", "tsa_url", "tsa_error", "ledger_idx"}
        shown = {k: v for k, v in self.capture.environment.items() if k not in skip}
        return json.dumps(shown, ensure_ascii=False, indent=2, sort_keys=True, default=str)


def ledger_proof(ledger: Ledger, index: int | None) -> LedgerProof | None:
    """The leaf's inclusion proof in the current tree (None without a leaf)."""
    if index is None:
        return None
    tree = ledger.tree()
    if not 0 <= index < len(tree):
        return None
    return LedgerProof(
        index=index,
        tree_size=len(tree),
        root=tree.root().hex(),
        leaf=tree.leaf(index).hex(),
        path=tuple(h.hex() for h in tree.inclusion_proof(index)),
    )


def capture_view(store: Store, capture_id: int) -> CaptureView:
    capture = store.captures.get(capture_id)
    env = capture.environment
    idx = env.get("ledger_idx")
    wacz = wacz_of(list(capture.artefacts))
    return CaptureView(
        capture=capture,
        target=store.targets.get(capture.target_id),
        tsa_time=tsa_time(env),
        tsa_url=env.get("tsa_url"),
        tsa_error=env.get("tsa_error"),
        proof=ledger_proof(Ledger(store), idx if isinstance(idx, int) else None),
        wacz_sha256=wacz[0] if wacz else None,
    )


def record_custody(store: Store, view: CaptureView, verb: str, why: str | None = None) -> None:
    """A view or verification of a capture: an event and a custody ledger leaf."""
    record_custody_of(
        store,
        Ledger(store),
        entity="capture",
        entity_id=view.capture.id,
        ref=f"capture:{view.capture.id}",
        case_id=None,
        sha256=view.wacz_sha256 or "",
        verb=verb,
        why=why,
    )


def verify(ws: Workspace, store: Store, capture: Capture) -> list[Check]:
    """The checks of ``rightsguard verify --capture ID``."""
    tsa = tsa_client(ws)
    try:
        return verify_capture(BlobStore(ws.evidence_dir), Ledger(store), tsa, capture)
    finally:
        if tsa is not None:
            tsa.close()


def checks_json(checks: list[Check]) -> list[dict[str, Any]]:
    return [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in checks]


def _ascii_name(name: str) -> str:
    kept = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in name)
    return kept.strip("._") or "file"


def download_headers(media_type: str, filename: str) -> dict[str, str]:
    """Headers of a stored file served from the app's origin: sandboxed, not sniffed,
    and an attachment unless it is an image or video the page shows."""
    kind = media_type.split(";")[0].strip().lower()
    inline = kind in INLINE_TYPES
    base, ext = filename.rsplit(".", 1) if "." in filename else (filename, "")
    wanted = EXTENSIONS.get(kind)
    safe = _ascii_name(base) + (wanted or (f".{_ascii_name(ext)}" if ext else ""))
    disposition = "inline" if inline else "attachment"
    return {
        "Content-Type": media_type if kind in EXTENSIONS else "application/octet-stream",
        "Content-Disposition": f'{disposition}; filename="{safe}"; '
        f"filename*=UTF-8''{quote(filename, safe='')}",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": DOWNLOAD_CSP,
        "Cross-Origin-Resource-Policy": "same-origin",
    }
