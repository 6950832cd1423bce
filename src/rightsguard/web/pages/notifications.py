"""Fragments the page header and pages fetch without a reload (htmx): the signed-in
person's notification counts, and the progress of background jobs started from the
workbench (polled until every job has ended, then the page refreshes once)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from rightsguard.actions.drafting import COUNSEL_ONLY
from rightsguard.domain.errors import InvalidValue
from rightsguard.store import jobs as job_rows
from rightsguard.store.read.notifications import waiting_for
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import render, rg

router = APIRouter(include_in_schema=False)
FINISHED = ("done", "failed", "cancelled")
MAX_JOBS = 50


@router.get("/notifications")
def notifications(
    request: Request, caller: Annotated[Caller, Depends(require("view"))]
) -> Response:
    """The header's counts: drafts to approve, actions to send, targets ready for
    liaison and deadlines due within a week, as the caller's role sees them."""
    assert caller.signed is not None
    user = caller.signed.user
    with rg(request).reader().transaction() as session:
        waiting = waiting_for(
            session, user.username, user.role, counsel_only=COUNSEL_ONLY, today=date.today()
        )
    return render(request, caller, "_notifications.html", waiting=waiting)


def job_ids(text: str) -> list[int]:
    """``1,2,3`` as ids (at most ``MAX_JOBS``)."""
    try:
        ids = sorted({int(p) for p in text.split(",") if p.strip()})
    except ValueError:
        raise InvalidValue("ids", f"{text[:100]!r} is not a list of job ids") from None
    if not ids or len(ids) > MAX_JOBS or any(i < 1 or i > 2**63 - 1 for i in ids):
        raise InvalidValue("ids", f"give 1 to {MAX_JOBS} job ids")
    return ids


@router.get("/jobs/progress")
def job_progress(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    ids: Annotated[str, Query(max_length=1000)],
    poll: Annotated[int, Query(ge=0, le=1)] = 1,
) -> Response:
    """The state of the jobs; while any runs the fragment polls itself again. When the
    last one ends, a poll answers with ``HX-Refresh`` so that the page shows the
    results (new captures, who can act, drafted actions) without a click."""
    wanted = job_ids(ids)
    with rg(request).reader().transaction() as session:
        rows = job_rows.by_id(session, wanted)
        jobs = [
            (i, rows[i].name, rows[i].status, len((rows[i].args or {}).get("target_ids") or []))
            for i in wanted
            if i in rows
        ]
    finished = all(status in FINISHED for _, _, status, _ in jobs)
    answer = render(
        request,
        caller,
        "_job_progress.html",
        jobs=jobs,
        finished=finished,
        ids=",".join(str(i) for i in wanted),
    )
    if finished and poll and request.headers.get("HX-Request") == "true":
        answer.headers["HX-Refresh"] = "true"
    return answer
