"""Reports downloaded from the workbench: a case as HTML or PDF, the portfolio as
HTML, PDF or CSV, rendered by the same ``report`` package as ``rightsguard report``."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from rightsguard.report import render as reports
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import rg
from rightsguard.web.record_params import Id

router = APIRouter(include_in_schema=False)

MEDIA = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
}


def _download(body: bytes, name: str, fmt: str) -> Response:
    return Response(
        body,
        media_type=MEDIA[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{name}.{fmt}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


def _document(html: str, fmt: str) -> bytes:
    return reports.html_to_pdf(html) if fmt == "pdf" else html.encode("utf-8")


@router.get("/reports/cases/{case_id}.{fmt}")
def case_report(
    request: Request,
    case_id: Id,
    fmt: Literal["html", "pdf"],
    caller: Annotated[Caller, Depends(require("view"))],
) -> Response:
    with rg(request).reader().transaction() as session:
        html = reports.case_report(session, case_id, caller.lang)
    return _download(_document(html, fmt), f"report-case-{case_id}", fmt)


@router.get("/reports/portfolio.{fmt}")
def portfolio_report(
    request: Request,
    fmt: Literal["html", "pdf", "csv"],
    caller: Annotated[Caller, Depends(require("view"))],
) -> Response:
    with rg(request).reader().transaction() as session:
        html, rows = reports.portfolio_report(session, caller.lang)
    body = reports.csv_bytes(rows) if fmt == "csv" else _document(html, fmt)
    return _download(body, "report-portfolio", fmt)
