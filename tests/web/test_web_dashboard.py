"""The dashboard's figures on a hand-built portfolio, its page in both languages, the
JSON API, the SVG charts, and the pure arithmetic behind them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from dashkit import World, build_world
from sqlalchemy.orm import Session
from webkit import Web, make_web_workspace, start_web

from rightsguard.report.charts import Bar, bar_chart, histogram, weekly_columns
from rightsguard.store import Store
from rightsguard.store.db import make_engine
from rightsguard.store.read import metrics
from rightsguard.store.read import metrics_math as mm
from rightsguard.store.read.figures_cache import FiguresCache
from rightsguard.store.read.metrics_math import SentGroup

approx = pytest.approx


def figures_of(url: str, world: World, case_id: int | None = None) -> mm.Figures:
    engine = make_engine(url)
    try:
        with Session(engine) as s, s.begin():
            return metrics.figures(s, case_id, world.now)
    finally:
        engine.dispose()


def test_portfolio_figures(db_url: str) -> None:
    world = build_world(db_url)
    f = figures_of(db_url, world)
    c = f.counts
    # Deadlines: +3 d and -2 d (overdue) count; done, +20 d and the closed case's do not.
    assert (c.open_cases, c.deadlines_due, c.deadlines_overdue) == (2, 2, 1)
    assert (c.awaiting_approval, c.awaiting_sending, c.actions_due) == (2, 1, 5)
    assert [d.label for d in f.deadlines] == ["follow-up c1 -2d", "follow-up c1 +3d"]
    assert f.deadlines[0].overdue and not f.deadlines[1].overdue
    assert f.deadlines[0].case_id == world.cases["c1"]
    # Take-downs: a1 (recheck), a3 (removed, then closed), a5 (recorded) of 8 sent.
    td = f.takedown
    assert (td.sent, td.removed, td.rate) == (8, 3, 0.375)
    assert [(r.key, r.sent, r.removed) for r in td.by_provider] == [
        ("JD IPR", 1, 0),
        ("host.example", 1, 1),
        ("淘宝", 1, 1),  # the provider's record wins over the recipient's name
    ]
    assert [(r.key, r.sent, r.removed) for r in td.by_channel] == [
        ("email", 5, 2),
        ("webform", 2, 0),
        ("post", 1, 1),
    ]
    assert [(r.key, r.sent, r.removed) for r in td.by_kind] == [
        ("cease_and_desist", 5, 1),
        ("notice.civil_code", 3, 2),
    ]
    # Time to takedown: 2 d, 0.5 d and 10 d.
    ttt = f.time_to_takedown
    assert ttt.count == 3 and ttt.median_days == approx(2.0, abs=1e-4)
    assert ttt.p90_days == approx(10.0, abs=1e-4)
    assert [b.count for b in ttt.buckets] == [1, 0, 1, 0, 1, 0, 0]
    # Repeats: t3 and t7 back after removal, t4 a known party's new site; 6 acted on + t4.
    r = f.repeats
    assert (r.acted_on, r.reappeared, r.known_party, r.repeat_targets, r.base) == (6, 2, 1, 3, 7)
    assert r.rate == approx(3 / 7)
    # Letters: a4 replied, a8 rejected (answered); a5 complied; a7 pending; a6 ignored.
    cd = f.cease_and_desist
    assert (cd.sent, cd.replied, cd.complied, cd.effective, cd.pending) == (5, 2, 1, 3, 1)
    assert cd.response_rate == approx(0.4) and cd.ineffective_share == approx(0.25)
    assert cd.guide_section == "II.1" and "over 60%" in cd.guide_quote
    # Captures: two this week (a failed one does not count), one three weeks ago.
    weeks = f.captures_by_week
    assert len(weeks) == 12 and weeks[-1].week == mm.iso_week(world.now.date())
    assert [w.count for w in weeks] == [0] * 8 + [1, 0, 0, 2]


def test_one_case_figures(db_url: str) -> None:
    world = build_world(db_url)
    f = figures_of(db_url, world, world.cases["c2"])
    assert f.scope == "case" and f.case_id == world.cases["c2"]
    assert (f.counts.open_cases, f.counts.deadlines_due, f.counts.actions_due) == (1, 0, 0)
    assert (f.takedown.sent, f.takedown.removed) == (3, 2)
    assert f.time_to_takedown.median_days == approx(5.25, abs=1e-4)
    r = f.repeats
    assert (r.acted_on, r.reappeared, r.known_party, r.base, r.rate) == (2, 1, 0, 2, 0.5)
    cd = f.cease_and_desist
    assert (cd.sent, cd.replied, cd.complied, cd.pending) == (2, 0, 1, 0)
    assert cd.ineffective_share == approx(0.5)
    assert sum(w.count for w in f.captures_by_week) == 1


def test_unknown_case_is_not_found(tmp_path: Path) -> None:
    from rightsguard.domain.errors import NotFound
    from rightsguard.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'rg.db'}"
    upgrade(url)
    with pytest.raises(NotFound, match="no case with id 42"):
        figures_of(url, World({}, {}, {}, datetime.now(UTC)), 42)


def test_an_outcome_recorded_through_the_service_counts(tmp_path: Path) -> None:
    from rightsguard.actions.replies import record
    from rightsguard.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'rg.db'}"
    upgrade(url)
    world = build_world(url)
    store = Store(url, "test")
    try:
        record(store, world.actions["a2"], outcome="removed", note="gone")
    finally:
        store.close()
    f = figures_of(url, world)
    assert (f.takedown.sent, f.takedown.removed) == (8, 4)
    top = f.takedown.by_provider[0]
    assert (top.key, top.removed) == ("JD IPR", 1)
    # a2 went out 20 days before it was recorded removed (just now).
    assert f.time_to_takedown.count == 4 and f.time_to_takedown.buckets[5].count == 1


def test_case_rows_for_the_portfolio_csv(tmp_path: Path) -> None:
    from rightsguard.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'rg.db'}"
    upgrade(url)
    world = build_world(url)
    engine = make_engine(url)
    with Session(engine) as s, s.begin():
        rows = {r.case_id: r for r in metrics.case_rows(s, world.now)}
    engine.dispose()
    c1, c2, c3 = (rows[world.cases[k]] for k in ("c1", "c2", "c3"))
    assert (c1.targets, c1.actions, c1.actions_sent, c1.takedowns) == (4, 6, 4, 1)
    assert (c1.letters_sent, c1.letters_answered, c1.repeat_targets) == (2, 1, 2)
    assert (c1.deadlines_due, c1.deadlines_overdue, c1.captures) == (2, 1, 2)
    assert c1.median_days_to_takedown == approx(2.0, abs=1e-4)
    assert (c2.actions_sent, c2.takedowns, c2.takedown_rate) == (3, 2, approx(2 / 3))
    assert (c3.status, c3.deadlines_due, c3.letters_answered) == ("closed", 0, 1)


# ---------------------------------------------------------------- pure parts


def test_histogram_edges_are_lower_inclusive() -> None:
    buckets = mm.histogram([0, 0.99, 1, 2.5, 7, 29.9, 30, 400])
    assert [b.count for b in buckets] == [2, 1, 1, 0, 1, 1, 2]
    assert (buckets[0].lo_days, buckets[0].hi_days, buckets[-1].hi_days) == (0, 1, None)


def test_weeks_fold_days_into_iso_weeks_and_keep_zeros() -> None:
    today = date(2025, 1, 1)  # a Wednesday in ISO week 2025-W01
    days = {date(2024, 12, 30): 2, date(2025, 1, 1): 1, date(2024, 12, 29): 5, date(2024, 1, 1): 9}
    weeks = mm.weekly(days, today, 3)
    assert [(w.week, w.count) for w in weeks] == [("2024-W51", 0), ("2024-W52", 5), ("2025-W01", 3)]
    assert weeks[0].start == date(2024, 12, 16)


def test_rates_medians_and_labels() -> None:
    assert mm.ratio(1, 0) is None and mm.ratio(1, 4) == 0.25
    assert mm.median([]) is None and mm.median([3, 1, 2, 10]) == 2.5
    assert mm.percentile([5, 1, 3], 50) == 3 and mm.percentile([1, 2], 90) == 2
    g = SentGroup("provider_notice", None, None, None, "a@B.Example", "smtp", 1, 0)
    assert mm.provider_label(g) == "b.example" and mm.channel_label(g) == "email"
    letter = SentGroup("cease_and_desist", None, None, "x", None, None, 1, 0)
    assert mm.provider_label(letter) is None and mm.channel_label(letter) == "?"
    cd = mm.cease_and_desist(mm.LetterCounts(10, 2, 1, 3, 2))
    assert cd.response_rate == 0.2 and cd.ineffective_share == approx(5 / 8)


def test_charts_escape_labels_and_parse_as_xml() -> None:
    evil = '<script>alert("x")</script> & 淘宝\x00'
    bars = bar_chart([Bar(evil, 0.5, "1/2")], title=evil, chart_id="a")
    cols = histogram([(evil, 3), ("b", 0)], title="h", chart_id="h")
    weeks = weekly_columns([("W01", 1), ("W02", 4)], title="w", chart_id="w")
    for svg in (bars, cols, weeks):
        assert "<script" not in svg and "\x00" not in svg
        root = ET.fromstring(svg)
        assert root.tag.endswith("svg") and "style" not in svg
    assert "&lt;script&gt;" in bars and "50%" in bars and "(1/2)" in bars
    assert "polyline" in weeks and "polyline" not in cols
    empty = bar_chart([], title="t", empty="暂无数据")
    assert "暂无数据" in empty and ET.fromstring(empty) is not None


# ---------------------------------------------------------------- the page and the API


@pytest.fixture(scope="module")
def dash(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Web, World]]:
    ws = make_web_workspace(tmp_path_factory.mktemp("dash") / "ws")
    world = build_world(ws.database_url)
    running = start_web(ws)
    yield running, world
    running.close()


def test_dashboard_page_in_both_languages(dash: tuple[Web, World]) -> None:
    web, world = dash
    c = web.client("analyst")
    zh = c.get("/?lang=zh-CN")
    assert zh.status_code == 200
    assert "下架成功率" in zh.text and "38%" in zh.text and "3/8" in zh.text
    assert "实务指南（II.1）" in zh.text and "25%" in zh.text
    assert f'href="/cases/{world.cases["c1"]}"' in zh.text and "极光耳机 仿冒店铺" in zh.text
    assert zh.text.count("<svg") == 5 and "<script>" not in zh.text  # no inline script
    en = c.get("/?lang=en")
    assert "Takedown success rate" in en.text and "practice guide (II.1)" in en.text
    assert 'id="card-open-cases"' in en.text and "2.0 days" in en.text
    assert ">e-mail<" in en.text  # channel names are translated in the chart
    assert web.client(None).get("/").status_code == 303


def test_dashboard_api_shape_and_errors(dash: tuple[Web, World]) -> None:
    web, world = dash
    c = web.client("liaison")
    body = c.get("/api/v1/dashboard").json()
    assert set(body) == {
        "scope",
        "case_id",
        "generated_at",
        "horizon_days",
        "counts",
        "deadlines",
        "takedown",
        "time_to_takedown",
        "repeats",
        "cease_and_desist",
        "captures_by_week",
    }
    assert body["scope"] == "portfolio" and body["counts"]["actions_due"] == 5
    assert body["takedown"]["by_channel"][0] == {
        "key": "email",
        "sent": 5,
        "removed": 2,
        "rate": 0.4,
    }
    assert len(body["captures_by_week"]) == 12 and body["deadlines"][0]["overdue"] is True
    one = c.get("/api/v1/dashboard", params={"case_id": world.cases["c2"]}).json()
    assert one["scope"] == "case" and one["takedown"]["sent"] == 3
    missing = c.get("/api/v1/dashboard", params={"case_id": 99999})
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    assert c.get("/api/v1/dashboard", params={"case_id": 0}).status_code == 422
    assert web.client(None).get("/api/v1/dashboard").status_code == 401
    schema = c.get("/api/openapi.json").json()
    answer = schema["paths"]["/api/v1/dashboard"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/Figures")
    assert "Takedown" in schema["components"]["schemas"]


def test_a_change_shows_once_the_figures_may_be_recomputed(dash: tuple[Web, World]) -> None:
    web, _ = dash
    app = web.server.config.app
    app.state.figures_cache = FiguresCache(min_interval=300, fresh_for=0)
    c = web.client("counsel")
    before = c.get("/api/v1/dashboard").json()
    store = Store(web.ws.database_url, "test")
    try:
        store.cases.new("A new case")
        # Within the minimum interval the figures computed a moment ago are kept…
        again = c.get("/api/v1/dashboard").json()
        assert again["generated_at"] == before["generated_at"]
        # …and once it has passed, the change shows.
        app.state.figures_cache.min_interval = 0
        after = c.get("/api/v1/dashboard").json()
        assert after["counts"]["open_cases"] == before["counts"]["open_cases"] + 1
        # Unchanged data is not recomputed.
        assert c.get("/api/v1/dashboard").json()["generated_at"] == after["generated_at"]
    finally:
        store.close()


def test_the_cache_asks_the_database_only_when_it_must(tmp_path: Path) -> None:
    from rightsguard.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'rg.db'}"
    upgrade(url)
    engine = make_engine(url)
    opened = []

    @contextmanager
    def session() -> Iterator[Session]:
        opened.append(1)
        with Session(engine) as s, s.begin():
            yield s

    cache = FiguresCache(max_age=0, min_interval=0, fresh_for=0)
    first = cache.get(session)
    assert cache.get(session) is not first and len(opened) == 2
    cache = FiguresCache()  # fresh for a second: not even the version is read
    assert cache.get(session) is cache.get(session) and len(opened) == 3
    cache = FiguresCache(fresh_for=0)  # the version is read, unchanged
    assert cache.get(session) is cache.get(session) and len(opened) == 5
    engine.dispose()
