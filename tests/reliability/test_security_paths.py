"""Path traversal: evidence names and files added by hand, and bundle / WACZ member
names on verify. Nothing may be written outside the workspace's evidence store, and
a member name that would escape an unzip's folder fails verification."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from rightsguard.cli.main import app
from rightsguard.evidence.bundle import verify_bundle
from rightsguard.evidence.verify import unsafe_member_names, wacz_checks

runner = CliRunner()


def rg(ws: Path, *args: str) -> Result:
    result = runner.invoke(app, ["--workspace", str(ws), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "deep" / "er" / "ws"
    root.parent.mkdir(parents=True)
    assert runner.invoke(app, ["init", str(root)]).exit_code == 0
    assert rg(root, "case", "new", "c").exit_code == 0
    return root


def test_added_files_are_stored_by_hash_under_their_base_name_only(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "x.pdf"
    outside.write_bytes(b"%PDF outside")
    absolute = tmp_path / "deep" / "abs.png"
    absolute.write_bytes(b"\x89PNG absolute")
    monkeypatch.chdir(ws)
    before = _tree(tmp_path)
    rel = os.path.join("..", "..", "..", "x.pdf")  # ../../../x.pdf from the workspace
    added = rg(ws, "evidence", "add", rel, str(absolute), "--case", "1", "--json")
    assert added.exit_code == 0, added.output
    items = json.loads(added.output)
    assert [i["name"] for i in items] == ["x.pdf", "abs.png"]
    new = _tree(tmp_path) - before
    evidence = ws.relative_to(tmp_path) / "evidence"
    # every new file is inside the workspace; the blobs sit under sha256/ by hash
    assert all(n.startswith(str(ws.relative_to(tmp_path))) for n in new), new
    blobs = {Path(n).name for n in new if n.startswith(str(evidence / "sha256"))}
    assert {i["sha256"] for i in items} <= blobs
    assert outside.read_bytes() == b"%PDF outside"


@pytest.mark.parametrize("name", ["bad\x00name.pdf", "../../nope.pdf", "/no/such/file.pdf", ""])
def test_unreadable_or_odd_names_are_clean_errors(ws: Path, name: str) -> None:
    result = rg(ws, "evidence", "add", name, "--case", "1")
    assert result.exit_code == 2, result.output
    assert any(w in result.output for w in ("cannot read", "not a file", "null byte"))
    assert rg(ws, "evidence", "list", "--json").output.strip() in ("[]", "")


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            info = zipfile.ZipInfo("placeholder")
            info.filename = name  # ZipInfo would normalise the name; write it as given
            zf.writestr(info, data)
    return buf.getvalue()


EVIL = [
    "../../evil.txt",
    "/etc/cron.d/evil",
    "items/../../evil.txt",
    "..\\..\\evil.txt",
    "C:\\Windows\\evil.txt",
    "c:evil.txt",
]


@pytest.mark.parametrize("evil", EVIL)
def test_bundle_with_an_escaping_member_name_fails_verification(tmp_path: Path, evil: str) -> None:
    path = tmp_path / "bundle.zip"
    path.write_bytes(_zip([("SHA256SUMS", b""), (evil, b"owned")]))
    checks = verify_bundle(path)
    named = [c for c in checks if c.name == "bundle member names"]
    assert named and named[0].ok is False and "outside" in named[0].detail
    assert not (tmp_path.parent / "evil.txt").exists() and not (tmp_path / "evil.txt").exists()


def test_bundle_with_a_member_twice_fails_verification(tmp_path: Path) -> None:
    path = tmp_path / "bundle.zip"
    with pytest.warns(UserWarning, match="Duplicate name"):
        data = _zip([("SHA256SUMS", b"a"), ("SHA256SUMS", b"b")])
    path.write_bytes(data)
    named = [c for c in verify_bundle(path) if c.name == "bundle member names"]
    assert named and named[0].ok is False and "twice" in named[0].detail


@pytest.mark.parametrize("evil", EVIL)
def test_wacz_with_an_escaping_member_name_fails_verification(evil: str) -> None:
    package = json.dumps({"resources": [{"path": evil, "hash": "sha256:00"}]}).encode()
    checks = wacz_checks(_zip([("datapackage.json", package), (evil, b"x")]), "capture 1")
    assert len(checks) == 1 and checks[0].ok is False and "unsafe member names" in checks[0].detail


def test_ordinary_member_names_pass() -> None:
    names = ["SHA256SUMS", "evidence/001-收据.pdf", "archive/data.warc.gz", "a..b/c", "x/"]
    assert unsafe_member_names(names) == []


def test_a_nul_byte_in_a_path_given_to_the_library_is_a_clean_error(ws: Path) -> None:
    from rightsguard.domain.errors import UnreadableFile
    from rightsguard.evidence.items import add_files
    from rightsguard.evidence.ledger import Ledger
    from rightsguard.store import Store
    from rightsguard.store.blobs import BlobStore
    from rightsguard.workspace import open_workspace

    workspace = open_workspace(ws)
    store = Store(workspace.database_url, "t")
    try:
        with pytest.raises(UnreadableFile):
            add_files(
                store,
                BlobStore(workspace.evidence_dir),
                Ledger(store),
                None,
                [ws / "a\x00b.pdf"],
                case_id=1,
                kind="other",
            )
    finally:
        store.close()
