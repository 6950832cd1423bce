"""The rendered page of a target, from its latest complete browser capture.

Identification reads page facts from what a visitor's browser showed (the capture's
``dom`` artefact: the DOM after scripts ran) rather than from a second, plain GET that
misses content written by script and may be served a different page. The DOM is read
from the evidence store and checked against its recorded SHA-256 before use.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rightsguard.domain.enums import CaptureStatus
from rightsguard.domain.nouns import Capture


@dataclass(frozen=True)
class RenderedPage:
    capture_id: int
    dom_sha256: str
    html: str
    #: The main response's headers as the capture recorded them (for CDN signs).
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        return f"capture {self.capture_id} (rendered DOM)"


def latest_rendered(
    captures: Sequence[Capture], read: Callable[[str], bytes | None]
) -> tuple[RenderedPage | None, str]:
    """The newest complete browser capture's DOM, or None and why there is none."""
    usable = [
        c
        for c in captures
        if c.mode == "browser" and c.status is CaptureStatus.COMPLETE and _dom(c) is not None
    ]
    if not usable:
        return None, "no complete browser capture of the target"
    capture = max(usable, key=lambda c: c.id)
    sha = _dom(capture)
    assert sha is not None
    data = read(sha)
    if data is None:
        return None, f"the DOM of capture {capture.id} is missing from the evidence store"
    if hashlib.sha256(data).hexdigest() != sha:
        return None, f"the DOM of capture {capture.id} does not match its SHA-256"
    network = (capture.environment or {}).get("network") or {}
    headers = tuple(
        (str(h[0]), str(h[1])) for h in network.get("response_headers") or [] if len(h) == 2
    )
    return RenderedPage(capture.id, sha, data.decode("utf-8", "replace"), headers), ""


def _dom(capture: Capture) -> str | None:
    return next((a.sha256 for a in capture.artefacts if a.role == "dom"), None)
