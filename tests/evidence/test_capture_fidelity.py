"""Evidence shows what an ordinary visitor sees: late script content, slow lazy loads and
pages that hide from automated browsers are captured as a person would see them."""

from __future__ import annotations

import pytest
from capture_checks import artefact_bytes, require_chromium

from rightsguard.domain.enums import CaptureStatus
from rightsguard.evidence.capture import CaptureOptions, CaptureOutcome, capture_urls
from rightsguard.evidence.limits import CaptureLimits
from rightsguard.evidence.netguard import StaticResolver
from rightsguard.sandbox import Sandbox
from rightsguard.sandbox.hostile import (
    CLOAK_DECOY,
    CLOAK_REAL,
    HOSTILE_HOST,
    LATE_MARKER,
    LAZY_MARKER,
)
from rightsguard.store.blobs import BlobStore

pytestmark = pytest.mark.browser


def _capture(
    sandbox: Sandbox,
    resolver: StaticResolver,
    blobs: BlobStore,
    path: str,
    settle: float = 4,
    scheme: str = "http",
) -> CaptureOutcome:
    require_chromium()
    url = sandbox.url(HOSTILE_HOST, path, scheme)
    limits = CaptureLimits(timeout=20, settle=settle)
    options = CaptureOptions(mode="browser", allow_private=True, resolver=resolver, limits=limits)
    [outcome] = capture_urls(blobs, [(url, None)], options)
    assert outcome.status is CaptureStatus.COMPLETE, outcome.reason
    return outcome


def _seen(blobs: BlobStore, outcome: CaptureOutcome) -> str:
    return (
        artefact_bytes(blobs, outcome, "text").decode()
        + artefact_bytes(blobs, outcome, "dom").decode()
    )


def test_content_written_by_script_seconds_after_load_is_captured(
    capture_sandbox: Sandbox, sandbox_resolver: StaticResolver, blobs: BlobStore
) -> None:
    outcome = _capture(capture_sandbox, sandbox_resolver, blobs, "/late")
    assert LATE_MARKER in _seen(blobs, outcome)
    settle = outcome.environment["settle"]
    assert settle["ceiling_seconds"] == 4
    assert settle["waited_for"] == ["network quiet", "DOM quiet", "pending timers"]
    assert settle["ended_by"] == "quiet"
    assert 1.5 <= settle["seconds"] < 4


def test_an_ordinary_page_settles_quickly(
    capture_sandbox: Sandbox, sandbox_resolver: StaticResolver, blobs: BlobStore
) -> None:
    outcome = _capture(capture_sandbox, sandbox_resolver, blobs, "/dialogs", settle=5)
    settle = outcome.environment["settle"]
    assert settle["ended_by"] == "quiet" and settle["seconds"] < 1.5, settle


def test_content_loaded_on_scroll_from_a_slow_server_is_captured(
    capture_sandbox: Sandbox, sandbox_resolver: StaticResolver, blobs: BlobStore
) -> None:
    outcome = _capture(capture_sandbox, sandbox_resolver, blobs, "/lazy-slow")
    assert LAZY_MARKER in _seen(blobs, outcome)
    scroll = outcome.environment["settle"]["scroll"]
    assert scroll["steps"] >= 3 and scroll["waited_for"] == "network quiet after each step"


def test_a_page_that_hides_from_automated_browsers_is_captured_as_a_visitor_sees_it(
    capture_sandbox: Sandbox, sandbox_resolver: StaticResolver, blobs: BlobStore
) -> None:
    """The page checks the User-Agent, the client hints (sent over HTTPS only) and
    navigator.webdriver."""
    outcome = _capture(capture_sandbox, sandbox_resolver, blobs, "/cloak", scheme="https")
    seen = _seen(blobs, outcome)
    assert CLOAK_REAL in seen and CLOAK_DECOY not in seen
    env = outcome.environment
    assert "Chrome/" in env["user_agent"] and "headless" not in env["user_agent"].lower()
    browser = env["browser"]
    assert "--enable-automation" in browser["default_args_removed"]
    assert "--disable-blink-features=AutomationControlled" in browser["args"]
    command = browser["command_line"]  # what the browser process really ran with
    assert command and "--enable-automation" not in command
    assert "--disable-blink-features=AutomationControlled" in command
    assert browser["navigator_webdriver"] is False
    assert "recording proxy" in env["clean_environment"]["proxy"]["capture_traffic"]
