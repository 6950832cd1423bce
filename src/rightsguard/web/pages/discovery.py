"""Discovery triage: suspected targets found by ``rightsguard discover`` and
``rightsguard watch``, confirmed or dismissed in bulk as ``rightsguard triage`` does."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from rightsguard.domain.enums import TargetStatus
from rightsguard.i18n import translate
from rightsguard.services.triage import triage
from rightsguard.store.read.records import SOURCES, case_ids_of, discovery_score, target_page
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import render, rg
from rightsguard.web.pages.cases import back, flash_of
from rightsguard.web.record_params import MAX_ID, Offset

router = APIRouter(include_in_schema=False)


@router.get("/discovery")
def discovery_page(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    case: Annotated[str, Query(max_length=18, pattern=r"^[0-9]*$")] = "",
    source: Annotated[Literal["", "discovered", "watch"], Query()] = "",
    offset: Offset = 0,
) -> Response:
    st = rg(request).reader()
    case_id = int(case) if case and int(case) > 0 else None
    if case_id is not None:
        st.cases.get(case_id)
    with st.transaction() as session:
        page = target_page(
            session,
            status=TargetStatus.SUSPECTED.value,
            case_id=case_id,
            source=source or None,
            offset=offset,
        )
        cases = case_ids_of(session, [t.id for t in page.rows])
    return render(
        request,
        caller,
        "discovery.html",
        page=page,
        cases=cases,
        scores={t.id: discovery_score(t.note) for t in page.rows},
        case=case_id or "",
        source=source,
        sources=list(SOURCES),
        **flash_of(request),
    )


@router.post("/discovery/triage")
def discovery_triage(
    request: Request,
    caller: Annotated[Caller, Depends(require("triage"))],
    decision: Annotated[Literal["confirm", "dismiss"], Form()],
    targets: Annotated[list[int] | None, Form()] = None,
    reason: Annotated[str, Form(max_length=2000)] = "",
    case: Annotated[str, Form(max_length=18, pattern=r"^[0-9]*$")] = "",
    back_to: Annotated[str, Form(max_length=500)] = "/discovery",
) -> Response:
    chosen = [t for t in targets or [] if 1 <= t <= MAX_ID]
    done = triage(
        rg(request).store(caller),
        confirm=chosen if decision == "confirm" else [],
        dismiss=chosen if decision == "dismiss" else [],
        case_id=int(case) if case and int(case) > 0 else None,
        reason=reason or "triage",
    )
    where = back_to if back_to.startswith("/discovery") and "//" not in back_to else "/discovery"
    return back(where, translate(f"flash.triage.{decision}", caller.lang, n=len(done)))
