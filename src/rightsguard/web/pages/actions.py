"""Actions: drafting a document for a case, previewing it, approving it (counsel
for letters and disputes), and sending it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import Response

from rightsguard.actions import replies
from rightsguard.actions.catalog import KINDS
from rightsguard.actions.drafting import approvers, fact_pairs
from rightsguard.actions.errors import DispatchFailed
from rightsguard.actions.replies import OUTCOMES
from rightsguard.domain.enums import ActionStatus
from rightsguard.domain.errors import GateBlocked, InputError, InvalidValue
from rightsguard.domain.roles import allowed
from rightsguard.i18n import translate
from rightsguard.services import actions as workflow
from rightsguard.store.blobs import BlobStore
from rightsguard.store.read import queries
from rightsguard.store.saved_filters import list_filters
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import render, rg, when
from rightsguard.web.pages.cases import back, flash_of
from rightsguard.web.value_words import value_label
from rightsguard.web.work import draft_for_case, prefilled, suggestions_for

router = APIRouter(include_in_schema=False)

# The rendered letter is our own HTML, but it quotes what users and infringers
# wrote: it is shown in a sandboxed frame that runs nothing and loads nothing.
DOCUMENT_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
MEDIA = {"html": "text/html; charset=utf-8", "pdf": "application/pdf", "txt": "text/plain"}


def parse_facts(text: str) -> dict[str, str]:
    """``KEY=VALUE`` lines (as ``--fact`` on the command line); blank lines skipped."""
    return fact_pairs((line.strip() for line in text.splitlines() if line.strip()), "facts")


@router.get("/actions")
def action_list(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    status: Annotated[str, Query(max_length=24)] = "",
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    with rg(request).reader().transaction() as session:
        page = queries.action_page(session, status=status or None, offset=offset)
    return render(
        request,
        caller,
        "actions.html",
        page=page,
        status=status,
        statuses=[s.value for s in ActionStatus],
        when=when,
        filters=list_filters(rg(request).reader(), caller.username, "actions"),
        **flash_of(request),
    )


def _draft_form(
    request: Request,
    caller: Caller,
    case_id: int,
    error: str = "",
    values: Any = None,
    target_id: int | None = None,
    provider: str = "",
) -> Response:
    ctx = rg(request)
    st = ctx.reader()
    case = st.cases.get(case_id)
    kinds = [k for k in KINDS.values() if caller.role in approvers(k.action_type)]
    targets = st.targets.list(case_id=case_id, limit=500)
    shown = target_id if target_id is not None else (targets[0].id if targets else None)
    if shown is not None and shown not in {t.id for t in targets}:
        raise InvalidValue("target_id", f"target {shown} is not in case {case_id}")
    suggestions = suggestions_for(ctx, shown) if shown is not None else []
    chosen = None
    if values is None and target_id is not None:
        values, chosen = prefilled(suggestions, target_id, provider, [k.id for k in kinds])
    return render(
        request,
        caller,
        "action_draft.html",
        status_code=400 if error else 200,
        case=case,
        kinds=kinds,
        targets=targets,
        error=error,
        values=values or {},
        suggestions=suggestions,
        shown_target=shown,
        chosen=chosen,
    )


@router.get("/cases/{case_id}/draft")
def draft_form(
    request: Request,
    case_id: int,
    caller: Annotated[Caller, Depends(require("action.draft"))],
    target_id: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
    provider: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """The draft form; with ``target_id`` (and ``provider``, a directory key) the
    recipient is pre-filled from who can act on that target."""
    return _draft_form(request, caller, case_id, target_id=target_id, provider=provider)


@router.post("/cases/{case_id}/draft")
def draft(
    request: Request,
    case_id: int,
    caller: Annotated[Caller, Depends(require("action.draft"))],
    kind: Annotated[str, Form(max_length=60)],
    lang: Annotated[str, Form(max_length=8)] = "",
    to_name: Annotated[str, Form(max_length=500)] = "",
    to_email: Annotated[str, Form(max_length=320)] = "",
    to_address: Annotated[str, Form(max_length=1000)] = "",
    to_role: Annotated[str, Form(max_length=40)] = "",
    target_ids: Annotated[list[int] | None, Form()] = None,
    facts: Annotated[str, Form(max_length=20_000)] = "",
    override_reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    values = {
        "kind": kind,
        "lang": lang,
        "to_name": to_name,
        "to_email": to_email,
        "to_address": to_address,
        "to_role": to_role,
        "target_ids": target_ids or [],
        "facts": facts,
    }
    if not target_ids:  # never "all targets" when none was ticked
        return _draft_form(
            request, caller, case_id, translate("draft.no_target", caller.lang), values
        )
    try:
        action, _ = draft_for_case(
            rg(request),
            caller,
            case_id,
            kind=kind,
            lang=lang,
            recipient=(to_name or None, to_address or None, to_email or None, to_role or None),
            target_ids=target_ids,
            facts=parse_facts(facts),
            override_reason=override_reason or None,
        )
    except (GateBlocked, InputError) as exc:
        if isinstance(exc, InputError) and exc.code == "not_found":
            raise
        return _draft_form(request, caller, case_id, exc.said(caller.lang), values)
    return back(f"/actions/{action.id}")


@router.get("/actions/{action_id}")
def action_page(
    request: Request, action_id: int, caller: Annotated[Caller, Depends(require("view"))]
) -> Response:
    st = rg(request).reader()
    action, data = st.actions.get(action_id)
    case = st.cases.get(action.case_id)
    return render(
        request,
        caller,
        "action.html",
        action=action,
        data=data,
        case=case,
        may_approve=caller.role in approvers(action.type) and action.status is ActionStatus.DRAFT,
        may_send=allowed("action.send", caller.role) and action.status is ActionStatus.APPROVED,
        formats=[d["format"] for d in data.get("documents", [])],
        outcomes=list(OUTCOMES),
        when=when,
        **flash_of(request),
    )


@router.get("/actions/{action_id}/document.{fmt}")
def action_document(
    request: Request,
    action_id: int,
    fmt: str,
    caller: Annotated[Caller, Depends(require("view"))],
) -> Response:

    ctx = rg(request)
    _, data = ctx.reader().actions.get(action_id)
    for doc in data.get("documents", []):
        if doc["format"] == fmt:
            body = BlobStore(ctx.ws.evidence_dir).read(doc["sha256"])
            headers = {
                "Content-Security-Policy": DOCUMENT_CSP,
                "X-Content-Type-Options": "nosniff",
                "X-Frame-Options": "SAMEORIGIN",
            }
            if fmt not in ("html", "pdf"):
                headers["Content-Disposition"] = f'attachment; filename="action-{action_id}.{fmt}"'
            return Response(
                body, media_type=doc.get("media_type") or MEDIA.get(fmt), headers=headers
            )
    raise InvalidValue("format", f"action {action_id} has no {fmt!r} document")


@router.post("/actions/{action_id}/approve")
def approve(
    request: Request,
    action_id: int,
    caller: Annotated[Caller, Depends(require("action.approve"))],
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    assert caller.signed is not None
    ctx = rg(request)
    workflow.approve_action(
        ctx.ws, ctx.store(caller), action_id, role=caller.signed.user.role, note=note
    )
    return back(f"/actions/{action_id}")


@router.post("/actions/{action_id}/send")
def send(
    request: Request,
    action_id: int,
    caller: Annotated[Caller, Depends(require("action.send"))],
    override_reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    ctx = rg(request)
    assert caller.signed is not None
    try:
        _, data, _ = workflow.send_action(
            ctx.ws,
            ctx.store(caller),
            action_id,
            role=caller.signed.user.role,
            override_reason=override_reason or None,
        )
    except DispatchFailed as exc:
        # The action stays approved and unsent, with the reason recorded on it.
        why = translate("flash.not_sent", caller.lang, why=exc.said(caller.lang))
        return back(f"/actions/{action_id}", why, "bad")
    sent = data.get("dispatch") or {}
    said = translate("flash.sent", caller.lang, id=sent.get("message_id", ""))
    return back(f"/actions/{action_id}?done=sent", said)


@router.post("/actions/{action_id}/record")
def record_outcome(
    request: Request,
    action_id: int,
    caller: Annotated[Caller, Depends(require("action.send"))],
    outcome: Annotated[str, Form(max_length=40)] = "",
    reference: Annotated[str, Form(max_length=500)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
    counter_notice_received_by_host_on: Annotated[str, Form(max_length=10)] = "",
    counter_notice_on: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """A reply, a submission reference or an outcome (removed, rejected, …); a
    counter-notice with the day the provider received it and the day it reached us."""
    assert caller.signed is not None
    workflow.record_outcome(
        rg(request).store(caller),
        action_id,
        role=caller.signed.user.role,
        outcome=outcome or None,
        reference=reference or None,
        note=note or None,
        counter_notice_received_by_host_on=counter_notice_received_by_host_on or None,
        counter_notice_on=counter_notice_on or None,
    )
    what = value_label(outcome, caller.lang) if outcome else reference or note
    said = translate("flash.recorded", caller.lang, what=what)
    return back(f"/actions/{action_id}?done=recorded", said)


MAX_EML = 25 * 1024 * 1024


@router.post("/actions/{action_id}/reply")
async def upload_reply(
    request: Request,
    action_id: int,
    caller: Annotated[Caller, Depends(require("action.send"))],
    eml: Annotated[UploadFile, File()],
) -> Response:
    """A reply received by e-mail (.eml): kept as evidence and recorded on the action."""
    import tempfile
    from pathlib import Path

    from starlette.concurrency import run_in_threadpool

    data = await eml.read(MAX_EML + 1)
    if len(data) > MAX_EML:
        raise InvalidValue("eml", f"larger than {MAX_EML // (1024 * 1024)} MB")
    ctx = rg(request)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reply.eml"  # never the uploaded name: no path games
        path.write_bytes(data)
        action, _ = await run_in_threadpool(
            replies.import_reply, ctx.ws, ctx.store(caller), path, action_id
        )
    return back(f"/actions/{action.id}?done=reply", translate("flash.reply_recorded", caller.lang))
