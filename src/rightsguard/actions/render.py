"""Documents from templates: HTML, then PDF (WeasyPrint), DOCX (python-docx)
and e-mail text, all from the same HTML so the forms never drift apart.

Templates are Jinja2 files ``<kind>.<lang>.html.j2`` shipped in
``actions/templates``; a folder ``templates/`` in the workspace overrides any
of them by name.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateNotFound,
    UndefinedError,
    pass_context,
)
from jinja2.runtime import Context

from rightsguard.actions.formats import format_amount, format_day, format_time, total_amount
from rightsguard.domain.errors import InvalidValue

LANGS = ("zh-CN", "en")


@functools.lru_cache(maxsize=8)
def environment(override: Path | None = None) -> Environment:
    """The template environment (compiled templates are cached with it)."""
    loaders: list[Any] = []
    if override is not None and override.is_dir():
        loaders.append(FileSystemLoader(str(override)))
    loaders.append(PackageLoader("rightsguard.actions", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["day"] = _day
    env.filters["moment"] = _moment
    env.filters["rmb"] = format_amount
    env.filters["rmb_total"] = total_amount
    return env


@pass_context
def _day(ctx: Context, value: Any, lang: str | None = None) -> str:
    """``{{ today | day }}``: the day in the document's language (2026年12月5日); macros
    imported without the context name the language: ``day("zh-CN")``."""
    return format_day(value, lang or str(ctx.get("lang", "en")))


@pass_context
def _moment(ctx: Context, value: Any, lang: str | None = None) -> str:
    """``{{ e.tsa_time | moment }}``: the time in Beijing time, in the document's language."""
    return format_time(value, lang or str(ctx.get("lang", "en")))


class OptionalFacts(dict[str, Any]):
    """Case facts for templates: a fact nobody supplied reads as empty, so a template
    can say "(to be set)"; required facts are enforced before rendering instead."""

    def __missing__(self, key: str) -> None:
        return None


def render_html(env: Environment, kind_id: str, lang: str, context: dict[str, Any]) -> str:
    context = {**context, "facts": OptionalFacts(context.get("facts") or {})}
    if lang not in LANGS:
        raise InvalidValue("--lang", f"{lang!r} is not one of {', '.join(LANGS)}")
    try:
        return env.get_template(f"{kind_id}.{lang}.html.j2").render(**context, lang=lang)
    except TemplateNotFound:
        raise InvalidValue("--lang", f"no {lang} template for {kind_id}") from None
    except UndefinedError as exc:
        raise InvalidValue("template", f"{kind_id}.{lang}: {exc.message}") from None


def html_to_pdf(html: str) -> bytes:
    import weasyprint  # on use: it takes half a second to import, and every CLI start loads us

    pdf = weasyprint.HTML(string=html).write_pdf()
    assert pdf is not None
    return bytes(pdf)


@dataclass
class _Block:
    tag: str
    text: list[str]


class _Blocks(HTMLParser):
    """Headings, paragraphs, list items and tables, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, Any]] = []
        self._block: _Block | None = None
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._skip = 0
        self._list: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "title", "head"):
            self._skip += 1
        elif tag in ("h1", "h2", "p", "li"):
            kind = f"li-{self._list[-1] if self._list else 'ul'}" if tag == "li" else tag
            self._block = _Block(kind, [])
        elif tag in ("ol", "ul"):
            self._list.append(tag)
        elif tag == "table":
            self._table = []
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br":
            target = (
                self._cell
                if self._cell is not None
                else (self._block.text if self._block else None)
            )
            if target is not None:
                target.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "head"):
            self._skip -= 1
        elif tag in ("h1", "h2", "p", "li") and self._block is not None:
            text = re.sub(
                r"[ \t]*\n[ \t]*", "\n", re.sub(r"[ \t\r]+", " ", "".join(self._block.text))
            ).strip()
            if text:
                self.items.append((self._block.tag, text))
            self._block = None
        elif tag in ("ol", "ul") and self._list:
            self._list.pop()
        elif tag in ("td", "th") and self._cell is not None and self._table:
            self._table[-1].append(" ".join("".join(self._cell).split(" ")).strip())
            self._cell = None
        elif tag == "table" and self._table is not None:
            self.items.append(("table", [r for r in self._table if r]))
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._cell is not None:
            self._cell.append(data.replace("\n", " "))
        elif self._block is not None:
            self._block.text.append(data.replace("\n", " "))


def blocks(html: str) -> list[tuple[str, Any]]:
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser.items


def html_to_text(html: str) -> str:
    out: list[str] = []
    number = 0
    for kind, value in blocks(html):
        if kind == "table":
            out.extend(" | ".join(row) for row in value)
            out.append("")
            continue
        if kind == "li-ol":
            number += 1
            out.append(f"{number}. {value}")
            continue
        number = 0
        if kind == "li-ul":
            out.append(f"- {value}")
        elif kind == "h1":
            out += [value, "=" * min(60, len(value) * 2), ""]
        else:
            out += [value, ""]
    return "\n".join(out).strip() + "\n"


#: The PDF's fonts (``_base.html.j2``), as fonts-noto-cjk installs them.
DOCUMENT_FONT = "Noto Serif CJK SC"
HEADING_FONT = "Noto Sans CJK SC"
DOCX_STYLES = ("Normal", "Heading 1", "Heading 2", "List Number", "List Bullet", "Table Grid")


def html_to_docx(html: str) -> bytes:
    """The document as DOCX: A4 with the PDF's margins and fonts; headings kept with
    what follows them and table rows never split across pages, as in the PDF."""
    # on use: python-docx adds 50 ms to every CLI start, which loads this module
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(22)
    section.left_margin = section.right_margin = Mm(20)
    for name in DOCX_STYLES:
        style = doc.styles[name]
        font_name = HEADING_FONT if name.startswith("Heading") else DOCUMENT_FONT
        style.font.name = font_name
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), font_name)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        if name.startswith("Heading"):
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.paragraph_format.keep_with_next = True
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.styles["Heading 1"].font.size = Pt(16)
    doc.styles["Heading 2"].font.size = Pt(11)
    for kind, value in blocks(html):
        if kind == "h1":
            doc.add_heading(value, level=1).alignment = 1  # centred, as in the PDF
        elif kind == "h2":
            doc.add_heading(value, level=2)
        elif kind == "table":
            width = max(len(r) for r in value)
            table = doc.add_table(rows=0, cols=width)
            table.style = "Table Grid"
            for index, row in enumerate(value):
                added = table.add_row()
                props = added._tr.get_or_add_trPr()
                props.append(OxmlElement("w:cantSplit"))
                if index == 0:
                    props.append(OxmlElement("w:tblHeader"))
                for cell, text in zip(added.cells, row, strict=False):
                    cell.text = text
        elif kind == "li-ol":
            doc.add_paragraph(value, style="List Number")
        elif kind == "li-ul":
            doc.add_paragraph(value, style="List Bullet")
        else:
            doc.add_paragraph(value)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
