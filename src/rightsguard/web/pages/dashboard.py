"""The dashboard: what is due, and how enforcement is going, with charts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from rightsguard.web.auth import Caller, require
from rightsguard.web.context import render, rg
from rightsguard.web.figures_view import channel_label, charts, days, percent
from rightsguard.web.metrics import DEADLINE_LIST, Figures, FiguresCache

router = APIRouter(include_in_schema=False)


def current_figures(request: Request, case_id: int | None = None) -> Figures:
    """The figures of the portfolio (or a case), from the app's cache when unchanged."""
    state = request.app.state
    cache = getattr(state, "figures_cache", None)
    if cache is None:
        cache = state.figures_cache = FiguresCache()
    with rg(request).reader().transaction() as session:
        return cache.get(session, case_id)


@router.get("/")
def dashboard_page(
    request: Request, caller: Annotated[Caller, Depends(require("view"))]
) -> Response:
    f = current_figures(request)
    return render(
        request,
        caller,
        "dashboard.html",
        f=f,
        charts=charts(f, caller.lang, "dash"),
        percent=percent,
        days=lambda v: days(v, caller.lang),
        channel_label=lambda k: channel_label(k, caller.lang),
        deadline_limit=DEADLINE_LIST,
    )
