"""Dashboard figures as JSON: the same numbers as the dashboard page and the reports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from rightsguard.store.read.metrics_math import Figures
from rightsguard.web.api.session import Problem
from rightsguard.web.auth import Caller, require
from rightsguard.web.pages.dashboard import current_figures

router = APIRouter(tags=["dashboard"])


@router.get(
    "/dashboard",
    response_model=Figures,
    responses={
        401: {"model": Problem, "description": "Not signed in."},
        404: {"model": Problem, "description": "No case with that id."},
        422: {"model": Problem, "description": "Invalid query parameter."},
    },
)
def dashboard(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    case_id: Annotated[
        int | None,
        Query(ge=1, le=2**63 - 1, description="One case's figures instead of the portfolio's."),
    ] = None,
) -> Figures:
    """Counts of what is due, the deadlines of the next 14 days, take-down success by
    provider, channel and document kind, time to takedown, repeat infringement,
    cease-and-desist response against the guide's figure, and captures per week."""
    return current_figures(request, case_id)
