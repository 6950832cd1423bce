"""Reports downloaded from the workbench (#20): a case as HTML or PDF, the portfolio
as HTML, PDF or CSV, through the same renderer as ``rightsguard report``."""

from __future__ import annotations

import csv
import io
from contextlib import closing

from webkit import Web

from rightsguard.store import open_store


def test_case_and_portfolio_reports_download(web: Web) -> None:
    with closing(open_store(web.ws)) as st:
        case = st.cases.new("报告下载测试")
    c = web.client("analyst")
    page = c.get(f"/cases/{case.id}").text
    assert f'href="/reports/cases/{case.id}.pdf"' in page
    assert 'href="/reports/portfolio.csv"' in c.get("/").text
    html = c.get(f"/reports/cases/{case.id}.html", params={"lang": "zh-CN"})
    assert html.status_code == 200 and "报告下载测试" in html.text
    assert f'filename="report-case-{case.id}.html"' in html.headers["content-disposition"]
    pdf = c.get(f"/reports/cases/{case.id}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    table = c.get("/reports/portfolio.csv")
    assert table.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(table.content.decode("utf-8-sig"))))
    assert [r["title"] for r in rows if r["title"] == "报告下载测试"] == ["报告下载测试"]
    assert c.get(f"/reports/cases/{case.id}.docx").status_code == 422
    assert c.get("/reports/cases/999999.html").status_code == 404
    assert web.client(None).get("/reports/portfolio.csv").status_code in (303, 401)
