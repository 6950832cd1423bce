"""The provider directory: platforms, hosts, registrars, authorities and their
complaint channels, searchable by name, key or domain, filterable by kind."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from rightsguard.domain.enums import ProviderKind
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import render, rg
from rightsguard.web.provider_list import load, search
from rightsguard.web.provider_words import provider_name, provider_note, requirement

router = APIRouter(include_in_schema=False)


@router.get("/providers")
def providers_page(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    q: Annotated[str, Query(max_length=200)] = "",
    kind: Annotated[ProviderKind | None, Query()] = None,
) -> Response:
    ctx = rg(request)
    items = load(ctx.ws, ctx.reader().providers.list(), sandbox=ctx.use_sandbox)
    found = search(items, q, kind.value if kind else "")
    return render(
        request,
        caller,
        "providers.html",
        providers=found,
        total=len(items),
        q=q,
        kind=kind.value if kind else "",
        kinds=[k.value for k in ProviderKind],
        provider_name=provider_name,
        provider_note=provider_note,
        requirement=requirement,
    )
