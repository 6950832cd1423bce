"""My queue: the signed-in person's cases, approvals, sends and deadlines."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from rightsguard.actions.drafting import COUNSEL_ONLY
from rightsguard.store.read import queries
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import render, rg, when

router = APIRouter(include_in_schema=False)


@router.get("/queue")
def queue_page(request: Request, caller: Annotated[Caller, Depends(require("view"))]) -> Response:
    assert caller.signed is not None
    with rg(request).reader().transaction() as session:
        queue = queries.work_queue(
            session,
            caller.signed.user.username,
            caller.signed.user.role,
            counsel_only=COUNSEL_ONLY,
        )
    return render(request, caller, "queue.html", queue=queue, when=when)
