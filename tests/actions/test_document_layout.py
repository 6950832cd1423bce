"""Layout of the drafted documents: in the PDF no table row is split across pages and
no heading ends a page; the DOCX is A4 in the PDF's fonts. Pages are read back with
poppler's pdftotext, one page at a time."""

from __future__ import annotations

import copy
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from rightsguard.actions.render import (
    DOCUMENT_FONT,
    HEADING_FONT,
    blocks,
    environment,
    html_to_docx,
    html_to_pdf,
    render_html,
)
from rightsguard.actions.sample import sample_context as golden_context

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")

ROWS = 36


def long_context(lang: str) -> dict[str, Any]:
    """The golden case with many links, each with a reason long enough to make its row
    several lines tall, starting with BEGnnn and ending with ENDnnn."""
    ctx = golden_context("notice.ecommerce", lang)
    base = ctx["targets"][0]
    ctx["targets"] = []
    for i in range(ROWS):
        target = copy.deepcopy(base)
        sentence = (
            "该链接页面销售使用注册商标的侵权商品。" if lang == "zh-CN" else "It sells fakes. "
        )
        filler = sentence * ((5 + i % 5) * (1 if lang == "zh-CN" else 3))
        target.update(
            id=i + 1,
            no=i + 1,
            url=f"http://shop{i}.example.cn/item",
            reason=f"BEG{i:03d} {filler} END{i:03d}",
        )
        ctx["targets"].append(target)
    return ctx


def render(lang: str, strip_rules: bool = False) -> tuple[str, bytes]:
    html = render_html(
        environment(), "notice.ecommerce", lang, {**long_context(lang), "title": "LAYOUT"}
    )
    if strip_rules:  # the control: the same document without the keep-together rules
        html = re.sub(r"(break|page-break)-(inside|after): avoid;", "", html)
    return html, html_to_pdf(html)


def pages(pdf: bytes, tmp: Path) -> list[str]:
    path = tmp / "doc.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    count = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


def split_rows(texts: list[str]) -> list[int]:
    """The rows whose first line and last line are on different pages."""
    split = []
    for i in range(ROWS):
        start = [n for n, t in enumerate(texts) if f"BEG{i:03d}" in t]
        end = [n for n, t in enumerate(texts) if f"END{i:03d}" in t]
        assert start and end, f"row {i} not found"
        if start != end:
            split.append(i)
    return split


def orphaned_headings(html: str, texts: list[str]) -> list[str]:
    """Headings that are the last line of a page (except the last page)."""
    headings = {value for kind, value in blocks(html) if kind in ("h1", "h2")}
    orphans = []
    for text in texts[:-1]:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines and lines[-1] in headings:
            orphans.append(lines[-1])
    return orphans


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_rows_are_not_split_and_headings_not_orphaned(lang: str, tmp_path: Path) -> None:
    html, pdf = render(lang)
    texts = pages(pdf, tmp_path)
    assert len(texts) >= 3  # long enough for the question to arise
    assert split_rows(texts) == []
    assert orphaned_headings(html, texts) == []


def test_the_row_check_sees_a_split_row_without_the_rules(tmp_path: Path) -> None:
    _, pdf = render("zh-CN", strip_rules=True)
    assert split_rows(pages(pdf, tmp_path))


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_docx_is_a4_in_the_pdf_fonts(lang: str, tmp_path: Path) -> None:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Mm

    html, pdf = render(lang)
    document = docx.Document(io.BytesIO(html_to_docx(html)))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    used: set[str] = set()
    paragraphs = list(document.paragraphs) + [
        p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs
    ]
    for paragraph in paragraphs:
        style = paragraph.style
        for run in paragraph.runs:
            name = run.font.name or style.font.name
            fonts = style.element.rPr.rFonts
            assert fonts.get(qn("w:eastAsia")) == name, (style.name, name)
            used.add(name)
    assert used == {DOCUMENT_FONT, HEADING_FONT}
    rows = [row for t in document.tables for row in t.rows]
    assert rows and all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    listed = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    embedded = listed.stdout
    for name in used:
        assert name.replace(" ", "") in embedded.replace("-", ""), (name, embedded)
