"""The evidence page (to be filled in)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from rightsguard.web.auth import Caller, require
from rightsguard.web.context import render

router = APIRouter(include_in_schema=False)


@router.get("/evidence")
def evidence_page(
    request: Request, caller: Annotated[Caller, Depends(require("view"))]
) -> Response:
    return render(request, caller, "stub.html", heading="nav.evidence")
