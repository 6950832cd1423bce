"""The evidence viewer: captures and hand-added items, their files, proofs and checks.

Every look at a capture or an item is recorded in the chain of custody (an
event and a ledger leaf), as ``rightsguard evidence show`` does. Captured
pages replay from the replay origin inside ``<iframe sandbox="allow-scripts">``;
stored files are served sandboxed and, unless images, as attachments.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from rightsguard.domain.errors import NotFound
from rightsguard.evidence.blobstore import BlobStore
from rightsguard.evidence.checks import Check
from rightsguard.evidence.items import get_item, record_custody
from rightsguard.evidence.ledger import Ledger
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import render, rg
from rightsguard.web.evidence_view import capture_view, download_headers, verify
from rightsguard.web.evidence_view import record_custody as record_capture_custody
from rightsguard.web.record_params import Id, Offset
from rightsguard.web.record_queries import capture_page, entity_events, item_page
from rightsguard.web.replay import publish

router = APIRouter(include_in_schema=False)


@router.get("/evidence")
def evidence_page(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    offset: Offset = 0,
    ioffset: Offset = 0,
) -> Response:
    with rg(request).reader().transaction() as session:
        captures = capture_page(session, offset=offset)
        items = item_page(session, offset=ioffset)
    return render(
        request,
        caller,
        "evidence.html",
        captures=captures,
        items=items,
        offset=offset,
        ioffset=ioffset,
    )


def _capture_page(
    request: Request, caller: Caller, capture_id: int, checks: list[Check] | None = None
) -> Response:
    ctx = rg(request)
    store = ctx.store(caller)
    view = capture_view(store, capture_id)
    record_capture_custody(store, view, "verified" if checks is not None else "viewed")
    replay = None
    if ctx.replay_origin:
        replay = publish(ctx.ws, BlobStore(ctx.ws.evidence_dir), view.capture)
    with ctx.reader().transaction() as session:
        custody = entity_events(session, "capture", capture_id, limit=50)
    return render(
        request,
        caller,
        "evidence_capture.html",
        view=view,
        capture=view.capture,
        target=view.target,
        replay=replay,
        replay_origin=ctx.replay_origin,
        checks=checks,
        failed=[c for c in checks or [] if c.ok is False],
        custody=custody,
    )


@router.get("/evidence/captures/{capture_id}")
def capture_detail(
    request: Request, caller: Annotated[Caller, Depends(require("view"))], capture_id: Id
) -> Response:
    return _capture_page(request, caller, capture_id)


@router.post("/evidence/captures/{capture_id}/verify")
def capture_verify(
    request: Request, caller: Annotated[Caller, Depends(require("view"))], capture_id: Id
) -> Response:
    ctx = rg(request)
    capture = ctx.reader().captures.get(capture_id)
    checks = verify(ctx.ws, ctx.reader(), capture)
    return _capture_page(request, caller, capture_id, checks)


@router.get("/evidence/captures/{capture_id}/artefacts/{role}")
def capture_artefact(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    capture_id: Id,
    role: Annotated[str, Path(pattern=r"^[a-z_]{1,24}$")],
) -> Response:
    ctx = rg(request)
    capture = ctx.reader().captures.get(capture_id)
    artefact = next((a for a in capture.artefacts if a.role == role), None)
    blobs = BlobStore(ctx.ws.evidence_dir)
    if artefact is None or not blobs.has(artefact.sha256):
        raise NotFound("artefact", f"{capture_id}/{role}")
    headers = download_headers(artefact.media_type, f"capture-{capture_id}-{role}")
    return Response(blobs.read(artefact.sha256), headers=headers)


@router.get("/evidence/items/{item_id}")
def item_detail(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    item_id: Id,
    why: Annotated[str, Query(max_length=500)] = "",
) -> Response:
    ctx = rg(request)
    store = ctx.store(caller)
    item, token = get_item(store, item_id)
    record_custody(store, Ledger(store), item, "viewed", why.strip() or None)
    with ctx.reader().transaction() as session:
        custody = entity_events(session, "evidence", item_id, limit=100)
    return render(
        request,
        caller,
        "evidence_item.html",
        item=item,
        timestamped=token is not None,
        custody=custody,
        inline=download_headers(item.media_type, item.name)["Content-Disposition"].startswith(
            "inline"
        ),
    )


@router.get("/evidence/items/{item_id}/file")
def item_file(
    request: Request, caller: Annotated[Caller, Depends(require("view"))], item_id: Id
) -> Response:
    ctx = rg(request)
    item, _ = get_item(ctx.reader(), item_id)
    blobs = BlobStore(ctx.ws.evidence_dir)
    if not blobs.has(item.sha256):
        raise NotFound("evidence file", item_id)
    return Response(blobs.read(item.sha256), headers=download_headers(item.media_type, item.name))
