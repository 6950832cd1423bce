from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from rightsguard.sandbox import Sandbox


@pytest.fixture(scope="session")
def sandbox_state_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sandbox-state")


@pytest.fixture(scope="session")
def shared_sandbox(sandbox_state_dir: Path) -> Iterator[Sandbox]:
    """One sandbox for read-only tests; tests that switch modes start their own."""
    with Sandbox(state_dir=sandbox_state_dir) as sb:
        yield sb


@pytest.fixture()
def sandbox(sandbox_state_dir: Path) -> Iterator[Sandbox]:
    with Sandbox(state_dir=sandbox_state_dir) as sb:
        yield sb


@pytest.fixture()
def client(shared_sandbox: Sandbox) -> Iterator[httpx.Client]:
    with shared_sandbox.httpx_client(timeout=10) as c:
        yield c
