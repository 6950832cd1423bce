"""Rights: the portfolio the cases rest on, and registering one."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from rightsguard.domain.enums import RightKind
from rightsguard.domain.errors import InvalidValue
from rightsguard.domain.rights import make_right_draft
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import render, rg
from rightsguard.web.pages.cases import back, flash_of

router = APIRouter(include_in_schema=False)


def _date(name: str, text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(name, f"{text!r} is not a date (YYYY-MM-DD)") from None


@router.get("/rights")
def rights_page(request: Request, caller: Annotated[Caller, Depends(require("view"))]) -> Response:
    rights = rg(request).reader().rights.list()
    return render(
        request,
        caller,
        "rights.html",
        rights=rights,
        kinds=[k.value for k in RightKind],
        **flash_of(request),
    )


@router.post("/rights")
def rights_add(
    request: Request,
    caller: Annotated[Caller, Depends(require("right.write"))],
    kind: Annotated[str, Form(max_length=32)],
    name: Annotated[str, Form(max_length=500)],
    owner: Annotated[str, Form(max_length=500)],
    jurisdiction: Annotated[str, Form(max_length=8)] = "CN",
    registration_number: Annotated[str, Form(max_length=100)] = "",
    expires_on: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    draft = make_right_draft(
        kind=kind,
        name=name,
        jurisdiction=jurisdiction,
        owner=owner,
        registration_number=registration_number or None,
        expires_on=_date("expires_on", expires_on),
    )
    right = rg(request).store(caller).rights.add(draft)
    return back("/rights", f"{right.id} · {right.name}")
