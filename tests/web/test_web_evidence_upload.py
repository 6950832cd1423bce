"""Evidence files uploaded from a case page (#20): stored by hash, ledgered and
audited as ``rightsguard evidence add`` does."""

from __future__ import annotations

import hashlib
import re
from contextlib import closing

from sqlalchemy import select
from webkit import Web

from rightsguard.store import open_store
from rightsguard.store.models import EventRow, EvidenceItemRow

PHOTO = b"\x89PNG\r\n\x1a\n test purchase photo"
RECEIPT = b"%PDF-1.4 receipt of order 77"


def test_a_test_purchase_is_uploaded_with_its_custody(web: Web) -> None:
    with closing(open_store(web.ws)) as st:
        case = st.cases.new("测试购买")
    analyst = web.client("analyst")
    page = analyst.get(f"/cases/{case.id}").text
    assert re.search(rf'action="/cases/{case.id}/evidence" enctype="multipart/form-data"', page)
    answer = analyst.post(
        f"/cases/{case.id}/evidence",
        data={"kind": "test-purchase", "note": "bought 2026-03-01", "csrf": web.csrf(analyst)},
        files=[
            ("files", ("C:\\Users\\me\\photo.png", PHOTO, "image/png")),
            ("files", ("receipt.pdf", RECEIPT, "application/pdf")),
        ],
    )
    assert answer.status_code == 303 and answer.headers["location"].startswith(f"/cases/{case.id}?")
    with closing(open_store(web.ws)) as st, st.transaction() as session:
        items = session.scalars(
            select(EvidenceItemRow).where(EvidenceItemRow.case_id == case.id)
        ).all()
        assert sorted((i.name, i.sha256) for i in items) == sorted(
            [
                ("photo.png", hashlib.sha256(PHOTO).hexdigest()),
                ("receipt.pdf", hashlib.sha256(RECEIPT).hexdigest()),
            ]
        )
        assert all(i.ledger_idx is not None and i.added_by == "web:analyst" for i in items)
        events = session.scalars(
            select(EventRow).where(EventRow.verb == "evidence.added", EventRow.case_id == case.id)
        ).all()
        assert len(events) == 2
    stored = web.ws.evidence_dir / "sha256"
    assert any(p.name == hashlib.sha256(RECEIPT).hexdigest() for p in stored.rglob("*"))


def test_an_upload_is_refused_by_role_and_by_kind(web: Web) -> None:
    with closing(open_store(web.ws)) as st:
        case = st.cases.new("上传拒绝")
    liaison = web.client("liaison")
    files = [("files", ("a.png", PHOTO, "image/png"))]
    refused = liaison.post(
        f"/cases/{case.id}/evidence", data={"csrf": web.csrf(liaison)}, files=files
    )
    assert refused.status_code == 403
    analyst = web.client("analyst")
    bad = analyst.post(
        f"/cases/{case.id}/evidence",
        data={"kind": "selfie", "csrf": web.csrf(analyst)},
        files=files,
    )
    assert bad.status_code == 400 and "kind" in bad.text
    with closing(open_store(web.ws)) as st, st.transaction() as session:
        assert not session.scalars(
            select(EvidenceItemRow).where(EvidenceItemRow.case_id == case.id)
        ).all()
