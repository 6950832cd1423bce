"""The evidence viewer over a real sealed browser capture of a sandbox site: the
capture page (screenshot, hashes, TSA time, ledger proof, environment), custody
views, the verification button, sandboxed downloads, evidence items and the API."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from recordkit import capture_into, sandbox_workspace
from webkit import Web, start_web

from rightsguard.domain.enums import CaptureStatus
from rightsguard.evidence.capture import CaptureOutcome
from rightsguard.evidence.items import add_files
from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.tsa_config import tsa_client
from rightsguard.sandbox import Sandbox, world
from rightsguard.store import open_store
from rightsguard.store.blobs import BlobStore
from rightsguard.web.evidence_view import download_headers


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "no CSRF field on the page"
    return found.group(1)


pytestmark = pytest.mark.browser


@dataclass
class Rec:
    web: Web
    outcome: CaptureOutcome

    @property
    def capture_id(self) -> int:
        assert self.outcome.capture_id is not None
        return self.outcome.capture_id


@pytest.fixture(scope="module")
def rec(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rec]:
    with Sandbox(state_dir=tmp_path_factory.mktemp("ev-sandbox")) as sb:
        ws = sandbox_workspace(tmp_path_factory.mktemp("ev") / "ws", sb)
        [outcome] = capture_into(ws, sb, [sb.url(world.OUTLET_HOST, "/", "https")])
        web = start_web(ws)  # no replay origin: the page says replay is unavailable
        try:
            yield Rec(web, outcome)
        finally:
            web.close()


def test_capture_is_sealed(rec: Rec) -> None:
    assert rec.outcome.status is CaptureStatus.COMPLETE, rec.outcome.reason


def test_capture_page_shows_the_evidence_and_records_the_view(rec: Rec) -> None:
    c = rec.web.client("liaison")
    listing = c.get("/evidence")
    assert listing.status_code == 200 and f'/evidence/captures/{rec.capture_id}"' in listing.text
    page = c.get(f"/evidence/captures/{rec.capture_id}")
    assert page.status_code == 200
    text = page.text
    assert 'id="screenshot"' in text and 'id="pdf-link"' in text
    for artefact in rec.outcome.artefacts:
        assert artefact.sha256 in text
    assert "timestamp" in text  # the token is listed as an artefact
    tsa_time = re.search(r'id="tsa-time">([^<]+)<', text)
    assert tsa_time and tsa_time.group(1).startswith("20")
    assert 'id="ledger-proof"' in text and "127.0.0.5" in text  # network context
    assert 'id="replay-unavailable"' in text and "<iframe" not in text
    st = open_store(rec.web.ws)
    try:
        views = st.events.list(entity="capture", entity_id=rec.capture_id, limit=20)
        leaves = Ledger(st).leaves_for(f"capture:{rec.capture_id}")
    finally:
        st.close()
    assert any(e.verb == "capture.viewed" and e.actor == "web:liaison" for e in views)
    assert [leaf.kind for leaf in leaves].count("custody") >= 1


def test_verify_button_runs_every_check(rec: Rec) -> None:
    c = rec.web.client("counsel")
    url = f"/evidence/captures/{rec.capture_id}/verify"
    assert c.post(url).status_code == 403  # no CSRF token
    page = c.post(url, data={"csrf": rec.web.csrf(c)})
    assert page.status_code == 200
    section = page.text[page.text.index('id="checks"') :]
    assert "✓" in section and "✗" not in section.split("</section>")[0]
    for name in ("screenshot", "WACZ", "timestamp", "ledger"):
        assert f"capture {rec.capture_id}: {name}" in section


def test_downloads_are_sandboxed_and_html_is_an_attachment(rec: Rec) -> None:
    c = rec.web.client("analyst")
    base = f"/evidence/captures/{rec.capture_id}/artefacts"
    shot = c.get(f"{base}/screenshot")
    assert shot.status_code == 200 and shot.content.startswith(b"\x89PNG")
    assert shot.headers["content-type"] == "image/png"
    dom = c.get(f"{base}/dom")
    assert dom.status_code == 200 and world.OPERATOR.uscc in dom.text
    assert dom.headers["content-disposition"].startswith("attachment;")
    assert dom.headers["content-type"].startswith("text/html")
    for response in (shot, dom, c.get(f"{base}/pdf"), c.get(f"{base}/text")):
        assert response.headers["content-security-policy"] == "sandbox; default-src 'none'"
        assert response.headers["x-content-type-options"] == "nosniff"
    assert c.get(f"{base}/pdf").headers["content-disposition"].startswith("attachment;")
    assert c.get(f"{base}/nothing").status_code == 404
    assert c.get(f"{base}/..%2Fetc").status_code in (404, 422)
    assert rec.web.client(None).get(f"{base}/dom").status_code == 303  # sign in first
    # every file served is in the capture's chain of custody, with what was served
    st = open_store(rec.web.ws)
    try:
        served = [
            e.reason
            for e in st.events.list(entity="capture", entity_id=rec.capture_id, limit=200)
            if e.verb == "capture.downloaded"
        ]
    finally:
        st.close()
    assert {"screenshot", "dom", "pdf", "text"} <= set(served), served


def test_download_headers_rules() -> None:
    html = download_headers("text/html; charset=utf-8", 'a"b\r\nX: y.html')
    assert html["Content-Disposition"].startswith('attachment; filename="a_b__X__y.html"')
    assert "\r" not in html["Content-Disposition"] and "\n" not in html["Content-Disposition"]
    assert download_headers("image/svg+xml", "x.svg")["Content-Type"] == "application/octet-stream"
    assert download_headers("image/svg+xml", "x.svg")["Content-Disposition"].startswith("attach")
    assert download_headers("image/png", "x")["Content-Disposition"].startswith("inline")


def test_evidence_item_page_and_file(rec: Rec, tmp_path: Path) -> None:
    ws = rec.web.ws
    st = open_store(ws)
    tsa = tsa_client(ws)
    try:
        case = st.cases.new("Test purchase")
        note = tmp_path / "chat.html"
        note.write_text("<script>alert(1)</script><p>卖家聊天记录</p>", "utf-8")
        [item] = add_files(
            st, BlobStore(ws.evidence_dir), Ledger(st), tsa, [note], case_id=case.id, kind="chat"
        )
    finally:
        if tsa is not None:
            tsa.close()
        st.close()
    c = rec.web.client("analyst")
    # a link from another site cannot write a note into the chain of custody
    page = c.get(f"/evidence/items/{item.id}", params={"why": "planted by a link"})
    assert page.status_code == 200 and item.sha256 in page.text and "<script>alert" not in page.text
    assert "evidence.viewed" in page.text and "planted by a link" not in page.text
    assert c.post(f"/evidence/items/{item.id}/note", data={"why": "no token"}).status_code == 403
    noted = c.post(
        f"/evidence/items/{item.id}/note",
        data={"why": "checked the seller's chat", "csrf": csrf_of(page.text)},
    )
    assert noted.status_code == 303
    file = c.get(f"/evidence/items/{item.id}/file")
    assert file.headers["content-disposition"].startswith("attachment;")
    assert file.headers["content-security-policy"] == "sandbox; default-src 'none'"
    assert "卖家聊天记录" in file.content.decode()
    assert c.get("/evidence").text.count(f'/evidence/items/{item.id}"') == 1
    shown = c.get(f"/evidence/items/{item.id}").text
    assert "evidence.noted · checked the seller&#39;s chat" in shown
    assert "evidence.downloaded" in shown
    st = open_store(rec.web.ws)
    try:
        ledger = Ledger(st)
        verbs = [
            json.loads(ledger.payload(leaf.index))["verb"]
            for leaf in ledger.leaves_for(item.ref)[1:]
        ]
    finally:
        st.close()
    assert {"viewed", "noted", "downloaded"} <= set(verbs), verbs


def test_api_capture(rec: Rec) -> None:
    c = rec.web.client("liaison")
    body = c.get(f"/api/v1/captures/{rec.capture_id}").json()
    assert body["status"] == "complete" and body["tsa_time"]
    assert {a["role"] for a in body["artefacts"]} >= {"wacz", "screenshot", "timestamp"}
    ledger = body["ledger"]
    assert ledger["index"] == body["environment"]["ledger_idx"] and len(ledger["root"]) == 64
    missing = c.get("/api/v1/captures/987654")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    detail = c.get(f"/api/v1/targets/{body['target_id']}").json()
    assert detail["captures"][0]["href"] == f"/api/v1/captures/{rec.capture_id}"


def test_verify_shows_a_changed_file(rec: Rec) -> None:
    """Last: a stored screenshot altered behind the store's back fails its check."""
    shot = next(a for a in rec.outcome.artefacts if a.role == "screenshot")
    path = BlobStore(rec.web.ws.evidence_dir).path_for(shot.sha256)
    original = path.read_bytes()
    os.chmod(path, 0o644)
    try:
        path.write_bytes(original + b"tampered")
        c = rec.web.client("analyst")
        page = c.post(f"/evidence/captures/{rec.capture_id}/verify", data={"csrf": rec.web.csrf(c)})
        assert "✗ 1" in page.text and "the stored file was changed" in page.text
    finally:
        path.write_bytes(original)
        os.chmod(path, 0o444)
