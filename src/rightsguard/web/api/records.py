"""Records: targets, captures, parties, providers and events; capture, status and triage.

Lists are pages (``limit`` 1..500, ``offset`` ≥ 0) with their total. A missing
id answers 404 and bad input 400/422, always as ``{"error", "message"}``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, computed_field

from rightsguard.domain.enums import ProviderKind, TargetStatus
from rightsguard.domain.errors import InvalidValue
from rightsguard.domain.nouns import Party, Target
from rightsguard.services.triage import TRIAGE_STATUSES, triage
from rightsguard.store.parties import PartyRepo, party_from_row
from rightsguard.store.read.records import (
    case_ids_of,
    entity_events,
    event_page,
    party_page,
    target_page,
)
from rightsguard.store.read.records import rechecks as recheck_rows
from rightsguard.store.targets import target_from_row
from rightsguard.web.api.session import Problem
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import rg
from rightsguard.web.evidence_view import capture_view
from rightsguard.web.provider_list import load, search
from rightsguard.web.record_actions import queue_for_targets
from rightsguard.web.record_params import MAX_ID, Id, Limit, Offset

router = APIRouter(tags=["records"])
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem},
    401: {"model": Problem},
    403: {"model": Problem},
    404: {"model": Problem},
    422: {"model": Problem},
}


class Record(BaseModel):
    """Built from the store's values and rows by attribute."""

    model_config = ConfigDict(from_attributes=True)


class TargetOut(Record):
    id: int
    url: str
    original_url: str
    host: str
    kind: str
    status: TargetStatus
    control: str
    platform: str | None
    title: str | None
    note: str | None
    case_ids: list[int]
    party_id: int | None
    created_at: datetime | None


class TargetPage(BaseModel):
    items: list[TargetOut]
    total: int
    offset: int
    limit: int


class ArtefactOut(Record):
    role: str
    sha256: str
    size: int
    media_type: str


class CaptureSummary(Record):
    id: int
    status: str
    mode: str
    started_at: datetime
    finished_at: datetime | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def href(self) -> str:
        return f"/api/v1/captures/{self.id}"


class LedgerProofOut(Record):
    index: int
    tree_size: int
    root: str
    leaf: str
    path: list[str]


class CaptureOut(BaseModel):
    """A capture; each artefact downloads from /evidence/captures/{id}/artefacts/{role}."""

    id: int
    target_id: int
    url: str
    status: str
    mode: str
    started_at: datetime
    finished_at: datetime | None
    partial_reason: str | None
    artefacts: list[ArtefactOut]
    tsa_time: datetime | None
    tsa_error: str | None
    ledger: LedgerProofOut | None
    environment: dict[str, Any]


class ObservableOut(Record):
    kind: str
    value: str
    source: str
    observed_at: datetime


class RecheckOut(Record):
    at: datetime
    state: str
    http_status: int | None
    final_url: str | None
    reason: str | None


class EventOut(Record):
    id: int
    at: datetime
    actor: str
    verb: str
    entity: str
    entity_id: int | None
    case_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None


class TargetDetail(BaseModel):
    target: TargetOut
    captures: list[CaptureSummary]
    observables: list[ObservableOut]
    rechecks: list[RecheckOut]
    history: list[EventOut]


class PartyOut(Record):
    id: int
    label: str
    role: str
    identity_known: bool
    address_known: bool
    links: list[str]
    target_count: int | None = None


class PartyPage(BaseModel):
    items: list[PartyOut]
    total: int
    offset: int
    limit: int


class PartyLinkOut(BaseModel):
    kind: str
    value: str
    strength: str
    targets: list[int]
    text: str


class PartyDetailOut(BaseModel):
    party: PartyOut
    target_ids: list[int]
    links: list[PartyLinkOut]
    merged_into: int | None
    provider_key: str | None


class ChannelOut(Record):
    name: str
    value: str


class ProviderOut(Record):
    key: str
    name: str
    name_zh: str
    kind: str
    channels: list[ChannelOut]
    domains: list[str]
    in_directory: bool
    stored_id: int | None


class EventPage(BaseModel):
    items: list[EventOut]
    total: int = Field(description="Exact up to ten pages past offset, then a lower bound.")
    offset: int
    limit: int


class Queued(BaseModel):
    job_id: int
    target_ids: list[int]


class StatusChange(BaseModel):
    status: Literal["suspected", "confirmed", "dismissed"]
    reason: str = Field(default="", max_length=2000)


class Triage(BaseModel):
    case_id: Annotated[int, Field(ge=1, le=MAX_ID)] | None = None
    confirm: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(default=[], max_length=500)
    dismiss: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(default=[], max_length=500)
    reason: str = Field(default="triage", max_length=2000)


class Triaged(BaseModel):
    changed: list[TargetOut]


def target_out(t: Target) -> TargetOut:
    return TargetOut.model_validate(t)


@router.get("/targets", response_model=TargetPage, responses=ERRORS)
def list_targets(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    status: TargetStatus | None = None,
    q: Annotated[str, Query(max_length=200, description="Part of the host or URL.")] = "",
    case_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> TargetPage:
    """Targets, newest first."""
    st = rg(request).reader()
    if case_id is not None:
        st.cases.get(case_id)
    with st.transaction() as session:
        page = target_page(
            session,
            status=status.value if status else None,
            q=q,
            case_id=case_id,
            offset=offset,
            limit=limit,
        )
        cases = case_ids_of(session, [r.id for r in page.rows])
        items = [target_out(target_from_row(r, tuple(cases[r.id]))) for r in page.rows]
    return TargetPage(items=items, total=page.total, offset=offset, limit=limit)


@router.get("/targets/{target_id}", response_model=TargetDetail, responses=ERRORS)
def get_target(
    request: Request, caller: Annotated[Caller, Depends(require("view"))], target_id: Id
) -> TargetDetail:
    """A target with its captures, observables, rechecks and status history."""
    st = rg(request).reader()
    target = st.targets.get(target_id)
    captures = st.captures.list_for_target(target_id)
    with st.transaction() as session:
        history = [EventOut.model_validate(e) for e in entity_events(session, "target", target_id)]
        checks = [RecheckOut.model_validate(r) for r in recheck_rows(session, target_id)]
    return TargetDetail(
        target=target_out(target),
        captures=[CaptureSummary.model_validate(c) for c in captures],
        observables=[
            ObservableOut.model_validate(o)
            for o in st.observables.list(target_id=target_id, limit=500)
        ],
        rechecks=checks,
        history=history,
    )


@router.get("/captures/{capture_id}", response_model=CaptureOut, responses=ERRORS)
def get_capture(
    request: Request, caller: Annotated[Caller, Depends(require("view"))], capture_id: Id
) -> CaptureOut:
    """A capture: artefacts with hashes, trusted time, ledger inclusion proof, environment."""
    view = capture_view(rg(request).reader(), capture_id)
    c = view.capture
    proof = view.proof
    return CaptureOut(
        id=c.id,
        target_id=c.target_id,
        url=view.target.url,
        status=c.status.value,
        mode=c.mode,
        started_at=c.started_at,
        finished_at=c.finished_at,
        partial_reason=c.partial_reason,
        artefacts=[ArtefactOut.model_validate(a) for a in c.artefacts],
        tsa_time=view.tsa_time,
        tsa_error=view.tsa_error,
        ledger=None if proof is None else LedgerProofOut.model_validate(proof),
        environment=c.environment,
    )


@router.get("/parties", response_model=PartyPage, responses=ERRORS)
def list_parties(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    limit: Limit = 50,
    offset: Offset = 0,
) -> PartyPage:
    """Parties by id, with their number of targets."""
    with rg(request).reader().transaction() as session:
        page = party_page(session, offset=offset, limit=limit)
        items = [_party_out(party_from_row(row), int(n)) for row, n in page.rows]
    return PartyPage(items=items, total=page.total, offset=offset, limit=limit)


def _party_out(p: Party, count: int | None = None) -> PartyOut:
    return PartyOut.model_validate(p).model_copy(update={"target_count": count})


def _link_out(entry: dict[str, Any]) -> PartyLinkOut:
    targets = entry.get("targets")
    return PartyLinkOut(
        kind=str(entry.get("kind", "")),
        value=str(entry.get("value", "")),
        strength=str(entry.get("strength", "")),
        targets=[int(t) for t in targets if isinstance(t, int)]
        if isinstance(targets, list)
        else [],
        text=str(entry.get("text", "")),
    )


@router.get("/parties/{party_id}", response_model=PartyDetailOut, responses=ERRORS)
def get_party(
    request: Request, caller: Annotated[Caller, Depends(require("view"))], party_id: Id
) -> PartyDetailOut:
    """A party, its targets and the links that put them together."""
    detail = PartyRepo(rg(request).reader()).detail(party_id)
    return PartyDetailOut(
        party=_party_out(detail.party, len(detail.target_ids)),
        target_ids=list(detail.target_ids),
        links=[_link_out(e) for e in detail.links],
        merged_into=detail.merged_into,
        provider_key=detail.provider_key,
    )


@router.get("/providers", response_model=list[ProviderOut], responses=ERRORS)
def list_providers(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    q: Annotated[str, Query(max_length=200)] = "",
    kind: ProviderKind | None = None,
) -> list[ProviderOut]:
    """The provider directory with stored providers, filtered by text and kind."""
    ctx = rg(request)
    items = load(ctx.ws, ctx.reader().providers.list(), sandbox=ctx.use_sandbox)
    return [ProviderOut.model_validate(p) for p in search(items, q, kind.value if kind else "")]


@router.get("/events", response_model=EventPage, responses=ERRORS)
def list_events(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    entity: Annotated[str, Query(max_length=40, pattern=r"^[a-z_]*$")] = "",
    entity_id: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
    case_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> EventPage:
    """The audit trail, newest first, by record (entity and id) or case."""
    with rg(request).reader().transaction() as session:
        page = event_page(
            session,
            entity=entity or None,
            entity_id=entity_id,
            case_id=case_id,
            offset=offset,
            limit=limit,
        )
        items = [EventOut.model_validate(e) for e in page.rows]
    return EventPage(items=items, total=page.total, offset=offset, limit=limit)


@router.post(
    "/targets/{target_id}/capture", response_model=Queued, status_code=202, responses=ERRORS
)
def capture_target(
    request: Request, caller: Annotated[Caller, Depends(require("capture"))], target_id: Id
) -> Queued:
    """Queue a browser capture of the target (a background job)."""
    job = queue_for_targets(rg(request), caller, "capture.once", [target_id])
    return Queued(job_id=job, target_ids=[target_id])


@router.post("/targets/{target_id}/status", response_model=TargetOut, responses=ERRORS)
def set_target_status(
    request: Request,
    caller: Annotated[Caller, Depends(require("triage"))],
    target_id: Id,
    body: StatusChange,
) -> TargetOut:
    """Confirm, dismiss or reopen a target (the lifecycle decides what may follow what)."""
    status = TargetStatus(body.status)
    if status not in TRIAGE_STATUSES:
        raise InvalidValue("status", "only suspected, confirmed or dismissed")
    target = (
        rg(request)
        .store(caller)
        .targets.set_status(target_id, status, reason=body.reason.strip() or None)
    )
    return target_out(target)


@router.post("/discovery/triage", response_model=Triaged, responses=ERRORS)
def triage_candidates(
    request: Request, caller: Annotated[Caller, Depends(require("triage"))], body: Triage
) -> Triaged:
    """Confirm and dismiss discovered candidates in bulk, as ``rightsguard triage`` does;
    with ``case_id`` every target must belong to that case."""
    done = triage(
        rg(request).store(caller),
        confirm=body.confirm,
        dismiss=body.dismiss,
        case_id=body.case_id,
        reason=body.reason,
    )
    return Triaged(changed=[target_out(t) for t in done])
