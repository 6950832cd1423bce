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
from typer.testing import CliRunner

from rightsguard.cli.main import app
from rightsguard.evidence.bundle import verify_bundle
from rightsguard.sandbox import Sandbox, sites
from rightsguard.sandbox import tsa as tsa_module
from rightsguard.sandbox.tsa import TsaService

runner = CliRunner()


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    tmp = tmp_path_factory.mktemp("bundle")
    with Sandbox(
        state_dir=tmp / "sb", services=[sites.make_service, tsa_module.make_service]
    ) as sandbox:
        tsa = sandbox.service("tsa")
        assert isinstance(tsa, TsaService)
        ws = tmp / "ws"
        assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
        (ws / "rightsguard.toml").write_text(
            f'[rightsguard]\ntsa_url = "{tsa.url}"\ntsa_ca_file = "{tsa.ca_cert_path}"\n'
            "allow_private_targets = true\n"
        )
        base = ["--workspace", str(ws)]
        assert (
            runner.invoke(
                app,
                [
                    *base,
                    "right",
                    "add",
                    "--kind",
                    "trademark",
                    "--name",
                    "极光",
                    "--owner",
                    "极光智能科技有限公司",
                ],
            ).exit_code
            == 0
        )
        assert (
            runner.invoke(app, [*base, "case", "new", "极光 look-alikes", "--right", "1"]).exit_code
            == 0
        )
        for name, body in (("订单.txt", "test purchase 订单 RMB 199"), ("chat.png", "PNG chat")):
            (tmp / name).write_text(body)
            added = runner.invoke(
                app, [*base, "evidence", "add", str(tmp / name), "--case", "1", "--kind", "chat"]
            )
            assert added.exit_code == 0, added.output
        _capture_into_case(ws, sandbox)
        out = tmp / "case1.zip"
        made = runner.invoke(app, [*base, "bundle", "1", "-o", str(out)])
        assert made.exit_code == 0, made.output
        again = runner.invoke(app, [*base, "bundle", "1", "-o", str(out)])
        assert again.exit_code == 2 and "exists" in again.stderr
    yield out


def _capture_into_case(root: Path, sandbox: Sandbox) -> None:
    """An HTTP capture of the outlet shop, sealed, so the bundle carries a WACZ."""
    from rightsguard.domain.target_rows import parse_target_row
    from rightsguard.evidence.capture import CaptureOptions, capture_urls
    from rightsguard.evidence.netguard import StaticResolver
    from rightsguard.evidence.seal import make_sealer
    from rightsguard.sandbox import world
    from rightsguard.store import open_store
    from rightsguard.store.blobs import BlobStore
    from rightsguard.workspace import open_workspace

    ws = open_workspace(root)
    store = open_store(ws)
    try:
        url = sandbox.url(world.OUTLET_HOST, "/")
        target = store.targets.add(parse_target_row({"url": url, "control": "infringer"}), 1)
        blobs = BlobStore(ws.evidence_dir)
        sealer = make_sealer(ws, store, blobs)
        options = CaptureOptions(
            mode="http", allow_private=True, resolver=StaticResolver.from_sandbox(sandbox.map())
        )
        [done] = capture_urls(blobs, [(target.url, target.id)], options, store=store, sealer=sealer)
        assert done.status.value == "complete", done.reason
        assert sealer.tsa is not None
        sealer.tsa.close()
    finally:
        store.close()


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
