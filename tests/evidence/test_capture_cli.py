"""``rightsguard capture`` through Typer's runner, in HTTP mode against the sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rightsguard.cli import capture_cmds
from rightsguard.cli.main import app
from rightsguard.domain.enums import CaptureStatus, TargetStatus
from rightsguard.sandbox import Sandbox, world
from rightsguard.sandbox.process import _write_json, describe, state_path
from rightsguard.store import open_store
from rightsguard.store.captures import CaptureRepo
from rightsguard.workspace import init_workspace

if not any(c.name == "capture" for c in app.registered_commands):
    capture_cmds.register(app)

runner = CliRunner()


@pytest.fixture
def ws(tmp_path: Path, capture_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ws"
    tsa = capture_sandbox.service("tsa")
    init_workspace(
        root,
        {
            "allow_private_targets": True,  # captures are sealed with a token
            "tsa_url": tsa.url,
            "tsa_ca_file": str(tsa.ca_cert_path),
        },
    )  # type: ignore[attr-defined]
    _write_json(state_path(capture_sandbox.state_dir), describe(capture_sandbox))
    monkeypatch.setenv("RIGHTSGUARD_SANDBOX_DIR", str(capture_sandbox.state_dir))
    return root


def rg(ws: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--workspace", str(ws), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_capture_urls_json(ws: Path, capture_sandbox: Sandbox, tmp_path: Path) -> None:
    urls = [
        capture_sandbox.url(world.OUTLET_HOST, "/about.html", "https"),
        capture_sandbox.url(world.STORE_HOST, "/"),
    ]
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# targets\n{urls[1]}\n", "utf-8")
    code, out, err = rg(
        ws, "capture", urls[0], "--from-file", str(listing), "--mode", "http", "--sandbox", "--json"
    )
    assert code == 0, out + err
    rows = json.loads(out)
    assert [r["status"] for r in rows] == ["complete", "complete"]
    assert all(r["capture_id"] and r["target_id"] for r in rows)
    store = open_store(init_workspace(ws))
    try:
        capture = CaptureRepo(store).get(rows[0]["capture_id"])
        assert capture.status is CaptureStatus.COMPLETE and capture.mode == "http"
        assert {a.role for a in capture.artefacts} == {"wacz", "timestamp"}
        assert capture.environment["operator"]
        assert (ws / "evidence" / "sha256").is_dir()
    finally:
        store.close()


def test_capture_case_updates_target_status(ws: Path, capture_sandbox: Sandbox) -> None:
    gone = capture_sandbox.url(world.OUTLET_HOST, "/product/GONE-1.html")
    live = capture_sandbox.url(world.OUTLET_HOST, "/products.html")
    assert rg(ws, "case", "new", "Outlet")[0] == 0
    for url in (gone, live):
        assert rg(ws, "target", "add", url, "--case", "1")[0] == 0
    store = open_store(init_workspace(ws))
    try:
        for target in store.targets.list(case_id=1):
            store.targets.set_status(target.id, TargetStatus.CONFIRMED)
            store.targets.set_status(target.id, TargetStatus.ACTIONED)
    finally:
        store.close()
    code, out, err = rg(ws, "capture", "--case", "1", "--mode", "http", "--sandbox")
    assert code == 0, out + err
    assert "2 complete, 0 partial, 0 failed" in out
    store = open_store(init_workspace(ws))
    try:
        status = {t.url: t.status for t in store.targets.list(case_id=1)}
        events = [e.verb for e in store.events.list(entity="capture")]
    finally:
        store.close()
    assert status[gone] is TargetStatus.REMOVED and status[live] is TargetStatus.PERSISTING
    assert events.count("capture.complete") == 2


def test_capture_refuses_without_allow_private(
    tmp_path: Path, ws: Path, capture_sandbox: Sandbox
) -> None:
    root = tmp_path / "strict"
    init_workspace(root)
    url = capture_sandbox.url(world.OUTLET_HOST, "/")
    code, out, _ = rg(root, "capture", url, "--mode", "http", "--sandbox", "--json")
    assert code == 1
    [row] = json.loads(out)
    assert row["status"] == "failed" and "127.0.0.5 is a loopback address" in row["reason"]


def test_capture_needs_something(ws: Path) -> None:
    code, _, err = rg(ws, "capture", "--mode", "http")
    assert code == 2 and "nothing to capture" in err
    code, _, err = rg(ws, "capture", "http://x.example/", "--mode", "ftp")
    assert code == 2 and "mode" in err
