"""The command line through Typer's runner and as a real subprocess."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rightsguard import __version__
from rightsguard.cli.main import app

runner = CliRunner()


def rg(ws: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--workspace", str(ws), *args], input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    code, out, _ = rg(root, "init", str(root))
    assert code == 0, out
    return root


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.stdout


def test_init_makes_a_workspace(ws: Path) -> None:
    assert (ws / "rightsguard.toml").is_file()
    assert (ws / "rightsguard.db").is_file()
    assert (ws / "evidence").is_dir()
    key = ws / "keys" / "signing-ed25519.pem"
    assert key.is_file() and (key.stat().st_mode & 0o777) == 0o600
    tables = {
        r[0]
        for r in sqlite3.connect(ws / "rightsguard.db").execute(
            "select name from sqlite_master where type='table'"
        )
    }
    assert {"rights", "cases", "targets", "events", "captures", "alembic_version"} <= tables
    # init again keeps everything (the key is not replaced)
    before = key.read_bytes()
    assert rg(ws, "init", str(ws))[0] == 0
    assert key.read_bytes() == before


def test_right_case_target_flow_with_json(ws: Path, tmp_path: Path) -> None:
    proof = tmp_path / "certificate.pdf"
    proof.write_bytes(b"%PDF-1.4 registration certificate")
    code, out, _ = rg(
        ws,
        "right",
        "add",
        "--kind",
        "trademark",
        "--name",
        "AURORIX",
        "--owner",
        "Aurorix Ltd",
        "--number",
        "30123456",
        "--class",
        "9",
        "--expires",
        "2031-05-06",
        "--proof",
        str(proof),
        "--json",
    )
    assert code == 0
    right = json.loads(out)
    assert right["proofs"][0]["size"] == proof.stat().st_size
    sha = right["proofs"][0]["sha256"]
    assert (
        ws / "evidence" / "sha256" / sha[:2] / sha[2:4] / sha
    ).read_bytes() == proof.read_bytes()
    code, out, _ = rg(
        ws,
        "case",
        "new",
        "Outlet shops",
        "--right",
        str(right["id"]),
        "--goal",
        "remove_links",
        "--goal",
        "deterrence",
        "--json",
    )
    case = json.loads(out)
    assert case["goals"] == ["remove_links", "deterrence"]
    code, out, _ = rg(
        ws,
        "target",
        "add",
        "Aurorix-Outlet.CN/item/1",
        "--case",
        str(case["id"]),
        "--control",
        "infringer",
        "--json",
    )
    target = json.loads(out)
    assert target["url"] == "http://aurorix-outlet.cn/item/1"
    listed = json.loads(rg(ws, "target", "list", "--json")[1])
    assert [t["id"] for t in listed] == [target["id"]]
    shown = json.loads(rg(ws, "case", "show", str(case["id"]), "--json")[1])
    assert shown["targets"][0]["url"] == target["url"] and shown["rights"][0]["name"] == "AURORIX"
    assert json.loads(rg(ws, "right", "list", "--json")[1])[0]["id"] == right["id"]
    assert json.loads(rg(ws, "case", "list", "--json")[1])[0]["targets"] == 1
    assert json.loads(rg(ws, "target", "show", str(target["id"]), "--json")[1])["events"]
    code, out, _ = rg(ws, "case", "close", str(case["id"]), "--reason", "done")
    assert code == 0 and "closed" in out
    exported = json.loads(rg(ws, "export")[1])
    assert exported["format"] == "rightsguard-export"
    assert {e["verb"] for e in exported["events"]} >= {
        "right.created",
        "case.opened",
        "target.created",
        "case.closed",
    }


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["target", "add", "ftp://x.cn"], 2, "scheme 'ftp'"),
        (["target", "show", "999"], 2, "no target with id 999"),
        (["case", "show", "5"], 2, "no case with id 5"),
        (["right", "add", "--kind", "tm", "--name", "X", "--owner", "Y"], 2, "kind: 'tm'"),
        (
            ["right", "add", "--kind", "trademark", "--name", "X", "--owner", "Y", "--class", "46"],
            2,
            "1 to 45",
        ),
        (["target", "import", "/nonexistent/file.csv"], 2, "cannot read /nonexistent/file.csv"),
        (["case", "list", "--status", "shut"], 2, "status: 'shut'"),
    ],
)
def test_bad_input_one_line_no_traceback(ws: Path, args: list[str], code: int, needle: str) -> None:
    got, out, err = rg(ws, *args)
    assert got == code
    assert needle in err
    assert "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1


def test_duplicate_right_exits_2(ws: Path) -> None:
    add = ["right", "add", "--kind", "trademark", "--name", "X", "--owner", "Y", "--number", "1"]
    assert rg(ws, *add)[0] == 0
    code, _, err = rg(ws, *add)
    assert code == 2 and "already exists as right 1" in err


def test_import_reports_rows_and_all_or_nothing(ws: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("url,control\nhttp://a.cn/,infringer\nhttp://b.cn/,bogus\n")
    code, _, err = rg(ws, "target", "import", str(bad))
    assert code == 2 and "row 2" in err and "control" in err and "nothing imported" in err
    assert json.loads(rg(ws, "target", "list", "--json")[1]) == []
    code, out, _ = rg(ws, "target", "import", str(bad), "--partial", "--json")
    report = json.loads(out)
    assert code == 0 and report["created"] == 1 and report["rejected"][0]["row"] == 2
    rows = tmp_path / "rows.jsonl"
    rg(ws, "target", "import", str(bad), "--partial", "--report", str(rows))
    outcomes = [json.loads(line) for line in rows.read_text().splitlines()]
    assert [o["outcome"] for o in outcomes] == ["duplicate", "rejected"]


def test_missing_workspace(tmp_path: Path) -> None:
    code, _, err = rg(tmp_path / "nowhere", "case", "list")
    assert code == 2 and "no RightsGuard workspace" in err and "rightsguard init" in err


def test_corrupt_database(ws: Path) -> None:
    (ws / "rightsguard.db").write_bytes(b"this is not sqlite" * 100)
    for suffix in ("-wal", "-shm"):
        (ws / f"rightsguard.db{suffix}").unlink(missing_ok=True)
    code, _, err = rg(ws, "case", "list")
    assert code == 1 and "damaged or is not a RightsGuard database" in err


def test_locked_database(ws: Path) -> None:
    holder = sqlite3.connect(ws / "rightsguard.db", timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        env_timeout = os.environ.get("RIGHTSGUARD_BUSY_TIMEOUT_MS")
        assert env_timeout is None
        code, _, err = rg(ws, "case", "new", "x")
    finally:
        holder.rollback()
        holder.close()
    assert code == 1 and "locked by another process" in err


def test_real_subprocess_end_to_end(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("rightsguard")
    env = {**os.environ, "RIGHTSGUARD_HOME": str(tmp_path / "ws")}
    subprocess.run([exe, "init", str(tmp_path / "ws")], check=True, env=env, capture_output=True)
    csv = tmp_path / "t.csv"
    csv.write_text("url,kind\nhttps://jiguang-guanwang.cn/,domain\n", encoding="utf-8")
    done = subprocess.run(
        [exe, "target", "import", str(csv), "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout)["created"] == 1
    bad = subprocess.run([exe, "target", "show", "42"], env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.startswith("error: no target with id 42")
    usage = subprocess.run([exe, "target", "show"], env=env, capture_output=True, text=True)
    assert usage.returncode == 2 and "Missing argument" in usage.stderr
