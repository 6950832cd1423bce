"""Rights and cases over JSON: the same operations as the case pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from rightsguard.domain.errors import InvalidValue
from rightsguard.domain.rights import make_right_draft
from rightsguard.playbook.output import Plan
from rightsguard.store.cases import parse_goals
from rightsguard.store.read import queries
from rightsguard.web.api.session import Problem
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import rg
from rightsguard.web.work import add_urls, queue_for_case

router = APIRouter(tags=["cases"])
ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": Problem},
    401: {"model": Problem},
    403: {"model": Problem},
    404: {"model": Problem},
}


class RightOut(BaseModel):
    id: int
    kind: str
    name: str
    owner: str
    jurisdiction: str
    registration_number: str | None
    expires_on: date | None


class RightIn(BaseModel):
    kind: str = Field(max_length=32)
    name: str = Field(min_length=1, max_length=500)
    owner: str = Field(min_length=1, max_length=500)
    jurisdiction: str = Field(default="CN", min_length=2, max_length=8)
    registration_number: str | None = Field(default=None, max_length=100)
    expires_on: date | None = None


class CaseSummary(BaseModel):
    id: int
    title: str
    status: str
    assignee: str | None
    created_at: datetime | None
    targets: int
    open_actions: int


class CaseList(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[CaseSummary]


class CaseIn(BaseModel):
    title: str = Field(min_length=1, max_length=500)
    right_ids: list[int] = Field(default_factory=list, max_length=100)
    goals: list[str] = Field(default_factory=list, max_length=10)
    assignee: str | None = Field(default=None, max_length=200)


class TargetRef(BaseModel):
    id: int
    url: str
    status: str


class DeadlineOut(BaseModel):
    id: int
    label: str
    due: datetime
    done: bool
    rule_id: str | None = Field(default=None, description="the playbook rule whose clock it is")


class CaseDetail(BaseModel):
    id: int
    title: str
    status: str
    assignee: str | None
    goals: list[str]
    right_ids: list[int]
    created_at: datetime | None
    closed_at: datetime | None
    targets: list[TargetRef]
    deadlines: list[DeadlineOut]


class UrlsIn(BaseModel):
    urls: list[str] = Field(min_length=1, max_length=500)
    kind: str = Field(default="url", max_length=32, description="url, domain, listing, shop…")
    control: str = Field(default="unknown", max_length=16, description="infringer, third_party…")


class AddedTargets(BaseModel):
    added: list[int]
    rejected: list[str]


class AssignIn(BaseModel):
    assignee: str | None = Field(default=None, max_length=200)


class JobOut(BaseModel):
    job: int
    task: str
    targets: int


def _right(r: object) -> RightOut:
    return RightOut(
        id=r.id,  # type: ignore[attr-defined]
        kind=r.kind.value,  # type: ignore[attr-defined]
        name=r.name,  # type: ignore[attr-defined]
        owner=r.owner,  # type: ignore[attr-defined]
        jurisdiction=r.jurisdiction,  # type: ignore[attr-defined]
        registration_number=r.registration_number,  # type: ignore[attr-defined]
        expires_on=r.expires_on,  # type: ignore[attr-defined]
    )


@router.get("/rights", response_model=list[RightOut], responses=ERRORS)
def list_rights(
    request: Request, caller: Annotated[Caller, Depends(require("view"))]
) -> list[RightOut]:
    """Every registered right."""
    return [_right(r) for r in rg(request).reader().rights.list()]


@router.post("/rights", response_model=RightOut, status_code=201, responses=ERRORS)
def add_right(
    request: Request, body: RightIn, caller: Annotated[Caller, Depends(require("right.write"))]
) -> RightOut:
    """Register a right (counsel, admin)."""
    draft = make_right_draft(
        kind=body.kind,
        name=body.name,
        jurisdiction=body.jurisdiction,
        owner=body.owner,
        registration_number=body.registration_number,
        expires_on=body.expires_on,
    )
    return _right(rg(request).store(caller).rights.add(draft))


@router.get("/cases", response_model=CaseList, responses=ERRORS)
def list_cases(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    status: Annotated[str | None, Query(max_length=16)] = None,
    assignee: Annotated[str | None, Query(max_length=200)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> CaseList:
    """Cases, newest first, with their number of targets and open actions."""
    with rg(request).reader().transaction() as session:
        page = queries.case_page(
            session, status=status, assignee=assignee, q=q, offset=offset, limit=limit
        )
    return CaseList(
        total=page.total,
        offset=offset,
        limit=limit,
        items=[CaseSummary(**row) for row in page.rows],
    )


def _detail(request: Request, case_id: int) -> CaseDetail:
    st = rg(request).reader()
    case = st.cases.get(case_id)
    return CaseDetail(
        id=case.id,
        title=case.title,
        status=case.status.value,
        assignee=case.assignee,
        goals=[g.value for g in case.goals],
        right_ids=list(case.right_ids),
        created_at=case.created_at,
        closed_at=case.closed_at,
        targets=[
            TargetRef(id=t.id, url=t.url, status=t.status.value)
            for t in st.targets.list(case_id=case_id, limit=1000)
        ],
        deadlines=[
            DeadlineOut(id=d.id, label=d.label, due=d.due, done=d.done, rule_id=d.rule_id)
            for d in st.deadlines.list(case_id)
        ],
    )


@router.post("/cases", response_model=CaseDetail, status_code=201, responses=ERRORS)
def create_case(
    request: Request, body: CaseIn, caller: Annotated[Caller, Depends(require("case.write"))]
) -> CaseDetail:
    """Open a case."""

    case = (
        rg(request)
        .store(caller)
        .cases.new(
            body.title,
            right_ids=tuple(body.right_ids),
            goals=parse_goals(body.goals),
            assignee=body.assignee,
        )
    )
    return _detail(request, case.id)


@router.get("/cases/{case_id}", response_model=CaseDetail, responses=ERRORS)
def get_case(
    request: Request, case_id: int, caller: Annotated[Caller, Depends(require("view"))]
) -> CaseDetail:
    """A case with its targets (first 1,000) and deadlines."""
    return _detail(request, case_id)


@router.get("/cases/{case_id}/plan", response_model=Plan, responses=ERRORS)
def case_plan(
    request: Request, case_id: int, caller: Annotated[Caller, Depends(require("view"))]
) -> Plan:
    """The enforcement plan of a case: recommended actions, gates, clocks."""
    return rg(request).plan(case_id, caller)  # an unknown case: NotFound, 404


@router.post("/cases/{case_id}/targets", response_model=AddedTargets, responses=ERRORS)
def add_targets(
    request: Request,
    case_id: int,
    body: UrlsIn,
    caller: Annotated[Caller, Depends(require("case.write"))],
) -> AddedTargets:
    """Add targets to a case by URL; each bad URL is reported, the rest are added."""
    added, rejected = add_urls(
        rg(request).store(caller), case_id, body.urls, body.kind, body.control
    )
    return AddedTargets(added=added, rejected=rejected)


@router.post("/cases/{case_id}/assign", response_model=CaseDetail, responses=ERRORS)
def assign_case(
    request: Request,
    case_id: int,
    body: AssignIn,
    caller: Annotated[Caller, Depends(require("case.write"))],
) -> CaseDetail:
    """Give the case to a user (null: to no one)."""
    ctx = rg(request)
    if body.assignee:
        with ctx.reader().transaction() as session:
            if body.assignee not in queries.usernames(session):
                raise InvalidValue("assignee", f"{body.assignee!r} is not an active user")
    ctx.store(caller).cases.assign(case_id, body.assignee)
    return _detail(request, case_id)


def _submit(request: Request, caller: Caller, case_id: int, task: str) -> JobOut:
    job, count = queue_for_case(rg(request), caller, case_id, task)
    return JobOut(job=job, task=task, targets=count)


@router.post("/cases/{case_id}/capture", response_model=JobOut, status_code=202, responses=ERRORS)
def capture_case(
    request: Request, case_id: int, caller: Annotated[Caller, Depends(require("capture"))]
) -> JobOut:
    """Queue a browser capture of every target of the case."""
    return _submit(request, caller, case_id, "capture.once")


@router.post("/cases/{case_id}/identify", response_model=JobOut, status_code=202, responses=ERRORS)
def identify_case(
    request: Request, case_id: int, caller: Annotated[Caller, Depends(require("identify"))]
) -> JobOut:
    """Queue identification of every target of the case."""
    return _submit(request, caller, case_id, "identify.targets")
