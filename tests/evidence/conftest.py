"""Fixtures for capture tests: a sandbox, its resolver, an evidence store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rightsguard.evidence.netguard import StaticResolver
from rightsguard.sandbox import Sandbox
from rightsguard.store.blobs import BlobStore


@pytest.fixture(scope="session")
def capture_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    with Sandbox(state_dir=tmp_path_factory.mktemp("capture-sandbox")) as sb:
        yield sb


@pytest.fixture(scope="session")
def sandbox_resolver(capture_sandbox: Sandbox) -> StaticResolver:
    return capture_sandbox.map().static_resolver()


@pytest.fixture
def blobs(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "evidence")
