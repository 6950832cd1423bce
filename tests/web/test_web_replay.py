"""Replay isolation in the real Chromium: a captured page whose script attacks the
viewer is replayed on the replay origin inside a sandboxed frame, and can touch
neither the workbench page, nor its cookies, nor its API with the session."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from recordkit import CHROMIUM, capture_into, require_chromium, sandbox_workspace
from webkit import Web, free_port, password_of, start_web

from rightsguard.domain.enums import TargetStatus
from rightsguard.domain.nouns import Artefact, Capture
from rightsguard.evidence.wacz import WARC_NAME, Page, write_wacz
from rightsguard.sandbox import Sandbox, world
from rightsguard.sandbox.hostile import HOSTILE_HOST, STEAL_MARKER
from rightsguard.settings import Settings
from rightsguard.store import open_store
from rightsguard.store.blobs import BlobStore
from rightsguard.web.replay import (
    find_wayback,
    publish,
    replay_key,
    signed_path,
    start_replay_server,
)
from rightsguard.web.replay_guard import sign_path
from rightsguard.workspace import Workspace

pytestmark = pytest.mark.browser


@dataclass
class Setup:
    web: Web
    replay_origin: str
    capture_id: int
    target_id: int
    requests: list[dict[str, Any]] = field(default_factory=list)
    sandbox: Sandbox | None = None
    outside: Outside | None = None


class Outside:
    """A server outside the replay, on loopback: every TCP connection and UDP datagram
    (STUN) that reaches it is recorded."""

    def __init__(self) -> None:
        self.tcp = socket.create_server(("127.0.0.1", 0))
        self.port = self.tcp.getsockname()[1]
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", self.port))
        self.hits: list[str] = []
        self.tcp.settimeout(0.2)
        self.udp.settimeout(0.2)
        self.running = True
        for loop in (self._accept, self._receive):
            threading.Thread(target=loop, daemon=True).start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while self.running:
            try:
                conn, _ = self.tcp.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.hits.append("tcp: " + conn.recv(200).decode("latin-1"))
                except OSError:
                    self.hits.append("tcp: (no request line)")
                conn.sendall(b"HTTP/1.0 204 No Content\r\n\r\n")

    def _receive(self) -> None:
        while self.running:
            try:
                self.hits.append(f"udp: {len(self.udp.recvfrom(2048)[0])} bytes")
            except OSError:
                continue

    def close(self) -> None:
        self.running = False
        self.tcp.close()
        self.udp.close()


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    require_chromium()
    if find_wayback() is None:
        from conftest import service_missing

        service_missing("pywb (its own venv, .venv-pywb)")
    outside = Outside()
    with Sandbox(state_dir=tmp_path_factory.mktemp("replay-sandbox")) as sb:
        ws = sandbox_workspace(tmp_path_factory.mktemp("replay") / "ws", sb)
        server = start_replay_server(ws, free_port())
        assert server.origin, (ws.root / "replay" / "pywb.log").read_text()
        web = start_web(ws, replay_origin=server.origin)
        try:
            # Captured after both servers started: it must replay without a restart.
            url = sb.url(HOSTILE_HOST, "/steal", "http") + f"?app={web.base}&out={outside.origin}"
            [outcome] = capture_into(ws, sb, [url])
            assert outcome.capture_id is not None and outcome.target_id is not None
            outside.hits.clear()  # the page attacks only once framed, but be sure
            yield Setup(
                web,
                server.origin,
                outcome.capture_id,
                outcome.target_id,
                sandbox=sb,
                outside=outside,
            )
        finally:
            web.close()
            server.stop()
            outside.close()


def _browse(setup: Setup) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    seen: dict[str, Any] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            context = browser.new_context()
            page = context.new_page()
            context.on(
                "request",
                lambda r: setup.requests.append(
                    {"url": r.url, "main": r.frame == page.main_frame, "request": r}
                ),
            )
            page.goto(f"{setup.web.base}/login")
            page.fill("input[name=username]", "analyst")
            page.fill("input[name=password]", password_of("analyst"))
            page.click("button[type=submit]")
            page.wait_for_url(f"{setup.web.base}/")
            response = page.goto(f"{setup.web.base}/evidence/captures/{setup.capture_id}")
            assert response is not None
            seen["csp"] = response.headers.get("content-security-policy", "")
            seen["sandbox_attr"] = page.get_attribute("#replay", "sandbox")
            frame = page.frame_locator("#replay")
            frame.locator("#marker").wait_for(timeout=30_000)
            seen["marker"] = frame.locator("#marker").inner_text()
            deadline = time.monotonic() + 15
            log = ""
            while time.monotonic() < deadline and "cookie:" not in log:
                log = frame.locator("#log").inner_text()
                time.sleep(0.2)
            page.wait_for_timeout(3000)  # let the attack's requests finish
            seen["log"] = frame.locator("#log").inner_text()
            seen["frame_csp"] = {
                r["url"]: r["request"].response().all_headers().get("content-security-policy", "")
                for r in setup.requests
                if r["url"].startswith(setup.replay_origin)
                and r["request"].resource_type in ("document", "script")  # not opaque
                and r["request"].response()
            }
            [replayed] = [f for f in page.frames if f.url.startswith(setup.replay_origin)]
            seen["frame_url"] = replayed.url
            seen["frame_origin"] = replayed.evaluate("self.origin")
            seen["main_text"] = page.inner_text("body")
            seen["me"] = page.inner_text("#me")
            seen["cookies"] = {c["name"] for c in context.cookies()}
            seen["sent"] = [
                {**r, "headers": r["request"].all_headers()}
                for r in setup.requests
                if r["url"].startswith(setup.web.base) and not r["main"]
            ]
        finally:
            browser.close()
    return seen


@pytest.fixture(scope="module")
def seen(setup: Setup) -> dict[str, Any]:
    return _browse(setup)


def test_replayed_content_is_shown_in_a_sandboxed_frame_of_another_origin(
    setup: Setup, seen: dict[str, Any]
) -> None:
    assert seen["marker"] == STEAL_MARKER
    assert seen["sandbox_attr"] == "allow-scripts"
    assert seen["frame_url"].startswith(setup.replay_origin + "/t/capture-")
    assert setup.replay_origin != setup.web.base
    assert seen["frame_origin"] == "null"  # opaque: no allow-same-origin


def test_the_app_page_is_untouched_and_has_its_csp(setup: Setup, seen: dict[str, Any]) -> None:
    assert "parent: blocked" in seen["log"]
    assert "HIJACKED" not in seen["main_text"] and "Analyst Test" in seen["me"]
    csp = seen["csp"]
    assert "script-src 'self'" in csp and f"frame-src 'self' {setup.replay_origin}" in csp
    assert "rg_session" in seen["cookies"]  # the viewer was signed in all along


def test_the_frame_got_no_session(setup: Setup, seen: dict[str, Any]) -> None:
    log = seen["log"]
    assert "rg_session" not in log and '"csrf"' not in log and "Analyst" not in log
    # the attack did run (fetches through the replay, an image straight at the app)
    assert any("from=replayed-page" in r["url"] for r in setup.requests)
    for request in seen["sent"]:
        assert "rg_session" not in request["headers"].get("cookie", ""), request["url"]
    st = open_store(setup.web.ws)
    try:
        assert st.targets.get(setup.target_id).status is TargetStatus.SUSPECTED
        acts = [e for e in st.events.list(limit=200) if e.actor == "web:analyst"]
    finally:
        st.close()
    # what the analyst's own page did: the view, and its screenshot served (custody)
    shown = {(e.verb, e.reason if e.verb == "capture.downloaded" else None) for e in acts}
    assert shown <= {
        ("capture.viewed", None),
        ("capture.downloaded", "screenshot"),
        ("session.started", None),
        ("user.signed_in", None),
    }, shown


def test_captured_html_downloads_as_a_sandboxed_attachment(setup: Setup) -> None:
    c = setup.web.client("analyst")
    dom = c.get(f"/evidence/captures/{setup.capture_id}/artefacts/dom")
    assert dom.status_code == 200 and STEAL_MARKER in dom.text
    assert dom.headers["content-disposition"].startswith("attachment;")
    assert dom.headers["content-security-policy"] == "sandbox; default-src 'none'"
    assert dom.headers["x-content-type-options"] == "nosniff"


def _index_filenames(wacz: bytes) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(wacz)) as zf:
        index = zf.read("indexes/index.cdxj").decode()
    return {json.loads(line.split(" ", 2)[2])["filename"] for line in index.splitlines()}


def _replays(setup: Setup, capture: Capture) -> httpx.Response:
    blobs = BlobStore(setup.web.ws.evidence_dir)
    replayable = publish(setup.web.ws, blobs, capture)
    assert replayable is not None
    path = signed_path(setup.web.ws, replayable, time.time())
    return httpx.get(setup.replay_origin + path, timeout=30)


def _http_capture(setup: Setup, path: str) -> tuple[Capture, bytes]:
    """An HTTP-mode capture of the outlet shop's ``path``, and its WACZ."""
    assert setup.sandbox is not None
    url = setup.sandbox.url(world.OUTLET_HOST, path)
    [outcome] = capture_into(setup.web.ws, setup.sandbox, [url], mode="http")
    wacz = outcome.artefact("wacz")
    assert wacz is not None and outcome.capture_id is not None
    st = open_store(setup.web.ws)
    try:
        capture = st.captures.get(outcome.capture_id)
    finally:
        st.close()
    return capture, BlobStore(setup.web.ws.evidence_dir).read(wacz.sha256)


def test_an_http_mode_capture_replays(setup: Setup) -> None:
    """The WACZ index of an HTTP-mode capture names its WARC, so the page replays."""
    capture, wacz = _http_capture(setup, "/")
    assert _index_filenames(wacz) == {WARC_NAME}
    replayed = _replays(setup, capture)
    assert replayed.status_code == 200, replayed.text[:300]
    assert world.SITE_ICP[world.OUTLET_HOST] in replayed.text


def test_a_sealed_archive_with_the_placeholder_index_replays_from_an_index_beside(
    setup: Setup, tmp_path: Path
) -> None:
    """Archives sealed before the fix name ``\\u0000FILENAME\\u0000`` in their index: the
    replay re-indexes the WARC beside them and never touches the sealed WACZ."""
    capture, wacz = _http_capture(setup, "/?old=1")
    with zipfile.ZipFile(io.BytesIO(wacz)) as zf:
        (tmp_path / WARC_NAME).write_bytes(zf.read(f"archive/{WARC_NAME}"))
        index = zf.read("indexes/index.cdxj")
        package = json.loads(zf.read("datapackage.json"))
    old_index = index.replace(f'"{WARC_NAME}"'.encode(), b'"\\u0000FILENAME\\u0000"')
    old = tmp_path / "old.wacz"
    page = Page(package["mainPageURL"], package["mainPageDate"])
    write_wacz(old, tmp_path / WARC_NAME, [page], title="old", software="old", index=old_index)
    blobs = BlobStore(setup.web.ws.evidence_dir)
    sealed = blobs.put_bytes(old.read_bytes())
    assert _index_filenames(blobs.read(sealed.sha256)) == {"\x00FILENAME\x00"}
    artefact = Artefact("wacz", sealed.sha256, sealed.size, "application/wacz")
    old_capture = dataclasses.replace(capture, id=capture.id + 1000, artefacts=(artefact,))
    replayed = _replays(setup, old_capture)
    assert replayed.status_code == 200, replayed.text[:300]
    assert world.SITE_ICP[world.OUTLET_HOST] in replayed.text
    assert blobs.read(sealed.sha256) == old.read_bytes()  # the sealed bytes are untouched


def test_the_replayed_page_reaches_nothing_outside_the_replay(
    setup: Setup, seen: dict[str, Any]
) -> None:
    """Its script tries fetch, beacon, WebSocket, dynamic import, an image and STUN
    against a server outside: nothing arrives, for every replay answer says so."""
    assert "attacks: sent" in seen["log"]
    assert setup.outside is not None and setup.outside.hits == []
    assert seen["frame_csp"], "no replay answers seen"
    for url, csp in seen["frame_csp"].items():
        assert "connect-src 'self'" in csp and "webrtc 'block'" in csp, url


def test_the_replay_serves_only_signed_unexpired_urls(setup: Setup) -> None:
    capture = _http_capture(setup, "/?signed=1")[0]
    replayable = publish(setup.web.ws, BlobStore(setup.web.ws.evidence_dir), capture)
    assert replayable is not None
    key = replay_key(setup.web.ws)
    now = int(time.time())
    good = sign_path(key, replayable.collection, replayable.path, now + 60)
    expired = sign_path(key, replayable.collection, replayable.path, now - 1)
    forged = sign_path(b"not the key", replayable.collection, replayable.path, now + 60)
    other = "capture-999999"
    elsewhere = good.replace(f"/{replayable.collection}/20", f"/{other}/20", 1)
    with httpx.Client(base_url=setup.replay_origin, timeout=30) as client:
        answer = client.get(good)
        assert answer.status_code == 200, answer.text[:300]
        assert "connect-src 'self'" in answer.headers["content-security-policy"]
        for bad in (replayable.path, expired, forged, elsewhere, "/", "/capture-1/"):
            refused = client.get(bad)
            assert refused.status_code == 403, (bad, refused.status_code)
            assert "default-src 'self'" in refused.headers["content-security-policy"]


def test_the_replay_server_refuses_a_port_another_server_answers_on(tmp_path: Path) -> None:
    ws = Workspace(tmp_path, Settings({}, {}))  # the replay needs only its root
    with socket.create_server(("127.0.0.1", 0)) as other:
        server = start_replay_server(ws, other.getsockname()[1])
        assert server.origin == "" and "already answers" in server.problem


_PARENT = """
import sys, time
from pathlib import Path
from rightsguard.settings import Settings
from rightsguard.web.replay import start_replay_server
from rightsguard.workspace import Workspace
server = start_replay_server(Workspace(Path(sys.argv[1]), Settings({}, {})), int(sys.argv[2]))
print(server.pid, server.origin, server.problem, flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie waiting for its reaper is dead
        return stat.read().split(") ")[1][0] != "Z"


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_the_replay_server_dies_with_its_parent(tmp_path: Path, how: signal.Signals) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", _PARENT, str(tmp_path), str(free_port())],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    ) as parent:
        assert parent.stdout is not None
        pid_text, origin, *problem = parent.stdout.readline().split()
        assert origin.startswith("http://127.0.0.1:"), problem
        pywb = int(pid_text)
        assert _alive(pywb)
        parent.send_signal(how)
        parent.wait(30)
    deadline = time.monotonic() + 15
    while _alive(pywb) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pywb), f"pywb ({pywb}) outlived its parent"
