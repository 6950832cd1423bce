"""Reports: one case, or the whole portfolio, as HTML or PDF, and the portfolio as CSV.

The figures are the dashboard's (``store.read.metrics``), and so are the charts
(``report.figures_view``, which the dashboard page draws with too); what a case
report lists is read by ``store.read.case_report``; the templates are under
``report/templates``. PDFs are drawn by WeasyPrint with the CJK fonts the project
installs, as the action documents are.

Public surface: ``case_report``, ``portfolio_report`` (HTML text), ``write_report``
(HTML or PDF by the file's suffix) and ``write_csv``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from rightsguard.actions.render import html_to_pdf as render_pdf
from rightsguard.domain.errors import InvalidValue
from rightsguard.i18n import translate
from rightsguard.report.figures_view import channel_label, charts, days, percent
from rightsguard.store.db import Unit
from rightsguard.store.models import ActionRow, utcnow
from rightsguard.store.read.case_report import MAX_EVENTS, read_case_record
from rightsguard.store.read.metrics import case_rows, figures
from rightsguard.store.read.metrics_math import CaseRowFigures, Figures

TEMPLATES = Path(__file__).parent / "templates"
FORMATS = (".html", ".htm", ".pdf")


def _environment(lang: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        lang=lang,
        t=lambda key: translate(key, lang),
        percent=percent,
        days=lambda v: days(v, lang),
        channel_label=lambda k: channel_label(k, lang),
        when=lambda v: v.strftime("%Y-%m-%d %H:%M") if isinstance(v, datetime) else "",
    )
    return env


def _render(template: str, lang: str, f: Figures, **values: Any) -> str:
    return (
        _environment(lang)
        .get_template(template)
        .render(f=f, charts=charts(f, lang, "rep"), **values)
    )


def case_report(session: Unit, case_id: int, lang: str, now: datetime | None = None) -> str:
    """The case, its rights, targets, actions, timeline and deadlines, and its figures."""
    now = now or utcnow()
    record = read_case_record(session, case_id)
    f = figures(session, case_id, now)
    return _render(
        "case.html",
        lang,
        f,
        case=record.case,
        rights=record.rights,
        targets=record.targets,
        target_total=record.target_total,
        actions=[_action(a) for a in record.actions],
        events=record.events,
        event_limit=MAX_EVENTS,
        deadlines=record.deadlines,
        now=now,
    )


def _action(row: ActionRow) -> dict[str, Any]:
    data = row.data or {}
    recipient = data.get("recipient") or {}
    dispatch = data.get("dispatch") or {}
    channel = {"smtp": "email"}.get(dispatch.get("channel") or "", dispatch.get("channel"))
    return {
        "id": row.id,
        "type": row.type,
        "kind": data.get("kind") or row.type,
        "status": row.status,
        "recipient": recipient.get("name") or recipient.get("email") or "",
        "channel": channel or "",
        "sent_at": row.sent_at,
        "targets": len(row.target_ids or []),
    }


def portfolio_report(
    session: Unit, lang: str, now: datetime | None = None
) -> tuple[str, list[CaseRowFigures]]:
    """The portfolio's figures and charts, and one line per case; also returns the lines."""
    now = now or utcnow()
    f = figures(session, None, now)
    rows = case_rows(session, now)
    return _render("portfolio.html", lang, f, rows=rows, now=now), rows


def html_to_pdf(html: str) -> bytes:

    return render_pdf(html)


def check_output(path: Path) -> None:
    if path.suffix.lower() not in FORMATS:
        raise InvalidValue("--output", f"{path.name}: give a .html or .pdf file name")


def write_report(path: Path, html: str) -> Path:
    """Write the report as HTML or PDF, chosen by ``path``'s suffix."""
    check_output(path)
    data = html_to_pdf(html) if path.suffix.lower() == ".pdf" else html.encode("utf-8")
    _write(path, data)
    return path


CSV_FIELDS = tuple(CaseRowFigures.model_fields)


def csv_bytes(rows: Sequence[CaseRowFigures]) -> bytes:
    """One row per case; rates as fractions (0-1), empty when nothing to divide; UTF-8
    with a byte-order mark so that spreadsheet programs read the Chinese titles."""
    lines: list[list[str]] = [list(CSV_FIELDS)]
    for row in rows:
        values = row.model_dump()
        lines.append([_cell(values[name]) for name in CSV_FIELDS])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    return buffer.getvalue().encode("utf-8-sig")


def write_csv(path: Path, rows: Sequence[CaseRowFigures]) -> Path:
    """The CSV of ``csv_bytes`` written to ``path``."""
    _write(path, csv_bytes(rows))
    return path


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value  # a spreadsheet would run a cell that starts like a formula
    return str(value)


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(path.name + ".part")
        temp.write_bytes(data)
        temp.replace(path)
    except OSError as exc:
        raise InvalidValue("output", f"cannot write {path}: {exc.strerror or exc}") from None
