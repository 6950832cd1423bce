"""Fixtures of the web tests; the machinery is in ``webkit``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from recordkit import CHROMIUM
from webkit import Web, make_web_workspace, start_web


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    ws = make_web_workspace(tmp_path_factory.mktemp("web") / "ws")
    running = start_web(ws)
    yield running
    running.close()


@pytest.fixture(scope="module")
def browser(missing_service: Any) -> Iterator[Any]:
    """The system's Chromium, driven by Playwright (the journeys through the workbench)."""
    if not CHROMIUM.exists():
        missing_service(f"Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()
