"""Replay of captured pages on an origin of its own.

pywb (installed in its own virtual environment, ``.venv-pywb``: it pins
libraries that clash with the project's) serves ``<workspace>/replay``. Each
capture is a collection of its own, ``capture-<id>``, holding the WARC and
CDXJ index taken from its WACZ, so a capture replays only what it recorded. (An
index that does not name the WARC, as in HTTP-mode captures sealed before that
bug was fixed, is rebuilt from the WARC into the collection; the sealed WACZ
is never rewritten.)

``publish`` writes a capture's collection the first time its evidence page is
viewed; pywb lists its collections directory on every request, so a new
capture replays without restarting anything. The workbench embeds the replay
in ``<iframe sandbox="allow-scripts">`` from the replay origin (another port):
captured scripts run, but in an opaque origin that can reach neither the
workbench's pages nor its cookies.

The replay server (``replay_guard`` in front of pywb) binds loopback, dies with
the workbench, serves only URLs the workbench signed for one capture with a
short expiry (``signed_path``), and answers with a Content-Security-Policy that
keeps the replayed page from reaching anything but the replay origin.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from rightsguard.domain.nouns import Capture
from rightsguard.evidence.wacz import cdxj_index, index_names_its_warc
from rightsguard.store.blobs import BlobStore
from rightsguard.web import replay_guard
from rightsguard.web.replay_guard import KEY_ENV, PARENT_ENV, READY_PATH, TOKEN_ENV, sign_path
from rightsguard.workspace import Workspace

REPLAY_DIR = "replay"
START_SECONDS = 60.0
SIGNED_SECONDS = 15 * 60  # how long a signed replay URL opens its capture
KEY_FILE = "key"
# pywb's own settings: no live web, no recording, replay in our iframe without its top frame.
CONFIG = """# Written by RightsGuard: replay of captures, nothing live.
framed_replay: false
enable_memento: false
"""


@dataclass(frozen=True)
class Replayable:
    """Where a capture's main page replays, relative to the replay origin."""

    collection: str
    url: str
    timestamp: str  # 14 digits, as pywb wants it

    @property
    def path(self) -> str:
        return f"/{self.collection}/{self.timestamp}mp_/{self.url}"


def replay_root(ws: Workspace) -> Path:
    return ws.root / REPLAY_DIR


def collection_name(capture_id: int) -> str:
    return f"capture-{capture_id}"


def pywb_timestamp(iso: str) -> str:
    """``2025-03-01T08:09:10Z`` (or with an offset/fraction) as ``20250301080910``."""
    digits = "".join(ch for ch in iso.split("+")[0].split(".")[0] if ch.isdigit())
    return (digits + "00000000000000")[:14]


def _main_page(package: dict[str, Any]) -> tuple[str, str] | None:
    url = package.get("mainPageURL")
    when = package.get("mainPageDate") or package.get("created")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return None
    return url, pywb_timestamp(str(when or ""))


def _read_page(folder: Path, name: str) -> Replayable | None:
    try:
        data = json.loads((folder / "page.json").read_text("utf-8"))
        return Replayable(name, str(data["url"]), str(data["timestamp"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def publish(ws: Workspace, blobs: BlobStore, capture: Capture) -> Replayable | None:
    """Make ``capture`` replayable (once); None when it has no readable WACZ."""
    name = collection_name(capture.id)
    folder = replay_root(ws) / "collections" / name
    known = _read_page(folder, name)
    if known is not None:
        return known
    wacz = next((a for a in capture.artefacts if a.role == "wacz"), None)
    if wacz is None or not blobs.has(wacz.sha256):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(blobs.read(wacz.sha256))) as zf:
            package = json.loads(zf.read("datapackage.json"))
            page = _main_page(package) if isinstance(package, dict) else None
            if page is None:
                return None
            folder.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=folder.parent))
            (staging / "archive").mkdir()
            (staging / "indexes").mkdir()
            warc = staging / "archive" / "data.warc.gz"
            with zf.open("archive/data.warc.gz") as src, warc.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            index = zf.read("indexes/index.cdxj")
        if not index_names_its_warc(index):  # sealed with the placeholder bug: index beside
            index = cdxj_index(warc)
        (staging / "indexes" / "index.cdxj").write_bytes(index)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return None
    (staging / "page.json").write_text(
        json.dumps({"url": page[0], "timestamp": page[1]}), encoding="utf-8"
    )
    try:
        staging.rename(folder)
    except OSError:  # another request published it first
        shutil.rmtree(staging, ignore_errors=True)
    return Replayable(name, page[0], page[1])


def find_wayback() -> Path | None:
    """pywb's ``wayback`` that imports: $RIGHTSGUARD_PYWB_WAYBACK, the checkout's
    ``.venv-pywb``, one beside the running venv, ``/opt/rightsguard-pywb``, or the
    running venv's own (pywb pins redis 2.10.6, which clashes with Celery's redis,
    hence its own venv)."""
    here = Path(__file__).resolve()
    candidates = [
        os.environ.get("RIGHTSGUARD_PYWB_WAYBACK", ""),
        str(here.parents[3] / ".venv-pywb" / "bin" / "wayback"),
        str(Path(sys.prefix).parent / ".venv-pywb" / "bin" / "wayback"),
        "/opt/rightsguard-pywb/bin/wayback",
        str(Path(sys.executable).parent / "wayback"),
    ]
    for candidate in filter(None, candidates):
        path = Path(candidate)
        python = path.parent / "python"
        if not (path.is_file() and python.exists()):
            continue
        probe = subprocess.run(
            [str(python), "-I", "-c", "import pywb.apps.frontendapp"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        if probe.returncode == 0:
            return path
    return None


def replay_key(ws: Workspace) -> bytes:
    """The workspace's replay signing key (created, owner-only, on first use)."""
    path = replay_root(ws) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text("utf-8").strip())


def signed_path(ws: Workspace, replayable: Replayable, now: float) -> str:
    """The replay path of ``replayable``, signed to open until ``now`` + SIGNED_SECONDS."""
    expires = int(now) + SIGNED_SECONDS
    return sign_path(replay_key(ws), replayable.collection, replayable.path, expires)


@dataclass(frozen=True)
class ReplayServer:
    """A running replay server: its origin ("" when none) and how to stop it."""

    origin: str
    stop: Callable[[], None]
    problem: str = ""
    pid: int = 0


def _answers(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
        return True
    return False


def _wait_until_up(origin: str, proc: subprocess.Popen[bytes], token: str) -> bool:
    """True once the server on ``origin`` answers with this start's ``token``."""
    deadline = time.monotonic() + START_SECONDS
    with httpx.Client(trust_env=False, timeout=2) as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False
            try:
                return client.get(origin + READY_PATH).text == token
            except httpx.TransportError:
                time.sleep(0.1)
    return False


def start_replay_server(ws: Workspace, port: int) -> ReplayServer:
    """Start pywb, behind its guard (``replay_guard``), over the workspace's replay
    collections on ``127.0.0.1:port`` (loopback only). It dies with this process.

    No server (origin "", and the problem) when pywb is not installed, when something
    already answers on the port, or when it does not start; the evidence pages then
    say replay is unavailable.
    """
    host = "127.0.0.1"
    wayback = find_wayback()
    if wayback is None:
        return ReplayServer("", _nothing, "pywb is not installed (.venv-pywb)")
    if _answers(host, port):
        return ReplayServer("", _nothing, f"something already answers on {host}:{port}")
    root = replay_root(ws)
    (root / "collections").mkdir(parents=True, exist_ok=True)
    (root / "config.yaml").write_text(CONFIG, encoding="utf-8")
    token = secrets.token_hex(16)
    env = {
        **os.environ,
        KEY_ENV: replay_key(ws).hex(),
        TOKEN_ENV: token,
        PARENT_ENV: str(os.getpid()),
    }
    log = (root / "pywb.log").open("ab")
    proc = subprocess.Popen(
        # -I: pywb's interpreter sees none of this one's paths (PYTHONPATH and the like)
        [str(wayback.parent / "python"), "-I", replay_guard.__file__, host, str(port)],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    origin = f"http://{host}:{port}"

    def stop() -> None:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        with contextlib.suppress(OSError):
            log.close()

    if not _wait_until_up(origin, proc, token):
        stop()
        return ReplayServer("", _nothing, f"pywb did not start on {origin} (see {log.name})")
    return ReplayServer(origin, stop, pid=proc.pid)


def _nothing() -> None:
    return None
