"""Parties: the list, and a party page with the graph of its targets and the
observables that link them, and the merge and split of ``rightsguard parties``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from rightsguard.domain.errors import InvalidValue
from rightsguard.i18n import translate
from rightsguard.store.parties import PartyRepo
from rightsguard.store.read.records import party_page
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import render, rg
from rightsguard.web.pages.cases import back, flash_of
from rightsguard.web.party_graph import party_graph
from rightsguard.web.record_params import MAX_ID, Id, Offset

router = APIRouter(include_in_schema=False)
Reason = Annotated[str, Form(min_length=1, max_length=2000)]


@router.get("/parties")
def parties_page(
    request: Request, caller: Annotated[Caller, Depends(require("view"))], offset: Offset = 0
) -> Response:
    with rg(request).reader().transaction() as session:
        page = party_page(session, offset=offset)
    return render(request, caller, "parties.html", page=page)


@router.get("/parties/{party_id}")
def party_detail(
    request: Request, caller: Annotated[Caller, Depends(require("view"))], party_id: Id
) -> Response:
    st = rg(request).reader()
    detail = PartyRepo(st).detail(party_id)
    targets = st.targets.list(ids=list(detail.target_ids)) if detail.target_ids else []
    graph = party_graph({t.id: t.url for t in targets}, detail.links)
    return render(
        request,
        caller,
        "party.html",
        detail=detail,
        party=detail.party,
        targets=targets,
        graph=graph,
        **flash_of(request),
    )


@router.post("/parties/{party_id}/merge")
def party_merge(
    request: Request,
    caller: Annotated[Caller, Depends(require("party.edit"))],
    party_id: Id,
    other: Annotated[int, Form(ge=1, le=MAX_ID)],
    reason: Reason,
) -> Response:
    PartyRepo(rg(request).store(caller)).merge(party_id, other, reason=reason.strip())
    return back(
        f"/parties/{party_id}",
        translate("flash.party_merged", caller.lang, other=other, party=party_id),
    )


@router.post("/parties/{party_id}/split")
def party_split(
    request: Request,
    caller: Annotated[Caller, Depends(require("party.edit"))],
    party_id: Id,
    reason: Reason,
    targets: Annotated[list[int] | None, Form()] = None,
    label: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    if not targets:
        raise InvalidValue("targets", "tick the targets that belong to another party")
    new = PartyRepo(rg(request).store(caller)).split(
        party_id, targets, reason=reason.strip(), label=label.strip() or None
    )
    return back(f"/parties/{new.id}", translate("flash.party_split", caller.lang, party=party_id))


@router.post("/parties/{party_id}/verify")
def party_verify(
    request: Request,
    caller: Annotated[Caller, Depends(require("party.edit"))],
    party_id: Id,
    source: Reason,
) -> Response:
    PartyRepo(rg(request).store(caller)).verify(party_id, source=source.strip())
    return back(
        f"/parties/{party_id}", translate("flash.party_verified", caller.lang, party=party_id)
    )
