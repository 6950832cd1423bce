"""Checks shared by the capture tests: open a WACZ, validate it, read its WARC."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from rightsguard.evidence.capture import CaptureOutcome
from rightsguard.store.blobs import BlobStore

BIN = Path(sys.executable).parent

REQUIRE_SERVICES = os.environ.get("RIGHTSGUARD_REQUIRE_SERVICES") == "1"


def service_missing(what: str) -> None:
    """Fail under RIGHTSGUARD_REQUIRE_SERVICES=1, else skip (as tests/conftest.py does)."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (RIGHTSGUARD_REQUIRE_SERVICES=1) but missing")
    pytest.skip(f"{what} is not available")


CHROMIUM = "/usr/bin/chromium"


def require_chromium() -> None:
    """Skip (or fail under RIGHTSGUARD_REQUIRE_SERVICES=1) without Chromium and Playwright."""
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        service_missing(f"Chromium ({CHROMIUM})")
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        service_missing("the playwright package")
    try:
        import warcprox  # noqa: F401
    except ImportError:
        service_missing("warcprox")


def artefact_bytes(blobs: BlobStore, outcome: CaptureOutcome, role: str) -> bytes:
    artefact = outcome.artefact(role)
    assert artefact is not None, f"no {role} in {outcome.as_dict()}"
    data = blobs.read(artefact.sha256)
    assert len(data) == artefact.size
    return data


def wacz_validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "wacz"), "validate", "-f", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def warc_records(wacz: bytes) -> list[dict[str, Any]]:
    """Every record of the WACZ's WARC, digests checked by warcio."""
    with zipfile.ZipFile(io.BytesIO(wacz)) as zf:
        warc = zf.read("archive/data.warc.gz")
    out = []
    for record in ArchiveIterator(io.BytesIO(warc), check_digests=True):
        body = record.content_stream().read()
        out.append(
            {
                "type": record.rec_type,
                "uri": record.rec_headers.get_header("WARC-Target-URI"),
                "ip": record.rec_headers.get_header("WARC-IP-Address"),
                "truncated": record.rec_headers.get_header("WARC-Truncated"),
                "status": record.http_headers.get_statuscode() if record.http_headers else None,
                "body": body,
                "digest_ok": record.digest_checker.passed,
                "problems": list(record.digest_checker.problems),
            }
        )
    return out


def metadata(records: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    for r in records:
        if r["type"] == "metadata" and str(r["uri"]).startswith(f"urn:rightsguard:{kind}:"):
            return dict(json.loads(r["body"]))
    raise AssertionError(f"no {kind} metadata record")
