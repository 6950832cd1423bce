"""Watchlists over feeds, and triage in bulk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rightsguard.cli.main import app
from rightsguard.discover.watchlist import Watch, run_watch, sources
from rightsguard.domain.errors import InvalidValue

runner = CliRunner()


def test_keywords_pick_rows_from_csv_json_and_urls(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(
        "url,title\nhttp://x.cn/1,极光耳机 正品\nhttp://x.cn/2,other phone\n"
        "http://x.cn/3,AURORIX watch\n",
        encoding="utf-8",
    )
    (tmp_path / "b.json").write_text(
        json.dumps(
            {"items": [{"url": "http://y.cn/9", "title": "jiguang 官网"}, {"url": "http://y.cn/8"}]}
        )
    )
    fetched = []

    def fetch(url: str) -> bytes:
        fetched.append(url)
        return b"url,title\nhttp://z.cn/5,aurorix outlet\n"

    watch = Watch(
        "brand",
        ("极光", "aurorix", "jiguang"),
        (
            f"csv:{tmp_path / 'a.csv'}",
            f"json:{tmp_path / 'b.json'}",
            "csv:https://feeds.example/x.csv",
        ),
    )
    rows = run_watch(watch, sources(fetch))
    assert [r["url"] for r in rows] == [
        "http://x.cn/1",
        "http://x.cn/3",
        "http://y.cn/9",
        "http://z.cn/5",
    ]
    assert "keyword '极光'" in rows[0]["note"] and fetched == ["https://feeds.example/x.csv"]
    with pytest.raises(InvalidValue, match="'rss:x'"):
        run_watch(Watch("w", ("a",), ("rss:x",)), sources(fetch))


def test_watch_run_and_triage_cli(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    base = ["--workspace", str(ws)]
    runner.invoke(app, [*base, "case", "new", "watching"])
    feed = tmp_path / "feed.csv"
    feed.write_text(
        "url,title,platform\nhttp://m.cn/i/1,极光 手表,m\n"
        "http://m.cn/i/2,无关商品,m\nhttp://m.cn/i/3,AURORIX band,m\n",
        encoding="utf-8",
    )
    added = runner.invoke(
        app,
        [
            *base,
            "watch",
            "add",
            "brand",
            "--keyword",
            "极光",
            "--keyword",
            "aurorix",
            "--feed",
            f"csv:{feed}",
        ],
    )
    assert added.exit_code == 0, added.output
    ran = runner.invoke(app, [*base, "watch", "run", "brand", "--case", "1", "--json"])
    assert ran.exit_code == 0, ran.output
    result = json.loads(ran.stdout)
    assert result["import"]["created"] == 2
    again = json.loads(
        runner.invoke(app, [*base, "watch", "run", "brand", "--case", "1", "--json"]).stdout
    )
    assert again["import"]["created"] == 0 and again["import"]["duplicates"] == 2
    triaged = runner.invoke(
        app, [*base, "triage", "1", "--confirm", "1", "--dismiss", "2", "--json"]
    )
    assert triaged.exit_code == 0, triaged.output
    assert [t["status"] for t in json.loads(triaged.stdout)] == ["confirmed", "dismissed"]
    missing = runner.invoke(app, [*base, "watch", "run", "nope", "--case", "1"])
    assert missing.exit_code == 2 and "no watch" in missing.stderr
    stranger = runner.invoke(app, [*base, "triage", "1", "--confirm", "99"])
    assert stranger.exit_code == 2 and "not in case 1" in stranger.stderr
