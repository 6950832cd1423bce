"""``rightsguard discover domains`` through Typer's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clikit import rg

from rightsguard.cli import discover_cmds
from rightsguard.cli.main import app
from rightsguard.discover import FUZZERS
from rightsguard.discover.nsd import LocalNsd

if not any(g.name == "discover" for g in app.registered_groups):  # until main.py wires it
    discover_cmds.register(app)


def test_no_dns_json_lists_candidates_with_fuzzer() -> None:
    code, out, _ = rg("discover", "domains", "aurorix.com", "极光.cn", "--no-dns", "--json")
    assert code == 0
    rows = json.loads(out)
    by_domain = {r["domain"]: r for r in rows}
    assert by_domain["aurrix.com"]["fuzzer"] == "omission"
    assert by_domain["jiguang-guanwang.cn"]["fuzzer"] == "pinyin-affix"
    assert by_domain["xn--54q120d.cn"]["unicode"] == "極光.cn"


def test_no_dns_table() -> None:
    code, out, _ = rg("discover", "domains", "aurorix.com", "--no-dns", "--fuzzer", "omission")
    assert code == 0 and "omission" in out and "7 look-alikes" in out


def test_errors_are_one_line() -> None:
    code, _, err = rg("discover", "domains", "not a domain", "--no-dns")
    assert code == 2 and "seed" in err
    code, _, err = rg("discover", "domains", "--no-dns")
    assert code == 2 and "--right" in err
    code, _, err = rg("discover", "domains", "aurorix.com", "--fuzzer", "nosuch", "--no-dns")
    assert code == 2 and "nosuch" in err


def test_right_and_case_import(tmp_path: Path, nsd: LocalNsd, registered: set[str]) -> None:
    ws = tmp_path / "ws"
    base = ("--workspace", str(ws))
    assert rg(*base, "init", str(ws))[0] == 0
    _, out, _ = rg(
        *base,
        "right",
        "add",
        "--kind",
        "trademark",
        "--name",
        "极光",
        "--owner",
        "极光智能科技有限公司",
        "--json",
    )
    zh = json.loads(out)["id"]
    _, out, _ = rg(
        *base,
        "right",
        "add",
        "--kind",
        "trademark",
        "--name",
        "AURORIX",
        "--owner",
        "极光智能科技有限公司",
        "--json",
    )
    en = json.loads(out)["id"]
    _, out, _ = rg(*base, "case", "new", "Look-alike domains", "--json")
    case = json.loads(out)["id"]
    args = (
        *base,
        "discover",
        "domains",
        "aurorix.com",
        "--right",
        str(zh),
        "--right",
        str(en),
        "--resolver",
        nsd.resolver,
        "--case",
        str(case),
        "--json",
        *[f"--fuzzer={f}" for f in FUZZERS if f != "homoglyph"],  # the big one: tested elsewhere
    )
    code, out, err = rg(*args)
    assert code == 0, err
    report = json.loads(out)
    registered = {r for r in registered if "xn--aurorx" not in r}
    assert {r["domain"] for r in report["results"]} == registered
    assert report["import"]["created"] == len(registered)
    assert report["import"]["committed"] is True
    code, out, _ = rg(*base, "target", "list", "--case", str(case), "--json")
    targets = json.loads(out)
    assert {t["host"] for t in targets} == registered
    assert {t["kind"] for t in targets} == {"domain"}
    # Again: nothing new, every look-alike already in the case.
    code, out, _ = rg(*args)
    assert json.loads(out)["import"]["duplicates"] == len(registered)


@pytest.mark.parametrize("flag", ["--json", None])
def test_resolver_option_table_and_json(nsd: LocalNsd, flag: str | None) -> None:
    args = ["discover", "domains", "aurorix.com", "--resolver", nsd.resolver]
    args += ["--fuzzer", "omission", "--fuzzer", "affix"]
    code, out, err = rg(*args, *([flag] if flag else []))
    assert code == 0, err
    assert "aurrix.com" in out and "aurorix-official-store.com" in out
