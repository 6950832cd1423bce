"""Every hostile page ends within its limits, with the reason, in the real Chromium."""

from __future__ import annotations

import socket

import pytest
from capture_checks import artefact_bytes, require_chromium, warc_records

from rightsguard.domain.enums import CaptureStatus
from rightsguard.evidence.capture import CaptureOptions, capture_urls
from rightsguard.evidence.limits import CaptureLimits
from rightsguard.evidence.netguard import StaticResolver
from rightsguard.sandbox import Sandbox, world
from rightsguard.sandbox.hostile import FORGED_MARKER, HOSTILE_HOST, META_PROBE
from rightsguard.store.blobs import BlobStore

pytestmark = pytest.mark.browser

TIMEOUT = 8.0


def test_hostile_pages_end_within_limits(
    capture_sandbox: Sandbox, sandbox_resolver: StaticResolver, blobs: BlobStore
) -> None:
    require_chromium()
    paths = ["/scroll", "/loop/a", "/huge", "/drip", "/never", "/dialogs", "/download", "/popup"]
    urls = {p: capture_sandbox.url(HOSTILE_HOST, p) for p in paths}
    limits = CaptureLimits(
        timeout=TIMEOUT, max_response_bytes=1_000_000, settle=1, scroll_steps=4, max_redirects=5
    )
    options = CaptureOptions(
        mode="browser", allow_private=True, resolver=sandbox_resolver, limits=limits, concurrency=4
    )
    outcomes = {o.url: o for o in capture_urls(blobs, [(u, None) for u in urls.values()], options)}
    got = {p: outcomes[u] for p, u in urls.items()}
    summary = {p: (o.status.value, o.reason, round(o.seconds, 1)) for p, o in got.items()}
    for outcome in got.values():
        assert outcome.seconds < TIMEOUT + 6, summary
        assert outcome.artefact("wacz") is not None, summary
        if outcome.status is not CaptureStatus.COMPLETE:
            assert outcome.reason, summary
    assert got["/scroll"].status is CaptureStatus.PARTIAL, summary
    assert (got["/scroll"].reason or "").startswith("scroll limit"), summary
    assert got["/loop/a"].status is CaptureStatus.PARTIAL, summary
    assert "redirect" in (got["/loop/a"].reason or ""), summary
    assert got["/huge"].status is CaptureStatus.PARTIAL, summary
    assert "response size limit" in (got["/huge"].reason or ""), summary
    for slow in ("/drip", "/never"):
        assert got[slow].status is CaptureStatus.PARTIAL, summary
        assert (got[slow].reason or "").startswith("time limit"), summary
        assert got[slow].artefact("screenshot") is not None, summary
    assert got["/download"].status is CaptureStatus.PARTIAL, summary
    assert "download" in (got["/download"].reason or ""), summary
    notes = got["/dialogs"].environment["notes"]
    assert got["/dialogs"].status is CaptureStatus.COMPLETE, summary
    assert {n.split(":")[1].split()[0] for n in notes if n.startswith("dialog")} == {
        "alert",
        "confirm",
        "prompt",
    }
    assert any(n.startswith("pop-up closed") for n in got["/popup"].environment["notes"])


def test_browser_refuses_private_targets_unless_allowed(
    capture_sandbox: Sandbox, sandbox_resolver: StaticResolver, blobs: BlobStore
) -> None:
    require_chromium()
    url = capture_sandbox.url(world.OUTLET_HOST, "/")
    strict = CaptureOptions(mode="browser", allow_private=False, resolver=sandbox_resolver)
    [outcome] = capture_urls(blobs, [(url, None)], strict)
    assert outcome.status is CaptureStatus.FAILED and "loopback" in (outcome.reason or "")


def test_page_cannot_write_records_into_its_own_warc(
    capture_sandbox: Sandbox, sandbox_resolver: StaticResolver, blobs: BlobStore
) -> None:
    """warcprox's WARCPROX_WRITE_RECORD and PUTMETA are refused (and noted); a page's own
    Warcprox-Meta header does not choose where (or whether) its requests are recorded."""
    require_chromium()
    url = capture_sandbox.url(HOSTILE_HOST, "/forge")
    limits = CaptureLimits(timeout=TIMEOUT, settle=2)
    options = CaptureOptions(
        mode="browser", allow_private=True, resolver=sandbox_resolver, limits=limits
    )
    [outcome] = capture_urls(blobs, [(url, None)], options)
    records = warc_records(artefact_bytes(blobs, outcome, "wacz"))
    forged = [r for r in records if FORGED_MARKER.encode() in r["body"]]
    assert forged == [], [(r["type"], r["uri"]) for r in forged]
    notes = outcome.environment["notes"]
    refused = {n.split()[-2] for n in notes if "(non-standard HTTP method)" in n}
    assert refused == {"WARCPROX_WRITE_RECORD", "PUTMETA"}, notes
    probe = [r for r in records if r["type"] == "response" and META_PROBE in str(r["uri"])]
    assert [r["status"] for r in probe] == ["200"], notes


def test_webrtc_sends_no_udp_around_the_proxy(
    capture_sandbox: Sandbox, sandbox_resolver: StaticResolver, blobs: BlobStore
) -> None:
    """A page's RTCPeerConnection must not reach a STUN server: UDP bypasses the recording
    proxy and its address rule (and would reveal the capture machine's addresses)."""
    require_chromium()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as stun:
        stun.bind(("127.0.0.1", 0))
        stun.settimeout(0.5)
        port = stun.getsockname()[1]
        url = capture_sandbox.url(HOSTILE_HOST, f"/webrtc?stun={port}")
        limits = CaptureLimits(timeout=TIMEOUT, settle=3)
        options = CaptureOptions(
            mode="browser", allow_private=True, resolver=sandbox_resolver, limits=limits
        )
        [outcome] = capture_urls(blobs, [(url, None)], options)
        assert outcome.artefact("wacz") is not None, outcome.reason
        try:
            packet, sender = stun.recvfrom(2048)
        except TimeoutError:
            packet = b""
        assert packet == b"", f"{len(packet)} UDP bytes reached the STUN port from {sender}"
