"""Actions over JSON: draft a document, approve it, send it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from rightsguard.actions.catalog import KINDS
from rightsguard.actions.errors import DispatchFailed
from rightsguard.services import actions as workflow
from rightsguard.store.actions import action_from_row
from rightsguard.store.read import queries
from rightsguard.web.api.cases import ERRORS
from rightsguard.web.api.session import Problem
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import rg
from rightsguard.web.work import draft_for_case

router = APIRouter(tags=["actions"])
SEND_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    409: {"model": Problem},
    502: {"model": Problem},
}


class DocumentOut(BaseModel):
    format: str
    sha256: str
    size: int
    media_type: str
    ledger_idx: int | None = None


class ActionOut(BaseModel):
    id: int
    case_id: int
    type: str
    status: str
    title: str
    lang: str
    target_ids: list[int]
    created_at: datetime | None
    sent_at: datetime | None
    recipient: dict[str, str | None]
    documents: list[DocumentOut]
    approvals: list[dict[str, Any]]
    dispatch: dict[str, Any] | None


class ActionList(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[ActionOut]


class DraftIn(BaseModel):
    kind: str = Field(max_length=60, description="A document type: GET /api/v1/document-types")
    lang: str = Field(
        default="",
        pattern="^(zh-CN|en)?$",
        description="zh-CN or en; empty: the recipient's language (a DMCA notice in "
        "English, a notice under Chinese law in Chinese, a letter by the recipient)",
    )
    to_name: str | None = Field(default=None, max_length=500)
    to_email: str | None = Field(default=None, max_length=320)
    to_address: str | None = Field(default=None, max_length=1000)
    to_role: str | None = Field(default=None, max_length=40)
    target_ids: list[int] = Field(default_factory=list, max_length=1000)
    facts: dict[str, str] = Field(default_factory=dict, max_length=100)
    override_reason: str | None = Field(default=None, max_length=2000)


class ApproveIn(BaseModel):
    note: str = Field(default="", max_length=2000)


class SendIn(BaseModel):
    override_reason: str | None = Field(default=None, max_length=2000)


class DocumentType(BaseModel):
    id: str
    action: str
    title_zh: str
    title_en: str
    recipient: str
    requires: list[str]


def action_out(action: Any, data: dict[str, Any]) -> ActionOut:
    recipient = data.get("recipient") or {}
    return ActionOut(
        id=action.id,
        case_id=action.case_id,
        type=action.type.value,
        status=action.status.value,
        title=str(data.get("title", "")),
        lang=str(data.get("lang", "")),
        target_ids=list(action.target_ids),
        created_at=action.created_at,
        sent_at=action.sent_at,
        recipient={k: (None if v is None else str(v)) for k, v in recipient.items()},
        documents=[DocumentOut(**d) for d in data.get("documents", [])],
        approvals=list(data.get("approvals", [])),
        dispatch=data.get("dispatch"),
    )


@router.get("/document-types", response_model=list[DocumentType], responses=ERRORS)
def document_types(caller: Annotated[Caller, Depends(require("view"))]) -> list[DocumentType]:
    """The documents RightsGuard drafts and the elements each requires."""
    return [
        DocumentType(
            id=k.id,
            action=k.action_type.value,
            title_zh=k.title_zh,
            title_en=k.title_en,
            recipient=k.recipient_role,
            requires=[e.id for e in k.elements],
        )
        for k in KINDS.values()
    ]


@router.get("/actions", response_model=ActionList, responses=ERRORS)
def list_actions(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    status: Annotated[str | None, Query(max_length=24)] = None,
    case_id: Annotated[int | None, Query(ge=1)] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> ActionList:
    """Actions, newest first."""

    with rg(request).reader().transaction() as session:
        page = queries.action_page(
            session, status=status, case_id=case_id, offset=offset, limit=limit
        )
        items = [action_out(action_from_row(r), dict(r.data)) for r in page.rows]
    return ActionList(total=page.total, offset=offset, limit=limit, items=items)


@router.get("/actions/{action_id}", response_model=ActionOut, responses=ERRORS)
def get_action(
    request: Request, action_id: int, caller: Annotated[Caller, Depends(require("view"))]
) -> ActionOut:
    """One action with its documents, approvals and dispatch."""
    return action_out(*rg(request).reader().actions.get(action_id))


@router.post(
    "/cases/{case_id}/actions",
    response_model=ActionOut,
    status_code=201,
    responses={**ERRORS, 409: {"model": Problem}},
)
def draft_action(
    request: Request,
    case_id: int,
    body: DraftIn,
    caller: Annotated[Caller, Depends(require("action.draft"))],
) -> ActionOut:
    """Draft a document for a case; the playbook's gates apply (409 names the rule)."""
    action, data = draft_for_case(
        rg(request),
        caller,
        case_id,
        kind=body.kind,
        lang=body.lang,
        recipient=(body.to_name, body.to_address, body.to_email, body.to_role),
        target_ids=body.target_ids,
        facts=body.facts,
        override_reason=body.override_reason,
    )
    return action_out(action, data)


@router.post("/actions/{action_id}/approve", response_model=ActionOut, responses=ERRORS)
def approve_action(
    request: Request,
    action_id: int,
    body: ApproveIn,
    caller: Annotated[Caller, Depends(require("action.approve"))],
) -> ActionOut:
    """Approve a drafted action (counsel for letters, disputes and lawsuits)."""
    ctx = rg(request)
    return action_out(
        *workflow.approve_action(
            ctx.ws, ctx.store(caller), action_id, role=str(caller.role), note=body.note
        )
    )


@router.post("/actions/{action_id}/send", response_model=ActionOut, responses=SEND_ERRORS)
def send_action(
    request: Request,
    action_id: int,
    body: SendIn,
    caller: Annotated[Caller, Depends(require("action.send"))],
) -> Any:
    """Send an approved action by e-mail. A refused or failed send answers 502 and the
    action stays approved and unsent, with the reason kept."""
    from fastapi.responses import JSONResponse

    ctx = rg(request)
    try:
        action, data, _ = workflow.send_action(
            ctx.ws,
            ctx.store(caller),
            action_id,
            role=str(caller.role),
            override_reason=body.override_reason,
        )
        return action_out(action, data)
    except DispatchFailed as exc:
        return JSONResponse({"error": exc.code, "message": exc.message}, status_code=502)
