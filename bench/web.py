"""Benchmark: the web workbench under load over a large portfolio, on SQLite and PostgreSQL.

Builds a database with 100,000 targets in 5,000 cases and 500,000 events, plus
actions, deadlines, captures and rechecks in proportion, with bulk inserts. Then,
for each database, it runs ``rightsguard serve --workers N`` (one server process
per core by default) in its own processes, signs 20 clients in, and has them
request the dashboard ``/``, the case list ``/cases`` and case pages
``/cases/{id}`` on loopback, a fixed number of times each (bounded in time as
well). For each request it keeps the server's own time (its ``Server-Timing``
header: from the request's arrival in the app to its answer, waiting for a
thread and the interpreter included) and the time the client saw (that plus the
wait in the connection queue and the client's own share of the 2 cores). It
prints p50 and p99 of both per page and database, judges the target (server
p99 < 300 ms) on the server's time, and prints a baseline measured in the same
run under the same load: ``/static/app.css``, the smallest request the server
answers. It also prints how long the dashboard's
figures take to compute from scratch (no cache), which the first view after a
change pays.

    python bench/web.py [--targets 100000] [--cases 5000] [--events 500000]
                        [--clients 20] [--requests 25] [--no-pg]
                        [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

TARGET_P99_MS = 300.0
CHUNK = 20_000
PASSWORD = "bench-password-123"
PROVIDERS = [
    ("taobao", "淘宝", "platform"),
    ("tmall", "天猫", "platform"),
    ("jd", "京东", "platform"),
    ("pinduoduo", "拼多多", "platform"),
    ("douyin", "抖音电商", "platform"),
    ("xianyu", "闲鱼", "platform"),
    ("aliyun", "阿里云", "host"),
    ("tencent-cloud", "腾讯云", "host"),
    ("huawei-cloud", "华为云", "host"),
    ("cloudflare", "Cloudflare", "cdn"),
    ("godaddy", "GoDaddy", "registrar"),
    ("namecheap", "Namecheap", "registrar"),
    ("hichina", "万网", "registrar"),
    ("amazon", "Amazon", "platform"),
    ("ebay", "eBay", "platform"),
    ("shopee", "Shopee", "platform"),
    ("lazada", "Lazada", "platform"),
    ("aliexpress", "AliExpress", "platform"),
    ("hetzner", "Hetzner", "host"),
    ("ovh", "OVHcloud", "host"),
]


def pick(rng: random.Random, weighted: list[tuple[Any, float]]) -> Any:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


# ---------------------------------------------------------------- the data


@dataclass
class Sizes:
    targets: int
    cases: int
    events: int


@dataclass
class Built:
    case_ids: list[int]
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def populate(url: str, sizes: Sizes, seed: int = 7) -> Built:
    """Bulk-insert the portfolio: one transaction, rows in chunks, ids allocated first."""
    from sqlalchemy import text

    from rightsguard.store.db import allocate_ids, bulk_insert, make_engine
    from rightsguard.store.models import (
        ActionRow,
        CaptureRow,
        CaseRow,
        CaseTargetRow,
        DeadlineRow,
        EventRow,
        ProviderRow,
        RecheckRow,
        TargetRow,
        utcnow,
    )

    rng = random.Random(seed)
    now = utcnow().replace(microsecond=0)
    day = timedelta(days=1)
    started = time.perf_counter()
    engine = make_engine(url)
    built = Built([])
    events: list[dict[str, Any]] = []

    def event(
        at: datetime,
        verb: str,
        entity: str,
        entity_id: int | None,
        case_id: int | None = None,
        after: dict[str, Any] | None = None,
        reason: str | None = None,
    ) -> None:
        events.append(
            {
                "at": min(at, now),
                "actor": "bench",
                "verb": verb,
                "entity": entity,
                "entity_id": entity_id,
                "case_id": case_id,
                "before": None,
                "after": after,
                "reason": reason,
            }
        )

    def insert(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
        for i in range(0, len(rows), CHUNK):
            bulk_insert(conn, table, rows[i : i + CHUNK])
        built.counts[table.name] = built.counts.get(table.name, 0) + len(rows)

    with engine.begin() as conn:
        provider_ids = allocate_ids(conn, "providers", len(PROVIDERS))
        insert(
            conn,
            ProviderRow.__table__,
            [
                {"id": i, "key": k, "name": n, "kind": kind, "channels": {}}
                for i, (k, n, kind) in zip(provider_ids, PROVIDERS, strict=True)
            ],
        )
        case_ids = allocate_ids(conn, "cases", sizes.cases)
        built.case_ids = case_ids
        cases = []
        case_created: dict[int, datetime] = {}
        case_open: dict[int, bool] = {}
        for i, cid in enumerate(case_ids):
            created = now - rng.uniform(30, 720) * day
            is_open = rng.random() < 0.7
            case_created[cid] = created
            case_open[cid] = is_open
            cases.append(
                {
                    "id": cid,
                    "title": f"极光 Aurorix 维权案件 {i + 1} · shop{rng.randrange(10_000)}",
                    "status": "open" if is_open else "closed",
                    "goals": ["remove_links"],
                    "assignee": rng.choice(["analyst", "liaison", "counsel", None]),
                    "notes": "",
                    "created_at": created,
                    "closed_at": None if is_open else created + rng.uniform(5, 25) * day,
                }
            )
            event(created, "case.opened", "case", cid, cid, {"title": cases[-1]["title"]})
        insert(conn, CaseRow.__table__, cases)

        target_ids = allocate_ids(conn, "targets", sizes.targets)
        statuses = [
            ("suspected", 30),
            ("confirmed", 15),
            ("dismissed", 5),
            ("actioned", 18),
            ("removed", 22),
            ("persisting", 6),
            ("reappeared", 4),
        ]
        targets, links = [], []
        by_case: dict[int, list[int]] = {cid: [] for cid in case_ids}
        status_of: dict[int, str] = {}
        for i, tid in enumerate(target_ids):
            # Most cases have a handful of targets; a tenth of them hold most of the rest.
            cid = rng.choice(
                case_ids if rng.random() < 0.6 else case_ids[: len(case_ids) // 10 + 1]
            )
            host = f"shop{i % 25_000}.example{i % 50}.cn"
            status = pick(rng, statuses)
            status_of[tid] = status
            created = case_created[cid] + rng.uniform(0, 20) * day
            targets.append(
                {
                    "id": tid,
                    "url": f"https://{host}/item/{i}",
                    "original_url": f"https://{host}/item/{i}",
                    "host": host,
                    "kind": rng.choice(["url", "listing", "domain", "shop"]),
                    "status": status,
                    "control": rng.choice(["infringer", "third_party", "unknown"]),
                    "platform": rng.choice([None, "淘宝", "京东", "拼多多"]),
                    "title": f"极光 耳机 {i}",
                    "note": None,
                    "party_id": None,
                    "created_at": created,
                }
            )
            links.append({"case_id": cid, "target_id": tid, "added_at": created})
            by_case[cid].append(tid)
            event(created, "target.added", "target", tid, cid, {"url": targets[-1]["url"]})
            if status != "suspected":
                event(
                    created + day, "target.status_changed", "target", tid, None, {"status": status}
                )
            if status == "reappeared" or (
                status in ("confirmed", "suspected") and rng.random() < 0.02
            ):
                after = {"url": targets[-1]["url"]} if status == "reappeared" else {"party_id": 1}
                event(created + 3 * day, "target.repeat_infringement", "target", tid, None, after)
        insert(conn, TargetRow.__table__, targets)
        insert(conn, CaseTargetRow.__table__, links)
        del targets, links

        n_actions = sizes.cases * 5
        action_ids = allocate_ids(conn, "actions", n_actions)
        actions, deadlines = [], []
        kinds = [
            (("provider_notice", "notice.civil_code"), 35),
            (("provider_notice", "notice.ecommerce"), 25),
            (("cease_and_desist", "cease_and_desist"), 25),
            (("market_regulation_complaint", "amr_complaint"), 8),
            (("domain_dispute", "domain.cndrp"), 7),
        ]
        action_statuses = [
            ("draft", 5),
            ("approved", 3),
            ("sent", 15),
            ("acknowledged", 10),
            ("removed", 37),
            ("no_response", 15),
            ("closed", 10),
            ("rejected", 5),
        ]
        for aid in action_ids:
            cid = rng.choice(case_ids)
            (atype, kind) = pick(rng, kinds)
            status = pick(rng, action_statuses)
            own = by_case[cid] or [target_ids[0]]
            chosen = rng.sample(own, min(len(own), rng.randint(1, 3)))
            created = case_created[cid] + rng.uniform(1, 25) * day
            sent = None if status in ("draft", "approved") else created + rng.uniform(0, 3) * day
            if sent is not None and sent > now:
                sent = now - rng.uniform(0, 2) * day
            provider = rng.randrange(len(PROVIDERS))
            channel = pick(rng, [("smtp", 60), ("webform", 30), ("post", 10)])
            recipient = (
                {"name": PROVIDERS[provider][1], "email": f"ipr@{PROVIDERS[provider][0]}.example"}
                if atype == "provider_notice"
                else {"name": f"店主 {rng.randrange(9999)}", "email": None}
            )
            actions.append(
                {
                    "id": aid,
                    "case_id": cid,
                    "type": atype,
                    "status": status,
                    "target_ids": chosen,
                    "party_id": None,
                    "provider_id": provider_ids[provider]
                    if atype == "provider_notice" and rng.random() < 0.5
                    else None,
                    "data": {
                        "kind": kind,
                        "lang": "zh-CN",
                        "title": kind,
                        "recipient": recipient,
                        "dispatch": {"channel": channel, "state": "sent"} if sent else None,
                        "history": [],
                    },
                    "created_at": created,
                    "sent_at": sent,
                }
            )
            event(created, "action.drafted", "action", aid, cid, {"type": atype, "kind": kind})
            if status == "draft":
                continue
            event(
                created + 0.1 * day, "action.approved", "action", aid, cid, {"status": "approved"}
            )
            if sent is None:
                continue
            event(sent, "action.dispatching", "action", aid, cid, {"status": "approved"})
            event(sent, "action.sent", "action", aid, cid, {"status": "sent"})
            if status in ("removed", "closed") and (status == "removed" or rng.random() < 0.5):
                took = rng.lognormvariate(1.0, 1.0)
                event(
                    sent + took * day, "action.outcome", "action", aid, cid, {"status": "removed"}
                )
            if status == "acknowledged" or (atype == "cease_and_desist" and rng.random() < 0.2):
                verb = "action.reply_received" if atype == "cease_and_desist" else "action.recorded"
                event(sent + 2 * day, verb, "action", aid, cid, {"status": "acknowledged"})
            if status in ("no_response", "rejected", "closed"):
                event(sent + 15 * day, "action.recorded", "action", aid, cid, {"status": status})
            due = sent + 14 * day
            deadlines.append(
                {
                    "case_id": cid,
                    "action_id": aid,
                    "label": "follow-up: did the action work?",
                    "due": due,
                    "rule_id": "follow_up",
                    "consequence": "",
                    "done": due < now - 7 * day and rng.random() < 0.9,
                }
            )
            event(sent, "deadline.set", "deadline", None, cid, {"due": due.date().isoformat()})
        insert(conn, ActionRow.__table__, actions)
        del actions
        for cid in case_ids:  # the plan's running clocks
            if rng.random() < 0.4:
                due = now + rng.uniform(-30, 60) * day
                deadlines.append(
                    {
                        "case_id": cid,
                        "action_id": None,
                        "label": "时效：向平台发出通知后 15 日内",
                        "due": due,
                        "rule_id": "R-ECOM-42",
                        "consequence": "the platform may restore the listing",
                        "done": due < now and rng.random() < 0.8,
                    }
                )
        deadline_ids = allocate_ids(conn, "deadlines", len(deadlines))
        for i, row in zip(deadline_ids, deadlines, strict=True):
            row["id"] = i
        insert(conn, DeadlineRow.__table__, deadlines)
        del deadlines

        n_captures = sizes.targets * 6 // 10
        capture_ids = allocate_ids(conn, "captures", n_captures)
        captures = []
        for cap_id in capture_ids:
            tid = rng.choice(target_ids)
            at = now - rng.uniform(0, 180) * day
            status = pick(
                rng,
                [("complete", 80), ("partial", 8), ("awaiting_timestamp", 5), ("failed", 7)],
            )
            captures.append(
                {
                    "id": cap_id,
                    "target_id": tid,
                    "status": status,
                    "mode": rng.choice(["browser", "http"]),
                    "started_at": at,
                    "finished_at": at + timedelta(seconds=rng.uniform(3, 40)),
                    "artefacts": [],
                    "environment": {},
                    "partial_reason": None,
                }
            )
            event(at, "capture.started", "capture", cap_id, None, {"target_id": tid})
            event(at, "capture.finished", "capture", cap_id, None, {"status": status})
        insert(conn, CaptureRow.__table__, captures)
        del captures

        watched = [t for t in target_ids if status_of[t] in ("actioned", "removed", "persisting")]
        rechecks = []
        for _ in range(sizes.targets // 2):
            tid = rng.choice(watched)
            rechecks.append(
                {
                    "target_id": tid,
                    "at": now - rng.uniform(0, 120) * day,
                    "state": "removed" if status_of[tid] == "removed" else "live",
                    "http_status": 404 if status_of[tid] == "removed" else 200,
                    "final_url": None,
                    "text_sha256": None,
                    "reason": "HTTP 404" if status_of[tid] == "removed" else "HTTP 200",
                }
            )
        insert(conn, RecheckRow.__table__, rechecks)
        del rechecks

        filler_verbs = ["observable.added", "target.identified", "evidence.checked"]
        while len(events) < sizes.events:
            tid = rng.choice(target_ids)
            event(
                now - rng.uniform(0, 365) * day,
                rng.choice(filler_verbs),
                "target",
                tid,
                None,
                {"kind": "email", "value": f"seller{tid}@example.cn"},
            )
        events.sort(key=lambda e: e["at"])
        insert(conn, EventRow.__table__, events[: sizes.events])
        events.clear()
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    engine.dispose()
    built.seconds = time.perf_counter() - started
    return built


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_workspace(root: Path, url: str | None) -> Any:
    from rightsguard.workspace import init_workspace

    return init_workspace(root, {"database_url": url} if url else None)


def add_bench_user(ws: Any) -> None:
    from rightsguard.store import open_store
    from rightsguard.store.users import add_user

    st = open_store(ws)
    try:
        add_user(st, "bench", "admin", PASSWORD, "Bench")
    finally:
        st.close()


class Server:
    """``rightsguard serve`` in its own process (no job worker, no replay server)."""

    def __init__(self, ws_root: Path, log: Path, processes: int = 1) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._log = log.open("wb")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "rightsguard.cli.main",
                "-w",
                str(ws_root),
                "serve",
                "--port",
                str(self.port),
                "--no-worker",
                "--no-replay",
                "--workers",
                str(processes),
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the workbench exited; see {log}")
            try:
                if httpx.get(self.base + "/login", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.close()
                raise RuntimeError(f"the workbench did not start; see {log}")
            time.sleep(0.2)

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


def signed_in_client(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    if token is None:
        raise RuntimeError("no CSRF field on the log-in page")
    answer = client.post(
        "/login",
        data={"username": "bench", "password": PASSWORD, "csrf": token.group(1), "next": "/"},
    )
    if answer.status_code != 303:
        raise RuntimeError(f"sign-in failed: HTTP {answer.status_code}")
    return client


# ---------------------------------------------------------------- the load


@dataclass
class Samples:
    ms: dict[str, list[float]] = field(default_factory=dict)
    server_ms: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, dict[int, int]] = field(default_factory=dict)
    stopped_early: bool = False
    client_phase: tuple[float, float] | None = None  # wrk: p50, p99 over the phase
    client_by_page: dict[str, tuple[float, float]] = field(default_factory=dict)

    def add(self, page: str, ms: float, status: int, server_ms: float | None = None) -> None:
        self.ms.setdefault(page, []).append(ms)
        if server_ms is not None:
            self.server_ms.setdefault(page, []).append(server_ms)
        codes = self.statuses.setdefault(page, {})
        codes[status] = codes.get(status, 0) + 1


SERVER_TIMING = re.compile(r"app;dur=([0-9.]+)")


def timed_get(client: httpx.Client, path: str) -> tuple[float, int, float | None]:
    """Milliseconds seen by the client, HTTP status (0: the connection failed) and the
    server's own time from its Server-Timing header, of one request.

    As a browser does, a GET that fails on a kept-alive connection the server closed
    (it does after an error) is tried once more on a new one; that try is timed."""
    for attempt in (1, 2):
        t0 = time.perf_counter()
        server = None
        try:
            answer = client.get(path)
            status = answer.status_code
            found = SERVER_TIMING.search(answer.headers.get("server-timing", ""))
            server = float(found.group(1)) if found else None
        except httpx.TransportError:
            status = 0
            if attempt == 1:
                continue
        return (time.perf_counter() - t0) * 1000, status, server
    raise AssertionError("unreachable")


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def load(
    clients: list[httpx.Client],
    pages: list[tuple[str, Callable[[random.Random], str]]],
    requests_each: int,
    time_limit: float,
    phase: int = 0,
) -> Samples:
    """Every client requests every page ``requests_each`` times, interleaved, all at once.
    Each phase and client draws its own case ids, so that a phase does not revisit the
    cases an earlier one warmed."""
    samples = Samples()
    lock = threading.Lock()
    start = threading.Barrier(len(clients))
    stop_at = [0.0]

    def run(index: int, client: httpx.Client) -> None:
        rng = random.Random(phase * 1000 + index)
        start.wait()
        if index == 0:
            stop_at[0] = time.monotonic() + time_limit
        for _ in range(requests_each):
            for name, path in pages:
                if stop_at[0] and time.monotonic() > stop_at[0]:
                    samples.stopped_early = True
                    return
                ms, status, server_ms = timed_get(client, path(rng))
                with lock:
                    samples.add(name, ms, status, server_ms)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return samples


WRK_SCRIPT = Path(__file__).with_name("web_load.lua")
#: Server-Timing route of each page -> the name the report uses.
ROUTES = {"/": "/", "/cases": "/cases", "/cases/{case_id}": "/cases/{id}", "-": "/static/app.css"}
WRK_PAGES = {
    "/": "dashboard",
    "/cases": "cases",
    "/cases/{id}": "case",
    "/static/app.css": "static",
}


def wrk_load(
    base: str,
    cookie: str,
    pages: list[str],
    case_ids: list[int],
    connections: int,
    seconds: float,
    seed: int,
    work: Path,
) -> Samples:
    """``connections`` connections kept busy for ``seconds`` by wrk (one thread, in C: the
    load costs the shared 2 cores far less than Python clients do). Server times per
    page come from each answer's Server-Timing header; the client's p50 and p99 are
    wrk's, over all the pages of the phase."""
    ids = work / "case-ids.txt"
    if not ids.exists():
        ids.write_text("\n".join(map(str, case_ids)) + "\n")
    answers, summary = work / f"answers-{seed}.txt", work / f"summary-{seed}.txt"
    for f in (answers, summary):
        f.unlink(missing_ok=True)
    subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "30s",
            "-s",
            str(WRK_SCRIPT),
            base,
            "--",
            ",".join(WRK_PAGES[p] for p in pages),
            cookie,
            str(answers),
            str(ids),
            str(seed),
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "RG_WRK_SUMMARY": str(summary)},
        timeout=seconds + 120,
    )
    samples = Samples()
    for line in answers.read_text().splitlines():
        status, route, dur = line.split(" ")
        page = ROUTES.get(route, route)
        server = float(dur)
        samples.add(page, float("nan"), int(status), None if server != server else server)
    found = re.search(r"client p50 ([0-9.]+) p99 ([0-9.]+)", summary.read_text())
    if found:
        samples.client_phase = (float(found.group(1)), float(found.group(2)))
    return samples


def cold_figures_ms(url: str, repeat: int = 3) -> tuple[float, float]:
    """The dashboard's figures computed from scratch, and the portfolio CSV's rows."""
    from sqlalchemy.orm import Session

    from rightsguard.store.db import make_engine
    from rightsguard.store.read.metrics import case_rows, figures

    engine = make_engine(url)
    times, rows_ms = [], 0.0
    try:
        for _ in range(repeat):
            with Session(engine) as s, s.begin():
                t0 = time.perf_counter()
                figures(s)
                times.append((time.perf_counter() - t0) * 1000)
        with Session(engine) as s, s.begin():
            t0 = time.perf_counter()
            case_rows(s)
            rows_ms = (time.perf_counter() - t0) * 1000
    finally:
        engine.dispose()
    return statistics.median(times), rows_ms


#: p50, p99 (client), count, HTTP statuses, p50, p99 (server's own time)
Stats = tuple[float, float, int, dict[int, int], float, float]


def stats(samples: Samples) -> dict[str, Stats]:
    out: dict[str, Stats] = {}
    for name, v in samples.ms.items():
        if not v:
            continue
        server = samples.server_ms.get(name) or [float("nan")]
        client = (
            samples.client_by_page.get(name)
            or samples.client_phase
            or (quantile(v, 50), quantile(v, 99))
        )
        out[name] = (
            client[0],
            client[1],
            len(v),
            samples.statuses[name],
            quantile(server, 50),
            quantile(server, 99),
        )
    return out


@dataclass
class Result:
    label: str
    solo: dict[str, Stats]  # one client, one request at a time: the service time
    mixed: dict[str, Stats]  # every client on every page, interleaved
    alone: dict[str, Stats]  # every client on this one page
    baseline: Stats
    cold_ms: float
    rows_ms: float
    first_ms: dict[str, float]
    load: str = "python"


def run_database(label: str, url: str | None, sizes: Sizes, args: argparse.Namespace) -> Result:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        ws = make_workspace(tmp / "ws", url)
        print(
            f"{label:<9} building {sizes.targets:,} targets, {sizes.cases:,} cases, "
            f"{sizes.events:,} events …",
            flush=True,
        )
        built = populate(ws.database_url, sizes)
        add_bench_user(ws)
        counts = ", ".join(f"{k} {v:,}" for k, v in sorted(built.counts.items()))
        print(f"{label:<9} built in {built.seconds:.1f} s: {counts}", flush=True)
        cold_ms, rows_ms = cold_figures_ms(ws.database_url)
        server = Server(ws.root, tmp / "serve.log", args.server_processes)
        clients: list[httpx.Client] = []
        phases: list[Samples] = []
        try:
            clients = [signed_in_client(server.base) for _ in range(args.clients)]
            case_ids = built.case_ids
            pages: list[tuple[str, Callable[[random.Random], str]]] = [
                ("/", lambda r: "/"),
                ("/cases", lambda r: "/cases"),
                ("/cases/{id}", lambda r: f"/cases/{r.choice(case_ids)}"),
            ]
            static = [("/static/app.css", lambda r: "/static/app.css")]
            # The first view of each page: the dashboard's figures not yet cached.
            first = {name: timed_get(clients[0], path(random.Random(0)))[0] for name, path in pages}
            load(clients, pages, 2, args.time_limit, phase=1)  # warm-up, not counted
            solo = load(clients[:1], pages, args.requests, args.time_limit, phase=2)
            if args.load == "wrk":
                cookie = "; ".join(f"{k}={v}" for k, v in clients[0].cookies.items())

                def phase(names: list[str], seed: int) -> Samples:
                    return wrk_load(
                        server.base,
                        cookie,
                        names,
                        case_ids,
                        args.clients,
                        args.seconds,
                        seed,
                        tmp,
                    )

            else:

                def phase(names: list[str], seed: int) -> Samples:
                    chosen = [p for p in pages + static if p[0] in names]
                    return load(clients, chosen, args.requests, args.time_limit, phase=seed)

            names = [name for name, _ in pages]
            mixed = phase(names, 3)
            alone = Samples()
            for n, name in enumerate(names, 4):
                one = phase([name], n)
                alone.ms.update(one.ms)
                alone.server_ms.update(one.server_ms)
                alone.statuses.update(one.statuses)
                alone.stopped_early |= one.stopped_early
                if one.client_phase:
                    alone.client_by_page[name] = one.client_phase
            base = phase(["/static/app.css"], 9)
            phases = [solo, mixed, alone, base]
        finally:
            for c in clients:
                c.close()
            server.close()
        if any(set(codes) != {200} for p in phases for codes in p.statuses.values()):
            log = (tmp / "serve.log").read_text(errors="replace")
            errors = sorted(set(re.findall(r"^[\w.]+(?:Error|Exception): .*$", log, re.M)))
            print(f"{label:<9} some requests failed; the server logged: {errors[:5]}")
        if any(p.stopped_early for p in phases):
            print(f"{label:<9} time limit reached: fewer requests than asked")
        return Result(
            label,
            stats(solo),
            stats(mixed),
            stats(alone),
            stats(base)["/static/app.css"],
            cold_ms,
            rows_ms,
            first,
            args.load,
        )


def report(r: Result) -> None:
    b50, b99 = r.baseline[0], r.baseline[1]
    print(
        f"{r.label:<9} dashboard figures from scratch: {r.cold_ms:.0f} ms "
        f"(portfolio CSV rows: {r.rows_ms:.0f} ms); first views: "
        + ", ".join(f"{k} {v:.0f} ms" for k, v in r.first_ms.items())
    )
    print(f"{r.label:<9} baseline /static/app.css, all clients: p50 {b50:.1f} ms, p99 {b99:.1f} ms")
    for title, table in (
        ("one client", r.solo),
        ("all pages", r.mixed),
        ("page alone", r.alone),
    ):
        for name, (p50, p99, n, codes, s50, s99) in table.items():
            ok = codes.get(200, 0)
            note = ""
            if ok != n:
                why = "not built yet?" if set(codes) - {200} == {404} else "server errors"
                note = f"  (HTTP {dict(sorted(codes.items()))}: {why})"
            verdict = ""
            if title != "one client":
                met = s99 < TARGET_P99_MS and ok == n
                verdict = (
                    f"  target server p99 < {TARGET_P99_MS:.0f} ms: {'MET' if met else 'MISSED'}"
                )
            print(
                f"{r.label:<9} {title:<10} {name:<12} n={n:<4} server p50 {s50:6.1f} "
                f"p99 {s99:6.1f} ms | client p50 {p50:6.1f} p99 {p99:6.1f} ms "
                f"(client p50 {p50 / b50:4.1f}x baseline){verdict}{note}"
            )
    if r.load == "wrk":
        print(f"{r.label:<9} (with wrk, the client's figures of 'all pages' are over all three)")


def pg_database(admin_url: str) -> tuple[str, str] | None:
    import sqlalchemy as sa

    try:
        admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        name = f"rg_bench_web_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except Exception as exc:
        print(f"PostgreSQL not available ({exc.__class__.__name__}); skipping it")
        return None
    return name, sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_pg(admin_url: str, name: str) -> None:
    import sqlalchemy as sa

    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def databases(args: argparse.Namespace) -> Iterator[tuple[str, str | None, Callable[[], None]]]:
    yield "sqlite", None, lambda: None
    if args.no_pg:
        return
    made = pg_database(args.pg)
    if made:
        name, url = made
        yield "postgres", url, lambda: drop_pg(args.pg, name)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--targets", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=5_000)
    parser.add_argument("--events", type=int, default=500_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--server-processes",
        type=int,
        default=os.cpu_count() or 1,
        help="rightsguard serve --workers (default: one per core)",
    )
    parser.add_argument("--requests", type=int, default=25, help="per page per client")
    parser.add_argument("--time-limit", type=float, default=300, help="seconds per load phase")
    parser.add_argument(
        "--load",
        choices=["wrk", "python"],
        default="wrk" if shutil.which("wrk") else "python",
        help="the load generator: wrk (Debian's wrk; the default when installed) or the "
        "bounded Python loop",
    )
    parser.add_argument(
        "--seconds", type=float, default=20, help="with wrk: seconds per load phase"
    )
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument(
        "--pg",
        default=os.environ.get(
            "RIGHTSGUARD_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args()
    sizes = Sizes(args.targets, args.cases, args.events)
    how = (
        f"wrk (one thread, C), {args.seconds:.0f} s per phase"
        if args.load == "wrk"
        else f"the Python loop, {args.requests} requests per page each"
    )
    print(
        f"load      {args.clients} clients on loopback from {how}; one-client phase: "
        f"{args.requests} requests per page; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} CPUs"
    )
    for label, url, cleanup in databases(args):
        try:
            report(run_database(label, url, sizes, args))
        finally:
            cleanup()


if __name__ == "__main__":
    main()
