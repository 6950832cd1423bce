"""The header's search box: one page of hits in rights, cases, targets, parties and
actions (``store.read.search``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from rightsguard.store.read.search import MAX_QUERY, search_all
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import render, rg

router = APIRouter(include_in_schema=False)


@router.get("/search")
def search_page(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    q: Annotated[str, Query(max_length=MAX_QUERY)] = "",
) -> Response:
    with rg(request).reader().transaction() as session:
        found = search_all(session, q)
    return render(request, caller, "search.html", q=q, found=found)
