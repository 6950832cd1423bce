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
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
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
from rightsguard.workspace import Workspace

REPLAY_DIR = "replay"
START_SECONDS = 60.0
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
            [str(python), "-c", "import pywb.apps.frontendapp"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        if probe.returncode == 0:
            return path
    return None


def _wait_until_up(origin: str, proc: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + START_SECONDS
    with httpx.Client(trust_env=False, timeout=2) as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False
            try:
                client.get(origin + "/")
                return True
            except httpx.TransportError:
                time.sleep(0.1)
    return False


def start_replay_server(ws: Workspace, host: str, port: int) -> tuple[str, Callable[[], None]]:
    """Start pywb over the workspace's replay collections on ``host:port``.

    Returns its origin and a function that stops it; ("", no-op) when pywb is not
    installed or does not start (the evidence pages then say replay is unavailable).
    """
    wayback = find_wayback()
    if wayback is None:
        return "", lambda: None
    root = replay_root(ws)
    (root / "collections").mkdir(parents=True, exist_ok=True)
    (root / "config.yaml").write_text(CONFIG, encoding="utf-8")
    log = (root / "pywb.log").open("ab")
    proc = subprocess.Popen(
        [str(wayback), "-b", host, "-p", str(port)],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    origin = f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"

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

    if not _wait_until_up(origin, proc):
        stop()
        return "", lambda: None
    return origin, stop
