"""The dashboard: what is due, and how enforcement is going, with charts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from markupsafe import Markup

from rightsguard.domain.roles import allowed
from rightsguard.report.figures_view import channel_label, charts, days, percent
from rightsguard.store.read.figures_cache import FiguresCache
from rightsguard.store.read.metrics_math import DEADLINE_LIST, Figures
from rightsguard.store.rights import rights_in
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import render, rg

router = APIRouter(include_in_schema=False)


def current_figures(request: Request, case_id: int | None = None) -> Figures:
    """The figures of the portfolio (or a case), from the app's cache when unchanged."""
    state = request.app.state
    cache = getattr(state, "figures_cache", None)
    if cache is None:
        cache = state.figures_cache = FiguresCache()
    return cache.get(rg(request).reader().transaction, case_id)


def current_charts(request: Request, f: Figures, lang: str) -> dict[str, Markup]:
    """The charts of ``f`` in ``lang``, drawn once per computation of the figures."""
    kept: dict[str, tuple[Figures, dict[str, Markup]]] = request.app.state.__dict__.setdefault(
        "dashboard_charts", {}
    )
    drawn = kept.get(lang)
    if drawn is None or drawn[0] is not f:
        drawn = kept[lang] = (f, charts(f, lang, "dash"))
    return drawn[1]


@router.get("/")
def dashboard_page(
    request: Request, caller: Annotated[Caller, Depends(require("view"))]
) -> Response:
    f = current_figures(request)
    with rg(request).reader().transaction() as session:
        rights = rights_in(session) if allowed("case.write", caller.role) else []
    return render(
        request,
        caller,
        "dashboard.html",
        f=f,
        charts=current_charts(request, f, caller.lang),
        percent=percent,
        days=lambda v: days(v, caller.lang),
        channel_label=lambda k: channel_label(k, caller.lang),
        deadline_limit=DEADLINE_LIST,
        rights=rights,
    )
