"""Targets: the paged list (status filter, host search) and the target page with its
status history, captures, rechecks, observables and party; buttons to capture,
identify and confirm or dismiss."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from rightsguard.domain.enums import TargetStatus
from rightsguard.domain.errors import InvalidValue
from rightsguard.domain.roles import allowed
from rightsguard.i18n import translate
from rightsguard.services.breaches import BREACHES, record_breach
from rightsguard.services.intake import take_link
from rightsguard.services.triage import TRIAGE_STATUSES
from rightsguard.store.read.records import (
    case_ids_of,
    entity_events,
    rechecks,
    screenshots_of,
    target_page,
)
from rightsguard.store.saved_filters import list_filters
from rightsguard.web.auth import Caller, Forbidden, require
from rightsguard.web.context import render, rg
from rightsguard.web.pages.cases import back, flash_of, queued_message
from rightsguard.web.record_actions import queue_for_targets
from rightsguard.web.record_params import Id, Offset
from rightsguard.web.value_words import value_label
from rightsguard.web.work import suggestions_for

router = APIRouter(include_in_schema=False)


@router.get("/targets")
def targets_page(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    status: Annotated[TargetStatus | None, Query()] = None,
    q: Annotated[str, Query(max_length=200)] = "",
    case_id: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
    offset: Offset = 0,
) -> Response:
    with rg(request).reader().transaction() as session:
        page = target_page(
            session,
            status=status.value if status else None,
            q=q,
            case_id=case_id,
            offset=offset,
        )
        cases = case_ids_of(session, [t.id for t in page.rows])
        shots = screenshots_of(session, [t.id for t in page.rows])
    return render(
        request,
        caller,
        "targets.html",
        page=page,
        cases=cases,
        shots=shots,
        status=status.value if status else "",
        statuses=[s.value for s in TargetStatus],
        q=q,
        case_id=case_id or "",
        filters=list_filters(rg(request).reader(), caller.username, "targets"),
        **flash_of(request),
    )


@router.get("/targets/{target_id}")
def target_detail(
    request: Request, caller: Annotated[Caller, Depends(require("view"))], target_id: Id
) -> Response:
    st = rg(request).reader()
    target = st.targets.get(target_id)
    captures = list(reversed(st.captures.list_for_target(target_id)))
    observables = st.observables.list(target_id=target_id, limit=500)
    party = st.parties.get(target.party_id) if target.party_id is not None else None
    with st.transaction() as session:
        history = entity_events(session, "target", target_id)
        checks = rechecks(session, target_id)
    return render(
        request,
        caller,
        "target.html",
        target=target,
        captures=captures,
        observables=observables,
        party=party,
        history=history,
        rechecks=checks,
        triage_statuses=[s.value for s in TRIAGE_STATUSES if s != target.status],
        suggestions=suggestions_for(rg(request), target_id),
        breaches=st.targets.breaches([target_id]).get(target_id, []),
        breach_kinds=BREACHES,
        **flash_of(request),
    )


def _queue(request: Request, caller: Caller, target_id: int, task: str) -> Response:
    job = queue_for_targets(rg(request), caller, task, [target_id])
    return back(f"/targets/{target_id}?jobs={job}", queued_message(task, 1, job, caller.lang))


def _list_address(back_to: str) -> str:
    """The targets list the form came from, without its last flash and jobs."""
    parts = urlsplit(back_to)
    if parts.scheme or parts.netloc or parts.path != "/targets":
        return "/targets"
    kept = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("jobs", "msg", "kind")]
    return "/targets" + (f"?{urlencode(kept)}" if kept else "")


#: The bulk buttons of the targets list: (task, permission it needs).
BULK = {
    "capture": ("capture.once", "capture"),
    "identify": ("identify.targets", "identify"),
    "draft": ("draft.notices", "action.draft"),
}


@router.post("/targets/bulk")
def targets_bulk(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    do: Annotated[str, Form(max_length=16)],
    target_ids: Annotated[list[int] | None, Form()] = None,
    back_to: Annotated[str, Form(max_length=2000)] = "/targets",
) -> Response:
    """Capture, identify or draft notices for the ticked targets, as one job."""
    where = _list_address(back_to)
    if do not in BULK:
        raise InvalidValue("do", f"{do!r} is not one of {', '.join(BULK)}")
    task, permission = BULK[do]
    if not allowed(permission, caller.role):
        raise Forbidden(permission)
    if not target_ids:
        return back(where, translate("bulk.none", caller.lang), "bad")
    job = queue_for_targets(rg(request), caller, task, target_ids)
    sep = "&" if "?" in where else "?"
    said = queued_message(task, len(set(target_ids)), job, caller.lang)
    return back(f"{where}{sep}jobs={job}", said)


@router.post("/paste")
def paste_link(
    request: Request,
    caller: Annotated[Caller, Depends(require("case.write"))],
    url: Annotated[str, Form(max_length=4000)],
    right_ids: Annotated[list[int] | None, Form()] = None,
    case_id: Annotated[int | None, Form(ge=1, le=2**63 - 1)] = None,
) -> Response:
    """A pasted link: a confirmed target (of a new case unless one is named), then its
    capture (for a caller who may capture) and identification, queued at once; the
    target page follows their progress."""
    assert caller.signed is not None
    ctx = rg(request)
    taken = take_link(
        ctx.store(caller),
        url,
        right_ids=right_ids or (),
        case_id=case_id,
        assignee=caller.signed.user.username,
    )
    jobs = [
        queue_for_targets(ctx, caller, task, [taken.target_id])
        for task, permission in (("capture.once", "capture"), ("identify.targets", "identify"))
        if allowed(permission, caller.role)
    ]
    where = f"/targets/{taken.target_id}" + (f"?jobs={','.join(map(str, jobs))}" if jobs else "")
    said = translate("nav.cases", caller.lang), translate("tg.target", caller.lang)
    return back(where, f"{said[0]} {taken.case_id} · {said[1]} {taken.target_id}")


@router.post("/targets/{target_id}/capture")
def target_capture(
    request: Request, caller: Annotated[Caller, Depends(require("capture"))], target_id: Id
) -> Response:
    return _queue(request, caller, target_id, "capture.once")


@router.post("/targets/{target_id}/identify")
def target_identify(
    request: Request, caller: Annotated[Caller, Depends(require("identify"))], target_id: Id
) -> Response:
    return _queue(request, caller, target_id, "identify.targets")


@router.post("/targets/{target_id}/status")
def target_status(
    request: Request,
    caller: Annotated[Caller, Depends(require("triage"))],
    target_id: Id,
    status: Annotated[TargetStatus, Form()],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    named = value_label(status, caller.lang)
    if status not in TRIAGE_STATUSES:
        said = translate("flash.status_not_triage", caller.lang, status=named)
        return back(f"/targets/{target_id}", said, "bad")
    rg(request).store(caller).targets.set_status(target_id, status, reason=reason.strip() or None)
    return back(f"/targets/{target_id}", translate("flash.status_set", caller.lang, status=named))


@router.post("/targets/{target_id}/breach")
def target_breach(
    request: Request,
    caller: Annotated[Caller, Depends(require("case.write"))],
    target_id: Id,
    breach: Annotated[str, Form(max_length=40)],
    note: Annotated[str, Form(min_length=1, max_length=2000)],
) -> Response:
    """Record a breach outside IP law (an other-authority complaint needs one)."""
    record_breach(rg(request).store(caller), target_id, breach, note)
    named = translate(f"tg.breach.{breach}", caller.lang)  # record_breach checked the kind
    said = translate("flash.breach_recorded", caller.lang, breach=named)
    return back(f"/targets/{target_id}", said)
