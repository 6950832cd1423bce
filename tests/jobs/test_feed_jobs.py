"""The new-registration watchers as background work: ``discover.ct`` and
``discover.zone`` jobs, and ``rightsguard schedule`` queueing them when their feed
is set."""

from __future__ import annotations

from pathlib import Path

from rightsguard.cli.jobs_cmds import due_periodic
from rightsguard.jobs import InlineWorker, enqueue
from rightsguard.jobs.core import get_job
from rightsguard.sandbox.ctlog import LocalCtLog
from rightsguard.settings import resolve
from rightsguard.store import Store
from rightsguard.workspace import init_workspace


def test_the_ct_job_imports_the_logs_hits_once(tmp_path: Path) -> None:
    with LocalCtLog(page=2) as log:
        log.add(["unrelated.example"])
        log.add(["aurorix-outlet.shop", "www.aurorix-outlet.shop"])
        log.add(["*.aurorixstore.top"])
        ws = init_workspace(tmp_path / "ws", {"allow_private_targets": True, "ct_log_url": log.url})
        store = Store(ws.database_url, "tester")
        try:
            case = store.cases.new("CT watch")
            args = {"domains": ["aurorix.com"], "case_id": case.id}
            first = enqueue(store, "discover.ct", args)
            InlineWorker(ws, store).drain()
            done = get_job(store, first)
            assert done.status == "done", done.error
            assert done.result is not None
            assert {h["domain"] for h in done.result["hits"]} == {
                "aurorix-outlet.shop",
                "aurorixstore.top",
            }
            assert done.result["import"]["created"] == 2
            # The position is kept: a second run reads only the new certificate.
            log.add(["aurorix-official.online"])
            second = enqueue(store, "discover.ct", args)
            InlineWorker(ws, store).drain()
            again = get_job(store, second).result
            assert again is not None and again["entries read"] == 1
            assert [h["domain"] for h in again["hits"]] == ["aurorix-official.online"]
            hosts = {t.host for t in store.targets.list(case_id=case.id)}
            assert hosts == {"aurorix-outlet.shop", "aurorixstore.top", "aurorix-official.online"}
        finally:
            store.close()


def test_the_ct_job_on_a_guarded_network_refuses_a_private_log(tmp_path: Path) -> None:
    with LocalCtLog() as log:
        log.add(["aurorix-outlet.shop"])
        ws = init_workspace(tmp_path / "ws", {"ct_log_url": log.url})
        store = Store(ws.database_url, "tester")
        try:
            job = enqueue(store, "discover.ct", {"domains": ["aurorix.com"]})
            InlineWorker(ws, store).drain()
            tried = get_job(store, job)  # queued again for a later attempt, with the reason
            assert "refused" in (tried.error or ""), tried
            assert store.targets.list() == []
        finally:
            store.close()


def test_the_zone_job_reports_what_the_zone_gained(tmp_path: Path) -> None:
    zone = tmp_path / "shop.zone"
    zone.write_text("$ORIGIN shop.\nexample IN NS ns1.host.example.\n", encoding="utf-8")
    ws = init_workspace(tmp_path / "ws", {"zone_file": str(zone)})
    store = Store(ws.database_url, "tester")
    try:
        first = enqueue(store, "discover.zone", {"domains": ["aurorix.com"]})
        InlineWorker(ws, store).drain()
        result = get_job(store, first).result
        assert result is not None and result["hits"] == [] and "first run" in result
        zone.write_text(
            zone.read_text(encoding="utf-8") + "aurorix-outlet IN NS ns1.cheap.example.\n",
            encoding="utf-8",
        )
        second = enqueue(store, "discover.zone", {"domains": ["aurorix.com"]})
        InlineWorker(ws, store).drain()
        result = get_job(store, second).result
        assert result is not None and result["new"] == 1
        assert [h["domain"] for h in result["hits"]] == ["aurorix-outlet.shop"]
    finally:
        store.close()


def test_a_watch_without_a_brand_says_what_is_missing(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws", {"zone_file": str(tmp_path / "none.zone")})
    store = Store(ws.database_url, "tester")
    try:
        job = enqueue(store, "discover.zone")
        InlineWorker(ws, store).drain()
        tried = get_job(store, job)
        assert "add a right first" in (tried.error or ""), tried
    finally:
        store.close()


def test_schedule_queues_the_watchers_whose_feed_is_set() -> None:
    plain = due_periodic(resolve({}, environ={}))
    assert "discover.ct" not in plain and "discover.zone" not in plain
    both = due_periodic(
        resolve({"ct_log_url": "https://ct.example/log", "zone_file": "/z/shop.zone"}, environ={})
    )
    assert both["discover.ct"] == 3600 and both["discover.zone"] == 86400
    assert both["recheck.watched"] == plain["recheck.watched"]
