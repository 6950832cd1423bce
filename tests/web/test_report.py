"""``rightsguard report``: a case as HTML and PDF, the portfolio as HTML and CSV, and
the errors a user can make."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from dashkit import World, build_world
from typer.testing import CliRunner

from rightsguard.cli.main import app
from rightsguard.workspace import init_workspace

runner = CliRunner()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World]:
    root = tmp_path_factory.mktemp("report") / "ws"
    ws = init_workspace(root)
    return root, build_world(ws.database_url)


def rg(root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--workspace", str(root), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_case_report_as_html(world: tuple[Path, World], tmp_path: Path) -> None:
    root, w = world
    out = tmp_path / "case.html"
    code, stdout, _ = rg(root, "report", str(w.cases["c1"]), "-o", str(out), "--lang", "zh-CN")
    assert code == 0 and "case.html" in stdout
    html = out.read_text(encoding="utf-8")
    assert "案件报告" in html and "极光耳机 仿冒店铺" in html
    assert "https://shop-t1.test/item" in html and "https://shop-t5.test/item" not in html
    assert "follow-up c1 -2d" in html and "已逾期" in html  # its deadlines
    assert "action.reply_received" in html  # its timeline
    assert html.count("<svg") == 5 and "实务指南（II.1）" in html
    # The case's own figures: 4 of its actions sent, 1 removed.
    assert "1/4" in html and "25%" in html


def test_case_report_as_pdf_keeps_the_chinese(world: tuple[Path, World], tmp_path: Path) -> None:
    import pypdf

    root, w = world
    out = tmp_path / "case.pdf"
    code, _, _ = rg(root, "report", str(w.cases["c1"]), "-o", str(out), "--lang", "zh-CN")
    assert code == 0 and out.read_bytes().startswith(b"%PDF")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert "极光耳机" in text and "下架成功率" in text and "shop-t1.test" in text


def test_portfolio_report_and_csv(world: tuple[Path, World], tmp_path: Path) -> None:
    root, w = world
    out, table = tmp_path / "all.html", tmp_path / "all.csv"
    code, _, _ = rg(
        root, "report", "--portfolio", "-o", str(out), "--csv", str(table), "--lang", "en"
    )
    assert code == 0
    html = out.read_text(encoding="utf-8")
    assert "Portfolio report" in html and "Closed &lt;case&gt; &amp; co" in html
    assert "3/8" in html and "practice guide (II.1)" in html
    raw = table.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, for spreadsheet programs
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    by_id = {int(r["case_id"]): r for r in rows}
    assert set(by_id) == set(w.cases.values())
    c1, c2 = by_id[w.cases["c1"]], by_id[w.cases["c2"]]
    assert (c1["title"], c1["targets"], c1["actions_sent"], c1["takedowns"]) == (
        "极光耳机 仿冒店铺",
        "4",
        "4",
        "1",
    )
    assert (c1["takedown_rate"], c1["deadlines_due"], c1["deadlines_overdue"]) == (
        "0.2500",
        "2",
        "1",
    )
    assert (c2["takedown_rate"], c2["median_days_to_takedown"], c2["assignee"]) == (
        "0.6667",
        "5.2500",
        "",
    )


def test_mistakes_are_named_with_exit_code_2(world: tuple[Path, World], tmp_path: Path) -> None:
    root, w = world
    code, _, err = rg(root, "report", "999999", "-o", str(tmp_path / "x.html"))
    assert code == 2 and "no case with id 999999" in err
    assert not (tmp_path / "x.html").exists()
    code, _, err = rg(root, "report")
    assert code == 2 and "--portfolio" in err
    code, _, err = rg(root, "report", str(w.cases["c1"]), "--csv", str(tmp_path / "x.csv"))
    assert code == 2 and "--csv" in err
    code, _, err = rg(root, "report", "--portfolio", "-o", str(tmp_path / "x.txt"))
    assert code == 2 and ".html or .pdf" in err
    code, _, err = rg(root, "report", "--portfolio", "--lang", "fr", "-o", str(tmp_path / "y.html"))
    assert code == 2 and "zh-CN or en" in err
