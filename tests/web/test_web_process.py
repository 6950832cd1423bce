"""What a workbench server process sets up for itself: how many requests it works on
at once (``web_threads``), and a garbage collector that no longer walks the code; and
``serve --workers``: processes that share the load evenly and are replaced if they die."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import anyio
import anyio.to_thread
import httpx
import pytest
from fastapi import FastAPI

from rightsguard.web import serving
from rightsguard.web.app import create_app
from rightsguard.workspace import init_workspace


async def _tokens_once_started(app: FastAPI) -> tuple[float, float]:
    before = anyio.to_thread.current_default_thread_limiter().total_tokens
    async with app.router.lifespan_context(app):  # what uvicorn runs at start-up
        return before, anyio.to_thread.current_default_thread_limiter().total_tokens


def test_a_server_works_on_web_threads_requests_at_once(tmp_path: Path) -> None:
    for threads in (1, 7):
        ws = init_workspace(tmp_path / f"t{threads}", {"web_threads": threads})
        app = create_app(ws)
        try:
            before, after = anyio.run(_tokens_once_started, app)
            assert (before, after) == (40, threads)  # anyio's default, then the setting
        finally:
            app.state.rg.close()


SETTLE = """
import gc, json, sys
from rightsguard.web.app import create_app, settled
from rightsguard.workspace import find_workspace
from pathlib import Path
app = create_app(find_workspace(Path(sys.argv[1])))
gc.collect()
before = len(gc.get_objects())
settled(app)
print(json.dumps({"before": before, "after": len(gc.get_objects()),
                  "frozen": gc.get_freeze_count(),
                  "compiled": len(app.state.rg.env.cache or {})}))
"""


def test_a_settled_server_hides_its_long_lived_heap_from_the_collector(tmp_path: Path) -> None:
    # In a process of its own: freezing the test runner's heap would keep its garbage.
    ws = init_workspace(tmp_path / "ws")
    out = subprocess.run(
        [sys.executable, "-c", SETTLE, str(ws.root)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    seen = json.loads(out.stdout)
    assert seen["before"] > 50_000  # what every full collection used to walk
    assert seen["after"] < 1_000 and seen["frozen"] > seen["before"]
    assert seen["compiled"] >= 20  # every template compiled before the freeze


SERVE = [sys.executable, "-m", "rightsguard", "--workspace"]
SERVE_OPTIONS = ["--workers", "2", "--no-worker", "--no-replay"]


def _children(pid: int) -> list[int]:
    """The server processes ``serve --workers`` started (not the resource tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return sorted(found)


def _connections(pid: int, port: int) -> int:
    """Established TCP connections to ``port`` held by process ``pid`` (from /proc)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    held = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "01" and int(local.rsplit(":", 1)[1], 16) == port and inode in inodes:
                held += 1
    return held


def _until(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds:.0f} s: {what}")
        time.sleep(0.2)


@pytest.mark.skipif(not serving.supported(), reason="SO_REUSEPORT balancing is Linux only")
def test_serve_workers_spreads_connections_and_replaces_a_dead_process(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [*SERVE, str(ws.root), "serve", "--port", str(port), *SERVE_OPTIONS],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    clients: list[httpx.Client] = []

    def answers() -> bool:
        try:
            return httpx.get(base + "/login", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        _until(answers, 60, "the workbench answers")
        first = _children(server.pid)
        assert len(first) == 2, first
        # A burst of 20 kept-alive connections: each process gets its share (all 20 on
        # one process by chance: 1 in 2**19).
        clients = [httpx.Client(base_url=base, timeout=10) for _ in range(20)]
        assert all(c.get("/login").status_code == 200 for c in clients)
        held = {pid: _connections(pid, port) for pid in first}
        assert sum(held.values()) == 20 and min(held.values()) >= 1, held
        # A process that dies is replaced; the others keep answering meanwhile.
        os.kill(first[0], signal.SIGKILL)
        _until(
            lambda: len(_children(server.pid)) == 2 and first[0] not in _children(server.pid),
            60,
            "a new server process in place of the killed one",
        )
        _until(answers, 60, "answers after the replacement")
        assert b"starting another" in (tmp_path / "serve.log").read_bytes()
    finally:
        for c in clients:
            c.close()
        running = _children(server.pid)
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        finally:
            if server.poll() is None:
                server.kill()
            log.close()
    assert server.returncode == 0
    assert not [pid for pid in running if Path(f"/proc/{pid}").exists()]  # all stopped


def test_serve_workers_says_when_the_port_is_taken(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [*SERVE, str(ws.root), "serve", "--port", str(port), *SERVE_OPTIONS],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode != 0 and f"127.0.0.1:{port}" in done.stderr, done.stderr
