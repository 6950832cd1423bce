"""A forger who rewrites a bundle consistently (SHA256SUMS recomputed, the seal token
dropped since it cannot be remade) is still caught, and each change is named."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pypdf
import pytest
from case_bundle import make_case_bundle

from rightsguard.evidence.bundle import verify_bundle
from rightsguard.evidence.checks import Check
from rightsguard.sandbox import images

pytestmark = pytest.mark.browser

Files = dict[str, bytes]


@pytest.fixture(scope="module")
def browser_bundle(
    tmp_path_factory: pytest.TempPathFactory, missing_service: Callable[[str], None]
) -> Iterator[Path]:
    if not (Path("/usr/bin/chromium").exists() or shutil.which("chromium")):
        missing_service("Chromium")
    yield make_case_bundle(tmp_path_factory.mktemp("browser-bundle"), mode="browser")


def _read(path: Path) -> Files:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _forge(files: Files, out: Path) -> list[Check]:
    """Write ``files`` as a forger would (SHA256SUMS recomputed), and verify it."""
    files = {n: d for n, d in files.items() if n not in ("SHA256SUMS", "SHA256SUMS.tsr")}
    files["SHA256SUMS"] = "".join(
        f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in sorted(files.items())
    ).encode()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return [c for c in verify_bundle(out) if c.ok is False]


def _capture_entry(files: Files) -> dict[str, object]:
    manifest = json.loads(files["MANIFEST.json"])
    [entry] = [i for i in manifest["items"] if i["kind"] == "capture"]
    return dict(entry)


def _other_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_browser_bundle_verifies(browser_bundle: Path) -> None:
    checks = verify_bundle(browser_bundle)
    assert not [c for c in checks if c.ok is False]
    artefacts = _capture_entry(_read(browser_bundle))["artefacts"]
    assert isinstance(artefacts, dict) and set(artefacts) == {"screenshot", "pdf"}
    named = {c.name: c for c in checks}
    assert named["SHA256SUMS timestamp"].ok is True
    assert all(
        named[f"item 1 ({_capture_entry(_read(browser_bundle))['name']}): {role}"].ok
        for role in ("screenshot", "pdf")
    )


def test_a_bundle_without_its_seal_fails(browser_bundle: Path, tmp_path: Path) -> None:
    files = _read(browser_bundle)
    del files["SHA256SUMS.tsr"]
    failed = _forge(files, tmp_path / "unsealed.zip")
    assert [c.name for c in failed] == ["SHA256SUMS timestamp"], failed
    assert "not sealed" in failed[0].detail


@pytest.mark.parametrize("role", ["screenshot", "pdf"])
def test_a_replaced_screenshot_or_pdf_fails(
    browser_bundle: Path, tmp_path: Path, role: str
) -> None:
    files = _read(browser_bundle)
    artefacts = _capture_entry(files)["artefacts"]
    assert isinstance(artefacts, dict)
    member = artefacts[role]
    files[member] = images.pattern_png("another page") if role == "screenshot" else _other_pdf()
    failed = _forge(files, tmp_path / f"{role}.zip")
    names = {c.name for c in failed}
    assert "SHA256SUMS timestamp" in names, failed
    replaced = [c for c in failed if c.name.endswith(f": {role}")]
    assert replaced and "ledger leaf" in replaced[0].detail, failed


def test_a_file_the_manifest_does_not_name_fails(browser_bundle: Path, tmp_path: Path) -> None:
    files = _read(browser_bundle)
    files["evidence/099-extra.png"] = images.pattern_png("planted")
    failed = _forge(files, tmp_path / "extra.zip")
    unknown = [c for c in failed if c.name == "bundle files"]
    assert unknown and "evidence/099-extra.png" in unknown[0].detail, failed


def test_a_stored_artefact_swapped_in_the_database_fails(browser_bundle: Path) -> None:
    """In the workspace too: a capture's screenshot row pointing at another stored image
    (both files intact) differs from the ledger leaf."""
    from sqlalchemy import select
    from sqlalchemy.orm.attributes import flag_modified

    from rightsguard.evidence.ledger import Ledger
    from rightsguard.evidence.verify import verify_capture
    from rightsguard.store import open_store
    from rightsguard.store.blobs import BlobStore
    from rightsguard.store.models import CaptureRow
    from rightsguard.workspace import open_workspace

    ws = open_workspace(browser_bundle.parent / "ws")
    store = open_store(ws)
    try:
        blobs = BlobStore(ws.evidence_dir)
        other = blobs.put_bytes(images.pattern_png("another page"))
        with store.transaction() as session:
            row = session.scalars(select(CaptureRow)).one()
            capture_id = row.id
            row.artefacts = [
                {**a, "sha256": other.sha256, "size": other.size}
                if a["role"] == "screenshot"
                else a
                for a in row.artefacts
            ]
            flag_modified(row, "artefacts")
        checks = verify_capture(blobs, Ledger(store), None, store.captures.get(capture_id))
    finally:
        store.close()
    failed = [c for c in checks if c.ok is False and not c.name.endswith("timestamp")]
    assert [c.name for c in failed] == [f"capture {capture_id}: screenshot"], failed
    assert "ledger leaf" in failed[0].detail
    [clean] = [c for c in checks if c.name == f"capture {capture_id}: clean environment"]
    assert clean.ok is not False and "clock offset to the TSA" in clean.detail
