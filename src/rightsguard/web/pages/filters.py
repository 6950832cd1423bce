"""Saved filters of the targets and actions lists, each user's own."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from rightsguard.i18n import translate
from rightsguard.store.saved_filters import delete_filter, save_filter
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import rg
from rightsguard.web.pages.cases import back
from rightsguard.web.record_params import Id

router = APIRouter(include_in_schema=False)


@router.post("/filters")
def filter_save(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    list_name: Annotated[str, Form(alias="list", max_length=16)],
    name: Annotated[str, Form(max_length=200)],
    query: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    saved = save_filter(rg(request).store(caller), caller.username, list_name, name, query)
    return back(saved.href, translate("filters.saved", caller.lang))


@router.post("/filters/{filter_id}/delete")
def filter_delete(
    request: Request, filter_id: Id, caller: Annotated[Caller, Depends(require("view"))]
) -> Response:
    list_name = delete_filter(rg(request).store(caller), caller.username, filter_id)
    return back(f"/{list_name}", translate("filters.deleted", caller.lang))
