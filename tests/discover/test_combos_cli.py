"""``rightsguard discover domains --combos`` and ``rightsguard right vocabulary``."""

from __future__ import annotations

import json
from pathlib import Path

from clikit import rg

from rightsguard.discover.nsd import LocalNsd
from rightsguard.jobs import InlineWorker, enqueue
from rightsguard.jobs.core import get_job
from rightsguard.store import Store
from rightsguard.workspace import init_workspace


def test_combos_without_dns_are_ranked_and_budgeted() -> None:
    args = ("discover", "domains", "aurorix.com", "--no-dns", "--json", "--combos")
    code, out, err = rg(*args, "--budget", "60", "--year", "2031", "--word", "lamp")
    assert code == 0, err
    rows = json.loads(out)
    assert len(rows) == 60
    assert {r["fuzzer"] for r in rows} == {"combo"}
    domains = [r["domain"] for r in rows]
    assert set(domains[:2]) == {"aurorixoutlet.com", "aurorixlamp.com"}  # own words weigh most
    code, out, _ = rg(*args, "--budget", "20000", "--year", "2031", "--class", "18")
    domains = [r["domain"] for r in json.loads(out)]
    assert {"aurorixbags.com", "aurorix2031.com", "aurorix-outlet.shop"} <= set(domains)
    assert not any("2026" in d for d in domains)


def test_combo_options_need_combos_and_bad_words_fail_in_one_line() -> None:
    code, _, err = rg("discover", "domains", "aurorix.com", "--no-dns", "--word", "lamp")
    assert code == 2 and "--combos" in err
    code, _, err = rg(
        "discover", "domains", "aurorix.com", "--no-dns", "--combos", "--word", "no way!"
    )
    assert code == 2 and "vocabulary" in err
    code, _, err = rg("discover", "domains", "aurorix.com", "--no-dns", "--combos", "--budget", "0")
    assert code == 2 and "budget" in err


def test_a_rights_vocabulary_and_classes_feed_its_combos(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    base = ("--workspace", str(ws))
    assert rg(*base, "init", str(ws))[0] == 0
    _, out, _ = rg(
        *base, "right", "add", "--kind", "trademark", "--name", "Aurorix Lux",
        "--owner", "Aurorix Ltd", "--class", "14", "--json",
    )  # fmt: skip
    right = str(json.loads(out)["id"])
    code, out, _ = rg(*base, "right", "vocabulary", right)
    assert code == 0 and "no words" in out
    code, out, _ = rg(*base, "right", "vocabulary", right, "Torch", "lantern", "--json")
    assert json.loads(out) == {"right": int(right), "vocabulary": ["torch", "lantern"]}
    args = (*base, "discover", "domains", "aurorix.com", "--right", right, "--no-dns", "--json")
    code, out, err = rg(*args, "--combos", "--budget", "3000", "--year", "2030")
    assert code == 0, err
    domains = [r["domain"] for r in json.loads(out)]
    assert "aurorixtorch.com" in domains[:20]
    assert "aurorixlanterns.com" in domains
    assert "aurorixbracelet.com" in domains  # class 14
    assert "aurorix-lux.com" in domains  # the mark's words, hyphenated
    code, out, _ = rg(*base, "right", "vocabulary", right, "--clear", "--json")
    assert json.loads(out)["vocabulary"] == []
    code, out, _ = rg(*args, "--combos", "--budget", "3000", "--year", "2030")
    assert "aurorixtorch.com" not in out
    code, _, err = rg(*base, "right", "vocabulary", "999", "lamp")
    assert code != 0 and "999" in err


def test_combos_checked_in_dns_find_the_registered_one(nsd: LocalNsd) -> None:
    code, out, err = rg(
        "discover", "domains", "aurorix.com", "--combos", "--budget", "6000",
        "--year", "2030", "--resolver", nsd.resolver, "--json",
    )  # fmt: skip
    assert code == 0, err
    report = json.loads(out)
    assert report["candidates"] == 6000
    found = {r["domain"]: r for r in report["results"]}
    assert "aurorix-official-store.com" in found
    assert found["aurorix-official-store.com"]["fuzzer"] == "combo"


def test_the_discovery_job_checks_combination_names(tmp_path: Path, nsd: LocalNsd) -> None:
    ws = init_workspace(tmp_path / "ws")
    store = Store(ws.database_url, "tester")
    case = store.cases.new("combos")
    args = {
        "domains": ["aurorix.com"],
        "case_id": case.id,
        "resolvers": [nsd.resolver],
        "combos": {"budget": 6000, "year": 2030},
    }
    job = enqueue(store, "discover.brand", args)
    InlineWorker(ws, store).drain()
    done = get_job(store, job)
    assert done.status == "done", done
    assert done.result is not None
    assert done.result["candidates"] == 6000
    assert "aurorix-official-store.com" in done.result["registered"]
    assert done.result["import"]["created"] >= 1
