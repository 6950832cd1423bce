"""Fixtures of the web tests; the machinery is in ``webkit``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from webkit import Web, make_web_workspace, start_web


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    ws = make_web_workspace(tmp_path_factory.mktemp("web") / "ws")
    running = start_web(ws)
    yield running
    running.close()
