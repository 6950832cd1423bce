"""Cases: the list, a new case, and the case page with its timeline, plan, actions,
deadlines and a button for every step of the flow."""

from __future__ import annotations

from typing import Annotated, TypedDict
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from rightsguard.domain.enums import CaseStatus, Control, Goal, TargetKind
from rightsguard.domain.errors import InvalidValue
from rightsguard.evidence.items import KINDS as EVIDENCE_KINDS
from rightsguard.i18n import translate
from rightsguard.store.cases import parse_goals
from rightsguard.store.read import queries
from rightsguard.store.read.case_view import LISTED, TIMELINE, read_case
from rightsguard.store.rights import rights_in
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import render, rg, when
from rightsguard.web.work import add_urls, queue_for_case

router = APIRouter(include_in_schema=False)
MAX_URLS = 500


def back(path: str, message: str = "", kind: str = "ok") -> RedirectResponse:
    """Post/redirect/get, with a short message for the next page."""
    sep = "&" if "?" in path else "?"
    target = f"{path}{sep}msg={quote(message)}&kind={kind}" if message else path
    return RedirectResponse(target, status_code=303)


def queued_message(task: str, count: int, job: int, lang: str) -> str:
    """What a page says after queuing ``task`` for ``count`` items as job ``job``."""
    label = translate(f"jobs.task.{task}", lang)
    return translate("flash.queued", lang, task=label, n=count, job=job)


class Flash(TypedDict):
    """The message ``back`` left for the page (named keys, so a page's ``render`` call
    that spreads it is type-checked against the others)."""

    flash: str
    flash_kind: str


def flash_of(request: Request) -> Flash:
    msg = request.query_params.get("msg", "")[:500]
    kind = request.query_params.get("kind", "ok")
    return {"flash": msg, "flash_kind": kind if kind in ("ok", "bad", "warn") else "ok"}


@router.get("/cases")
def case_list(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    status: Annotated[str, Query(max_length=16)] = "",
    assignee: Annotated[str, Query(max_length=200)] = "",
    q: Annotated[str, Query(max_length=200)] = "",
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    ctx = rg(request)
    with ctx.reader().transaction() as session:
        page = queries.case_page(
            session, status=status or None, assignee=assignee or None, q=q or None, offset=offset
        )
        users = queries.usernames(session)
        rights = rights_in(session)
    return render(
        request,
        caller,
        "cases.html",
        page=page,
        status=status,
        assignee=assignee,
        q=q,
        rights=rights,
        users=users,
        goals=[g.value for g in Goal],
        statuses=[c.value for c in CaseStatus],
        when=when,
        **flash_of(request),
    )


@router.post("/cases")
def case_create(
    request: Request,
    caller: Annotated[Caller, Depends(require("case.write"))],
    title: Annotated[str, Form(max_length=500)],
    right_ids: Annotated[list[int] | None, Form()] = None,
    goals: Annotated[list[str] | None, Form()] = None,
    assignee: Annotated[str, Form(max_length=200)] = "",
) -> Response:

    st = rg(request).store(caller)
    case = st.cases.new(
        title,
        right_ids=tuple(right_ids or ()),
        goals=parse_goals(goals or []),
        assignee=assignee or None,
    )
    return back(f"/cases/{case.id}")


@router.get("/cases/{case_id}")
def case_page(
    request: Request, case_id: int, caller: Annotated[Caller, Depends(require("view"))]
) -> Response:
    ctx = rg(request)
    with ctx.reader().transaction() as session:
        view = read_case(session, case_id)
    snapshot = view.snapshot
    return render(
        request,
        caller,
        "case.html",
        case=snapshot["case"],
        rights=snapshot["rights"],
        targets=snapshot["targets"][:LISTED],
        target_count=len(snapshot["targets"]),
        timeline=view.timeline,
        timeline_limit=TIMELINE,
        actions=view.actions,
        deadlines=view.deadlines,
        plan_html=ctx.plan_section(snapshot, caller),
        users=view.users,
        kinds=[k.value for k in TargetKind],
        controls=[c.value for c in Control],
        when=when,
        evidence_kinds=EVIDENCE_KINDS,
        **flash_of(request),
    )


@router.post("/cases/{case_id}/targets")
def case_add_targets(
    request: Request,
    case_id: int,
    caller: Annotated[Caller, Depends(require("case.write"))],
    urls: Annotated[str, Form(max_length=200_000)],
    kind: Annotated[str, Form(max_length=32)] = "url",
    control: Annotated[str, Form(max_length=16)] = "unknown",
) -> Response:
    lines = [u.strip() for u in urls.splitlines() if u.strip()]
    if not lines:
        raise InvalidValue("urls", "give at least one URL")
    if len(lines) > MAX_URLS:
        raise InvalidValue("urls", f"at most {MAX_URLS} a time; use rightsguard target import")
    added, problems = add_urls(rg(request).store(caller), case_id, lines, kind, control)
    message = translate("flash.added", caller.lang, n=len(added)) + (
        f"; {'; '.join(problems[:5])}" if problems else ""
    )
    return back(f"/cases/{case_id}", message, "warn" if problems else "ok")


def _enqueue(request: Request, caller: Caller, case_id: int, task: str) -> Response:
    job, count = queue_for_case(rg(request), caller, case_id, task)
    return back(f"/cases/{case_id}?jobs={job}", queued_message(task, count, job, caller.lang))


@router.post("/cases/{case_id}/capture")
def case_capture(
    request: Request, case_id: int, caller: Annotated[Caller, Depends(require("capture"))]
) -> Response:
    return _enqueue(request, caller, case_id, "capture.once")


@router.post("/cases/{case_id}/identify")
def case_identify(
    request: Request, case_id: int, caller: Annotated[Caller, Depends(require("identify"))]
) -> Response:
    return _enqueue(request, caller, case_id, "identify.targets")


@router.post("/cases/{case_id}/assign")
def case_assign(
    request: Request,
    case_id: int,
    caller: Annotated[Caller, Depends(require("case.write"))],
    assignee: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    ctx = rg(request)
    if assignee:
        with ctx.reader().transaction() as session:
            if assignee not in queries.usernames(session):
                raise InvalidValue("assignee", f"{assignee!r} is not an active user")
    ctx.store(caller).cases.assign(case_id, assignee or None)
    return back(f"/cases/{case_id}")


@router.post("/cases/{case_id}/close")
def case_close(
    request: Request,
    case_id: int,
    caller: Annotated[Caller, Depends(require("case.write"))],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    rg(request).store(caller).cases.close(case_id, reason)
    return back(f"/cases/{case_id}")
