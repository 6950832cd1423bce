"""Target import: streaming, de-duplication, all-or-nothing, per-row rejections."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rightsguard.domain.errors import ImportRejected, InvalidValue, NotFound, UnreadableFile
from rightsguard.store import Store
from rightsguard.store.target_import import RowOutcome, import_targets


def _csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_import_normalises_dedupes_and_reports(store: Store, tmp_path: Path) -> None:
    case = store.cases.new("c")
    src = _csv(
        tmp_path / "t.csv",
        (
            "url,kind,control,title\n"
            "http://aurorix-outlet.cn/,domain,infringer,首页\n"
            "HTTP://AURORIX-OUTLET.CN:80/#x,domain,infringer,same page\n"
            "https://mall.example.cn/item/1,listing,third_party,极光 耳机\n"
            "\n"
            "例子.中国/路径,url,unknown,idn\n"
        ),
    )
    outcomes: list[RowOutcome] = []
    report = import_targets(store, src, case_id=case.id, on_row=outcomes.append)
    assert (report.rows, report.created, report.duplicates, report.rejected) == (4, 3, 1, [])
    by_row = {o.row: o.outcome for o in outcomes}
    assert by_row == {1: "created", 2: "duplicate", 3: "created", 4: "created"}
    urls = sorted(t.url for t in store.targets.list(case_id=case.id))
    assert urls == sorted(
        [
            "http://aurorix-outlet.cn/",
            "https://mall.example.cn/item/1",
            "http://xn--fsqu00a.xn--fiqs8s/%E8%B7%AF%E5%BE%84",
        ]
    )
    idn = next(t for t in store.targets.list() if t.host.startswith("xn--"))
    assert idn.original_url == "例子.中国/路径"
    # Importing again into the same case changes nothing; into another case links.
    again = import_targets(store, src, case_id=case.id)
    assert (again.created, again.linked, again.duplicates) == (0, 0, 4)
    other = store.cases.new("other")
    linked = import_targets(store, src, case_id=other.id)
    assert (linked.created, linked.linked) == (0, 3)
    verbs = [e.verb for e in store.events.list(case_id=case.id, limit=1000)]
    assert verbs.count("target.created") == 3 and verbs.count("targets.imported") == 2


def test_all_or_nothing_names_every_bad_row(store: Store, tmp_path: Path) -> None:
    src = _csv(
        tmp_path / "bad.csv",
        (
            "url,kind\n"
            "http://good.cn/,url\n"
            "ftp://bad.cn/,url\n"
            "http://good2.cn/,nonsense\n"
            "http://good3.cn/,url,extra\n"
            ",url\n"
        ),
    )
    with pytest.raises(ImportRejected) as info:
        import_targets(store, src, case_id=None)
    rows = [r for r, _ in info.value.rejections]
    assert rows == [2, 3, 4, 5]
    reasons = dict(info.value.rejections)
    assert "scheme 'ftp'" in reasons[2]
    assert "kind" in reasons[3] and "nonsense" in reasons[3]
    assert "3 fields" in reasons[4]
    assert "url" in reasons[5]
    assert "row 2" in info.value.message and "--partial" in info.value.message
    assert store.targets.list() == []
    assert store.events.list() == []


def test_partial_keeps_valid_rows(store: Store, tmp_path: Path) -> None:
    src = _csv(tmp_path / "bad.csv", "url\nhttp://good.cn/\nnot a url at all\nhttp://ok.cn/x\n")
    report = import_targets(store, src, case_id=None, partial=True)
    assert report.created == 2 and report.rejected[0][0] == 2 and report.committed
    assert len(store.targets.list()) == 2


def test_unknown_column_and_empty_file(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InvalidValue, match="'ulr'"):
        import_targets(store, _csv(tmp_path / "a.csv", "ulr\nx.cn\n"), case_id=None)
    with pytest.raises(UnreadableFile, match="empty"):
        import_targets(store, _csv(tmp_path / "b.csv", ""), case_id=None)
    with pytest.raises(UnreadableFile, match=r"missing\.csv"):
        import_targets(store, tmp_path / "missing.csv", case_id=None)
    with pytest.raises(NotFound, match="case"):
        import_targets(store, _csv(tmp_path / "c.csv", "url\nx.cn\n"), case_id=77)


def test_gb18030_csv_from_chinese_spreadsheet(store: Store, tmp_path: Path) -> None:
    src = _csv(tmp_path / "gbk.csv", "url,title\nhttp://x.cn/,极光官网旗舰店\n", "gb18030")
    import_targets(store, src, case_id=None)
    assert store.targets.list()[0].title == "极光官网旗舰店"


def test_json_and_jsonl(store: Store, tmp_path: Path) -> None:
    (tmp_path / "t.json").write_text(
        json.dumps(
            {
                "targets": [
                    {"url": "a.cn", "kind": "domain"},
                    {"url": "b.cn", "control": "infringer"},
                ]
            }
        )
    )
    assert import_targets(store, tmp_path / "t.json", case_id=None).created == 2
    (tmp_path / "t.jsonl").write_text('{"url": "c.cn"}\n{not json}\n[1]\n{"url": "d.cn", "x": 1}\n')
    with pytest.raises(ImportRejected) as info:
        import_targets(store, tmp_path / "t.jsonl", case_id=None)
    assert [r for r, _ in info.value.rejections] == [2, 3, 4]
    assert "'x'" in dict(info.value.rejections)[4]


def test_interrupt_mid_import_rolls_back(store: Store, tmp_path: Path) -> None:
    lines = "".join(f"http://site{i}.cn/\n" for i in range(50))
    src = _csv(tmp_path / "t.csv", "url\n" + lines)
    seen = 0

    def interrupt(outcome: RowOutcome) -> None:
        nonlocal seen
        seen += 1
        if seen == 30:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_targets(store, src, case_id=None, batch_size=10, on_row=interrupt)
    assert store.targets.list() == [] and store.events.list() == []
