"""Evidence files uploaded from a case page (a test purchase's photos, its receipt):
stored, time-stamped and ledgered by ``evidence.items`` as ``rightsguard evidence add``
does, so each file's custody starts with its ledger leaf and audit event."""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response

from rightsguard.domain.errors import InvalidValue
from rightsguard.evidence.items import add_contents
from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.tsa_config import open_tsa
from rightsguard.i18n import translate
from rightsguard.store.blobs import BlobStore
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import rg
from rightsguard.web.pages.cases import back
from rightsguard.web.record_params import Id

router = APIRouter(include_in_schema=False)
MAX_FILES = 20


def _name(upload: UploadFile) -> str:
    """The file's own name, without any folder a browser sent; never empty."""
    name = PurePath((upload.filename or "").replace("\\", "/")).name.strip()[:200]
    if not name:
        raise InvalidValue("files", "a file without a name")
    return name


@router.post("/cases/{case_id}/evidence")
async def upload_evidence(
    request: Request,
    case_id: Id,
    caller: Annotated[Caller, Depends(require("capture"))],
    files: Annotated[list[UploadFile], File()],
    kind: Annotated[str, Form(max_length=32)] = "test-purchase",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    if len(files) > MAX_FILES:
        raise InvalidValue("files", f"at most {MAX_FILES} files at once")
    contents = [(_name(f), await f.read()) for f in files]
    ctx = rg(request)
    store = ctx.store(caller)
    with open_tsa(ctx.ws) as tsa:
        items = add_contents(
            store,
            BlobStore(ctx.ws.evidence_dir),
            Ledger(store),
            tsa,
            contents,
            case_id=case_id,
            kind=kind,
            note=note,
        )
    message = translate("upload.done", caller.lang, n=len(items))
    return back(f"/cases/{case_id}", message)
