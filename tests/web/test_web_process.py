"""What a workbench server process sets up for itself: how many requests it works on
at once (``web_threads``), and a garbage collector that no longer walks the code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import anyio
import anyio.to_thread
from fastapi import FastAPI

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
