"""Evidence added by hand: stored, time-stamped, ledgered, verified, custody kept."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from rightsguard.cli.main import app
from rightsguard.sandbox import Sandbox
from rightsguard.sandbox import tsa as tsa_module
from rightsguard.sandbox.tsa import TsaService

runner = CliRunner()


@pytest.fixture(scope="module")
def tsa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TsaService]:
    with Sandbox(
        state_dir=tmp_path_factory.mktemp("sb"), services=[tsa_module.make_service]
    ) as sandbox:
        service = sandbox.service("tsa")
        assert isinstance(service, TsaService)
        yield service


@pytest.fixture
def ws(tmp_path: Path, tsa: TsaService) -> Path:
    tsa.set_mode("ok")
    root = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(root)]).exit_code == 0
    (root / "rightsguard.toml").write_text(
        f'[rightsguard]\ntsa_url = "{tsa.url}"\ntsa_ca_file = "{tsa.ca_cert_path}"\n'
        "tsa_timeout_seconds = 2\n",
        encoding="utf-8",
    )
    assert rg(root, "case", "new", "c").exit_code == 0
    return root


def rg(ws: Path, *args: str) -> Result:
    result = runner.invoke(app, ["--workspace", str(ws), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_add_stamp_verify_and_detect_tampering(ws: Path, tmp_path: Path) -> None:
    receipt = tmp_path / "receipt-订单.pdf"
    receipt.write_bytes(b"%PDF test purchase order 2026-11-20 RMB 199")
    added = rg(
        ws,
        "evidence",
        "add",
        str(receipt),
        "--case",
        "1",
        "--kind",
        "test-purchase",
        "--note",
        "bought from aurorix-outlet.cn",
        "--json",
    )
    assert added.exit_code == 0, added.output
    item = json.loads(added.stdout)[0]
    assert item["status"] == "complete" and item["tsa_time"] and item["ledger_idx"] == 0
    assert rg(ws, "ledger", "checkpoint").exit_code == 0
    ok = rg(ws, "verify", "--evidence", str(item["id"]), "--ledger")
    assert ok.exit_code == 0, ok.stdout
    assert "✓ evidence 1 (receipt-订单.pdf): timestamp" in ok.stdout
    # Flip one byte of the stored file: verify names it and fails.
    sha = item["sha256"]
    stored = ws / "evidence" / "sha256" / sha[:2] / sha[2:4] / sha
    os.chmod(stored, 0o644)
    data = bytearray(stored.read_bytes())
    data[5] ^= 0x20
    stored.write_bytes(bytes(data))
    bad = rg(ws, "verify", "--evidence", str(item["id"]))
    assert bad.exit_code == 1
    assert "✗ evidence 1 (receipt-订单.pdf): SHA-256" in bad.stdout
    assert "check(s) failed" in bad.stderr
    # Each view and verification is in the chain of custody (events and ledger leaves).
    shown = json.loads(rg(ws, "evidence", "show", "1", "--why", "court prep", "--json").stdout)
    moved = rg(ws, "evidence", "transfer", "1", "--to", "杭州互联网法院", "--why", "filing")
    assert moved.exit_code == 0
    assert rg(ws, "evidence", "transfer", "1", "--to", " ", "--why", "x").exit_code == 2
    shown = json.loads(rg(ws, "evidence", "show", "1", "--json").stdout)
    verbs = [e["verb"] for e in shown["custody"]]
    assert "evidence.transferred" in verbs
    assert verbs.count("evidence.verified") == 2 and "evidence.added" in verbs
    head = json.loads(rg(ws, "ledger", "head", "--json").stdout)
    assert head["size"] == 6 and head["signed"]["timestamped"] is True


def test_tsa_down_keeps_the_file_awaiting_then_stamps(
    ws: Path, tsa: TsaService, tmp_path: Path
) -> None:
    photo = tmp_path / "goods.jpg"
    photo.write_bytes(b"\xff\xd8\xff fake jpeg of counterfeit earbuds")
    tsa.set_mode("down")
    item = json.loads(
        rg(ws, "evidence", "add", str(photo), "--case", "1", "--kind", "photo", "--json").stdout
    )[0]
    assert item["status"] == "awaiting_timestamp" and "503" in item["tsa_error"]
    waiting = rg(ws, "verify", "--evidence", "1")
    assert waiting.exit_code == 0 and "! evidence 1" in waiting.stdout
    tsa.set_mode("ok")
    stamped = rg(ws, "evidence", "stamp")
    assert "stamped 1; still waiting 0" in stamped.stdout
    listed = json.loads(rg(ws, "evidence", "list", "--json").stdout)
    assert listed[0]["status"] == "complete"


def test_bad_input(ws: Path, tmp_path: Path) -> None:
    missing = rg(ws, "evidence", "add", str(tmp_path / "nope.pdf"), "--case", "1")
    assert missing.exit_code == 2 and "nope.pdf" in missing.stderr
    (tmp_path / "a.txt").write_text("x")
    kind = rg(ws, "evidence", "add", str(tmp_path / "a.txt"), "--case", "1", "--kind", "memo")
    assert kind.exit_code == 2 and "kind: 'memo'" in kind.stderr
    case = rg(ws, "evidence", "add", str(tmp_path / "a.txt"), "--case", "7")
    assert case.exit_code == 2 and "no case with id 7" in case.stderr
