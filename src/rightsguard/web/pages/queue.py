"""My queue: the signed-in person's cases, approvals, sends and deadlines; drafts are
approved and approved actions sent in bulk from here (each by the usual rules)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from rightsguard.actions.drafting import COUNSEL_ONLY
from rightsguard.i18n import translate
from rightsguard.services.bulk_work import BulkOutcome, approve_many, send_many
from rightsguard.store.read import queries
from rightsguard.store.read.notifications import waiting_for
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import render, rg, when
from rightsguard.web.pages.cases import back, flash_of

router = APIRouter(include_in_schema=False)


@router.get("/queue")
def queue_page(request: Request, caller: Annotated[Caller, Depends(require("view"))]) -> Response:
    assert caller.signed is not None
    user = caller.signed.user
    today = date.today()
    with rg(request).reader().transaction() as session:
        queue = queries.work_queue(session, user.username, user.role, counsel_only=COUNSEL_ONLY)
        waiting = waiting_for(
            session, user.username, user.role, counsel_only=COUNSEL_ONLY, today=today
        )
    return render(
        request,
        caller,
        "queue.html",
        queue=queue,
        waiting=waiting,
        age=lambda item: (today - item.created.date()).days if item.created else 0,
        when=when,
        **flash_of(request),
    )


def _report(outcome: BulkOutcome, lang: str) -> Response:
    done = f"{translate('bulk.done', lang)}: {len(outcome.done)}"
    if not outcome.done and not outcome.refused:
        return back("/queue", translate("bulk.none", lang), "bad")
    refused = "; ".join(f"#{i}: {why}" for i, why in outcome.refused[:10])
    if refused:
        done += f" · {translate('bulk.refused', lang)} {len(outcome.refused)}: {refused}"
    return back("/queue", done[:480], "warn" if outcome.refused else "ok")


@router.post("/queue/approve")
def queue_approve(
    request: Request,
    caller: Annotated[Caller, Depends(require("action.approve"))],
    action_ids: Annotated[list[int] | None, Form()] = None,
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Approve the ticked drafts; those this person may not approve are reported."""
    assert caller.signed is not None
    ctx = rg(request)
    outcome = approve_many(
        ctx.ws, ctx.store(caller), action_ids or [], role=caller.signed.user.role, note=note
    )
    return _report(outcome, caller.lang)


@router.post("/queue/send")
def queue_send(
    request: Request,
    caller: Annotated[Caller, Depends(require("action.send"))],
    action_ids: Annotated[list[int] | None, Form()] = None,
) -> Response:
    """Send the ticked approved actions by e-mail; those refused are reported."""
    assert caller.signed is not None
    ctx = rg(request)
    outcome = send_many(ctx.ws, ctx.store(caller), action_ids or [], role=caller.signed.user.role)
    return _report(outcome, caller.lang)
