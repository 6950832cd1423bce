"""Court bundles: written, checked offline by us and by openssl/sha256sum, and
every one of hundreds of random byte flips is caught and named."""

from __future__ import annotations

import hashlib
import io
import json
import random
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from case_bundle import make_case_bundle
from typer.testing import CliRunner

from rightsguard.cli.main import app
from rightsguard.evidence.bundle import verify_bundle

runner = CliRunner()


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield make_case_bundle(tmp_path_factory.mktemp("bundle"))


def test_bundle_verifies_offline(bundle: Path) -> None:
    checks = verify_bundle(bundle)
    failed = [c for c in checks if c.ok is False]
    assert not failed, failed
    names = {c.name for c in checks}
    assert {
        "SHA256SUMS",
        "SHA256SUMS timestamp",
        "checkpoint signature",
        "checkpoint timestamp",
        "item 2 (订单.txt): ledger",
        "item 3 (chat.png): timestamp",
    } <= names
    [clean] = [c for c in checks if c.name.endswith(": clean environment")]
    assert clean.name.startswith("item 1 (") and "hosts file SHA-256" in clean.detail
    result = runner.invoke(app, ["verify", str(bundle)])  # no workspace needed
    assert result.exit_code == 0 and "all" in result.stdout


def test_bundle_contents_and_index(bundle: Path) -> None:
    with zipfile.ZipFile(bundle) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("MANIFEST.json"))
        pdf = zf.read("index/evidence-index.pdf")
        docx_bytes = zf.read("index/evidence-index.docx")
    assert {
        "VERIFY.txt",
        "SHA256SUMS",
        "SHA256SUMS.tsr",
        "tsa/tsa-ca.pem",
        "ledger/public-key.pem",
        "ledger/checkpoint.tsr",
    } <= names
    assert [i["kind"] for i in manifest["items"]] == ["capture", "chat", "chat"]
    assert [i["name"] for i in manifest["items"]][1:] == ["订单.txt", "chat.png"]
    assert any(n.startswith("captures/") and n.endswith(".wacz") for n in names)
    import docx
    import pypdf

    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "证据目录" in text and "Evidence index" in text and "订单.txt" in text
    everything = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "取证环境清洁性检查" in everything and "clock offset to the TSA" in everything
    clean = manifest["items"][0]["clean_environment"]
    assert clean["clock"]["measured"] and len(clean["hosts_file"]["sha256"]) == 64
    document = docx.Document(io.BytesIO(docx_bytes))
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert manifest["items"][0]["sha256"] in cells and "证据名称\nItem" in cells


def test_independent_tools(bundle: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(tmp_path)
    sums = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert sums.returncode == 0 and "FAILED" not in sums.stdout
    manifest = json.loads((tmp_path / "MANIFEST.json").read_text())
    pairs = [(i["file"], i["timestamp"]) for i in manifest["items"]]
    pairs += [("ledger/checkpoint.msg", "ledger/checkpoint.tsr"), ("SHA256SUMS", "SHA256SUMS.tsr")]
    for data, token in pairs:
        ok = subprocess.run(
            ["openssl", "ts", "-verify", "-data", data, "-in", token, "-CAfile", "tsa/tsa-ca.pem"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert "Verification: OK" in ok.stdout, (data, ok.stderr)
    sig = subprocess.run(
        [
            "openssl",
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            "ledger/public-key.pem",
            "-rawin",
            "-in",
            "ledger/checkpoint.msg",
            "-sigfile",
            "ledger/checkpoint.sig",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Signature Verified Successfully" in sig.stdout, sig.stderr
    idx = manifest["items"][0]["ledger_leaf"]
    leaf = subprocess.run(
        f"(printf '\\000'; cat ledger/leaves/{idx}.json) | sha256sum",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    doc = (tmp_path / f"ledger/leaves/{idx}.json").read_bytes()
    assert leaf.stdout.split()[0] == hashlib.sha256(b"\x00" + doc).hexdigest()


def _rewrite(src: Path, dst: Path, member: str, offset: int, *, reseal: bool) -> None:
    with zipfile.ZipFile(src) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    data = bytearray(files[member])
    data[offset] ^= 1 << random.Random(offset).randrange(8)
    files[member] = bytes(data)
    if reseal and member not in ("SHA256SUMS", "SHA256SUMS.tsr"):
        files["SHA256SUMS"] = "".join(
            f"{hashlib.sha256(d).hexdigest()}  {n}\n"
            for n, d in sorted(files.items())
            if n not in ("SHA256SUMS", "SHA256SUMS.tsr")
        ).encode()
    with zipfile.ZipFile(dst, "w") as zf:
        for name, content in files.items():
            zf.writestr(name, content)


def test_random_byte_flips_are_all_caught(bundle: Path, tmp_path: Path) -> None:
    rng = random.Random(20261128)
    with zipfile.ZipFile(bundle) as zf:
        sizes = {n: zf.getinfo(n).file_size for n in zf.namelist()}
    members = sorted(sizes)
    flips = 0
    for i in range(220):
        member = rng.choice(members)
        offset = rng.randrange(sizes[member])
        reseal = i % 2 == 1  # half also rewrite SHA256SUMS, as a forger would
        forged = tmp_path / f"f{i}.zip"
        _rewrite(bundle, forged, member, offset, reseal=reseal)
        failed = [c for c in verify_bundle(forged) if c.ok is False]
        assert failed, f"flip {i} in {member} at {offset} (reseal={reseal}) went unnoticed"
        if not reseal:
            stem = member.split(".")[0]  # SHA256SUMS.tsr is named by its check
            assert any(member in c.detail or stem in c.name for c in failed), failed
        forged.unlink()
        flips += 1
    assert flips == 220
