"""The audit trail: every event, who did it, filterable."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from rightsguard.store.read import queries
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import render, rg, when

router = APIRouter(include_in_schema=False)


@router.get("/audit")
def audit_page(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    actor: Annotated[str, Query(max_length=200)] = "",
    verb: Annotated[str, Query(max_length=60)] = "",
    entity: Annotated[str, Query(max_length=40)] = "",
    case_id: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    with rg(request).reader().transaction() as session:
        page = queries.event_page(
            session,
            actor=actor or None,
            verb=verb or None,
            entity=entity or None,
            case_id=case_id,
            offset=offset,
        )
    return render(
        request,
        caller,
        "audit.html",
        page=page,
        actor=actor,
        verb=verb,
        entity=entity,
        case_id=case_id or "",
        when=when,
    )
