"""Identification reads page facts from the rendered capture (its DOM artefact) when the
target has a complete browser capture, and from a guarded fetch otherwise, saying which."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rightsguard.domain.enums import ObservableKind
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.evidence.capture import CaptureOptions, capture_urls
from rightsguard.evidence.limits import CaptureLimits
from rightsguard.identify.service import Identifier, identify_targets
from rightsguard.sandbox import Sandbox
from rightsguard.sandbox.hostile import HOSTILE_HOST, LATE_EMAIL
from rightsguard.store import Store
from rightsguard.store.blobs import BlobStore

pytestmark = pytest.mark.browser


def test_page_facts_come_from_the_rendered_capture_else_a_fetch(
    sb: Sandbox, identifier: Identifier, store: Store, tmp_path: Path
) -> None:
    if not (Path("/usr/bin/chromium").exists() or shutil.which("chromium")):
        pytest.skip("Chromium is not available")
    captured = store.targets.add(parse_target_row({"url": sb.url(HOSTILE_HOST, "/late")}))
    fetched = store.targets.add(parse_target_row({"url": sb.url(HOSTILE_HOST, "/late?v=2")}))
    options = CaptureOptions(
        mode="browser",
        allow_private=True,
        resolver=sb.map().static_resolver(),
        limits=CaptureLimits(timeout=20, settle=4),
    )
    # The identifier keeps its evidence in tmp_path/evidence: the workspace's store.
    [outcome] = capture_urls(
        BlobStore(tmp_path / "evidence"), [(captured.url, captured.id)], options, store=store
    )
    dom = outcome.artefact("dom")
    assert dom is not None and outcome.capture_id is not None
    report = identify_targets(store, [captured, fetched], identifier, resolve_after=False)

    rendered = report.findings[captured.id]
    assert rendered.page_source == {
        "source": "capture",
        "capture_id": outcome.capture_id,
        "dom_sha256": dom.sha256,
    }
    emails = [f for f in rendered.facts if f.kind is ObservableKind.EMAIL]
    assert [f.value for f in emails] == [LATE_EMAIL]  # written by script 1.5 s after load
    assert emails[0].detail["evidence_sha256"] == dom.sha256
    assert emails[0].detail["page_source"] == f"capture {outcome.capture_id} (rendered DOM)"

    plain = report.findings[fetched.id]
    assert plain.page_source["source"] == "fetch"
    assert "no complete browser capture" in plain.page_source["why"]
    assert not any(f.kind is ObservableKind.EMAIL for f in plain.facts)
    assert all(
        f.detail.get("page_source") == "guarded fetch" for f in plain.facts if f.source == "page"
    )
