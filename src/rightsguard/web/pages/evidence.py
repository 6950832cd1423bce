"""The evidence viewer: captures and hand-added items, their files, proofs and checks.

Every look at a capture or an item, and every file served from the store, is
recorded in the chain of custody (an event and a ledger leaf), as ``rightsguard
evidence show`` does. A person's note ("why I looked") is written only by a POST
with the session's CSRF token: a link from another site cannot put words in the
ledger. Captured
pages replay from the replay origin inside ``<iframe sandbox="allow-scripts">``;
stored files are served sandboxed and, unless images, as attachments.
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from rightsguard.domain.errors import InvalidValue, NotFound
from rightsguard.domain.nouns import Artefact
from rightsguard.evidence.checks import Check
from rightsguard.evidence.items import get_item, record_custody
from rightsguard.evidence.ledger import Ledger
from rightsguard.store.blobs import BlobStore
from rightsguard.store.read.records import capture_page, entity_events, item_page
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import WebContext, render, rg
from rightsguard.web.evidence_view import capture_view, download_headers, verify
from rightsguard.web.evidence_view import record_custody as record_capture_custody
from rightsguard.web.record_params import Id, Offset
from rightsguard.web.replay import publish, signed_path
from rightsguard.web.thumbs import thumbnail

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
    replay = replay_src = None
    if ctx.replay_origin:
        replay = publish(ctx.ws, BlobStore(ctx.ws.evidence_dir), view.capture)
    if replay is not None:
        replay_src = ctx.replay_origin + signed_path(ctx.ws, replay, time.time())
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
        replay_src=replay_src,
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


def _artefact(ctx: WebContext, capture_id: int, role: str) -> tuple[Artefact, BlobStore]:
    """The capture's artefact of ``role`` and the store holding it, or NotFound."""
    capture = ctx.reader().captures.get(capture_id)
    artefact = next((a for a in capture.artefacts if a.role == role), None)
    blobs = BlobStore(ctx.ws.evidence_dir)
    if artefact is None or not blobs.has(artefact.sha256):
        raise NotFound("artefact", f"{capture_id}/{role}")
    return artefact, blobs


@router.get("/evidence/captures/{capture_id}/thumb")
def capture_thumb(
    request: Request, caller: Annotated[Caller, Depends(require("view"))], capture_id: Id
) -> Response:
    """A small preview of the capture's screenshot for lists (not the evidence)."""
    ctx = rg(request)
    shot, blobs = _artefact(ctx, capture_id, "screenshot")
    body = thumbnail(shot.sha256, blobs.read(shot.sha256))
    return Response(
        body,
        media_type="image/jpeg",
        headers={"Cache-Control": "private, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )


@router.get("/evidence/captures/{capture_id}/artefacts/{role}")
def capture_artefact(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    capture_id: Id,
    role: Annotated[str, Path(pattern=r"^[a-z_]{1,24}$")],
) -> Response:
    ctx = rg(request)
    artefact, blobs = _artefact(ctx, capture_id, role)
    headers = download_headers(artefact.media_type, f"capture-{capture_id}-{role}")
    body = blobs.read(artefact.sha256)
    record_capture_custody(
        ctx.store(caller), capture_view(ctx.reader(), capture_id), "downloaded", role
    )
    return Response(body, headers=headers)


@router.get("/evidence/items/{item_id}")
def item_detail(
    request: Request, caller: Annotated[Caller, Depends(require("view"))], item_id: Id
) -> Response:
    ctx = rg(request)
    store = ctx.store(caller)
    item, token = get_item(store, item_id)
    record_custody(store, Ledger(store), item, "viewed")
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


@router.post("/evidence/items/{item_id}/note")
def item_note(
    request: Request,
    caller: Annotated[Caller, Depends(require("view"))],
    item_id: Id,
    why: Annotated[str, Form(min_length=1, max_length=500)],
) -> Response:
    """Add a note to the item's chain of custody (why it was looked at, what was seen)."""
    store = rg(request).store(caller)
    item, _ = get_item(store, item_id)
    if not why.strip():
        raise InvalidValue("why", "write what the note should say")
    record_custody(store, Ledger(store), item, "noted", why.strip())
    return RedirectResponse(f"/evidence/items/{item_id}#custody", status_code=303)


@router.get("/evidence/items/{item_id}/file")
def item_file(
    request: Request, caller: Annotated[Caller, Depends(require("view"))], item_id: Id
) -> Response:
    ctx = rg(request)
    store = ctx.store(caller)
    item, _ = get_item(store, item_id)
    blobs = BlobStore(ctx.ws.evidence_dir)
    if not blobs.has(item.sha256):
        raise NotFound("evidence file", item_id)
    body = blobs.read(item.sha256)
    record_custody(store, Ledger(store), item, "downloaded")
    return Response(body, headers=download_headers(item.media_type, item.name))
