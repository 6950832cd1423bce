"""The evidence index (证据目录) of a case, as DOCX and PDF, in Chinese and English."""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class IndexRow:
    number: int
    description: str
    source: str
    captured_at: datetime | None
    tsa_time: datetime | None
    sha256: str
    path: str  # inside the bundle
    #: The capture's clean-environment record in one line, (zh-CN, en) (cleanenv.summary).
    environment: tuple[str, str] = ("", "")


HEADERS = (
    ("序号", "No."),
    ("证据名称", "Item"),
    ("来源", "Source"),
    ("取证时间 (UTC)", "Collected (UTC)"),
    ("可信时间戳 (UTC)", "Trusted time (UTC)"),
    ("SHA-256", "SHA-256"),
)
TITLE = ("证据目录", "Evidence index")
CLEAN_TITLE = ("取证环境清洁性检查", "Clean-environment check of the captures")


def _clean_lines(rows: list[IndexRow]) -> list[tuple[str, str]]:
    return [
        (f"{r.number}. {r.environment[0]}", f"{r.number}. {r.environment[1]}")
        for r in rows
        if r.environment[0]
    ]


def _t(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else "—"


def _cells(row: IndexRow) -> list[str]:
    return [
        str(row.number),
        row.description,
        row.source,
        _t(row.captured_at),
        _t(row.tsa_time),
        row.sha256,
    ]


def index_docx(case_title: str, holder: str, generated: datetime, rows: list[IndexRow]) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Noto Sans CJK SC"
    style.font.size = Pt(9)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    doc.add_heading(f"{TITLE[0]} / {TITLE[1]}", level=1)
    doc.add_paragraph(f"案件 / Case: {case_title}")
    doc.add_paragraph(f"权利人 / Right holder: {holder}")
    doc.add_paragraph(f"生成时间 / Generated: {_t(generated)} UTC")
    table = doc.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, (zh, en) in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = f"{zh}\n{en}"
    for row in rows:
        for cell, value in zip(table.add_row().cells, _cells(row), strict=True):
            cell.text = value
    clean = _clean_lines(rows)
    if clean:
        doc.add_heading(f"{CLEAN_TITLE[0]} / {CLEAN_TITLE[1]}", level=2)
        for zh, en in clean:
            doc.add_paragraph(f"{zh}\n{en}")
    doc.add_paragraph(
        "每项证据的哈希、可信时间戳与账本证明可按随附 VERIFY.txt 独立核验。 / "
        "Each item's hash, trusted timestamp and ledger proof can be checked independently "
        "as VERIFY.txt explains."
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def index_html(case_title: str, holder: str, generated: datetime, rows: list[IndexRow]) -> str:
    e = html.escape
    head = "".join(f"<th>{e(zh)}<br>{e(en)}</th>" for zh, en in HEADERS)
    body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in _cells(r)) + "</tr>" for r in rows)
    clean = "".join(f"<li>{e(zh)}<br>{e(en)}</li>" for zh, en in _clean_lines(rows))
    if clean:
        clean = f"<h2>{e(CLEAN_TITLE[0])} / {e(CLEAN_TITLE[1])}</h2><ul>{clean}</ul>"
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<style>
@page {{ size: A4 landscape; margin: 14mm; }}
body {{ font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; font-size: 9pt; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 0.5pt solid #444; padding: 3pt; vertical-align: top; }}
td:last-child {{ font-family: monospace; font-size: 7pt; word-break: break-all; }}
</style></head><body>
<h1>{e(TITLE[0])} / {e(TITLE[1])}</h1>
<p>案件 / Case: {e(case_title)}<br>权利人 / Right holder: {e(holder)}<br>
生成时间 / Generated: {_t(generated)} UTC</p>
<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
{clean}
<p>每项证据的哈希、可信时间戳与账本证明可按随附 VERIFY.txt 独立核验。<br>
Each item's hash, trusted timestamp and ledger proof can be checked independently as
VERIFY.txt explains.</p></body></html>"""


def index_pdf(case_title: str, holder: str, generated: datetime, rows: list[IndexRow]) -> bytes:
    import weasyprint

    document = weasyprint.HTML(string=index_html(case_title, holder, generated, rows))
    pdf = document.write_pdf()
    assert pdf is not None
    return bytes(pdf)
