"""Every notice carries its evidence files: the screenshots and capture PDFs of its links,
the rights' certificates, the holder's identity and the agent's authorisation, listed in
the document and attached to the e-mail with their exact bytes (the sandbox's SMTP
server receives them). A capture that shows the page gone is not used; a record
without its file is listed as such and warned about."""

from __future__ import annotations

import dataclasses
import hashlib
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from test_actions_flow import case_world, mail  # noqa: F401  (mail is a fixture)

from rightsguard.actions import dispatch, drafting, gating
from rightsguard.actions.catalog import KINDS, title_for
from rightsguard.actions.context import document_context
from rightsguard.actions.errors import MissingElements
from rightsguard.actions.render import environment, html_to_text, render_html
from rightsguard.domain.nouns import ProofDocument
from rightsguard.domain.rights import make_right_draft
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.sandbox.smtp import SmtpService
from rightsguard.services.actions import set_holder
from rightsguard.store import Store
from rightsguard.store.blobs import BlobStore
from rightsguard.store.models import CaptureRow, RecheckRow
from rightsguard.workspace import Workspace

PLATFORM = gating.Recipient("某电商平台", None, "ipr@platform.example.cn", "provider")
PNG = b"\x89PNG\r\n\x1a\n" + b"screenshot of the listing" * 40
PAGE_PDF = b"%PDF-1.4\n% the listing as printed\n" + b"x" * 500
GONE_PNG = b"\x89PNG\r\n\x1a\n" + b"404 page" * 40
CERTIFICATE = b"%PDF-1.4\n% trademark registration certificate 41234568\n"
LICENCE = b"%PDF-1.4\n% business licence\n"


@pytest.fixture
def world(
    tmp_path: Path,
    mail: tuple[SmtpService, Path],  # noqa: F811
) -> Iterator[tuple[Workspace, Store, int]]:
    server, ca = mail
    server.set_mode("ok")
    ws, store, case_id = case_world(tmp_path / "ws", server, ca)
    yield ws, store, case_id
    store.close()


def _put(ws: Workspace, data: bytes, role: str, media: str) -> dict[str, object]:
    blob = BlobStore(ws.evidence_dir).put_bytes(data)
    return {"role": role, "sha256": blob.sha256, "size": blob.size, "media_type": media}


def _captures(ws: Workspace, store: Store) -> None:
    """Capture 1 shows the listing (200); capture 2 its 404 after a take-down; capture 3
    was taken after a recheck had found the page removed."""
    now = datetime.now(UTC)
    wacz = {"role": "wacz", "sha256": "ab" * 32, "size": 1, "media_type": "application/wacz"}
    with store.transaction() as session:
        session.add(
            CaptureRow(
                target_id=1,
                status="complete",
                mode="browser",
                started_at=now - timedelta(hours=3),
                finished_at=now - timedelta(hours=3),
                artefacts=[
                    wacz,
                    _put(ws, PNG, "screenshot", "image/png"),
                    _put(ws, PAGE_PDF, "pdf", "application/pdf"),
                ],
                environment={"http_status": 200, "tsa_time": "2026-11-20T08:00:00+00:00"},
            )
        )
        session.add(
            CaptureRow(
                target_id=1,
                status="complete",
                mode="browser",
                started_at=now - timedelta(hours=2),
                finished_at=now - timedelta(hours=2),
                artefacts=[wacz, _put(ws, GONE_PNG, "screenshot", "image/png")],
                environment={"http_status": 404},
            )
        )
        session.add(
            RecheckRow(target_id=1, at=now - timedelta(hours=1, minutes=30), state="removed")
        )
        session.add(
            CaptureRow(
                target_id=1,
                status="complete",
                mode="http",
                started_at=now - timedelta(hours=1),
                finished_at=now - timedelta(hours=1),
                artefacts=[wacz, _put(ws, GONE_PNG + b"2", "screenshot", "image/png")],
                environment={"http_status": 200},
            )
        )


def _holder(ws: Workspace, store: Store, tmp: Path, *, identity: bool = True) -> None:
    licence = tmp / "licence.pdf"
    licence.write_bytes(LICENCE)
    set_holder(
        ws,
        store,
        {
            "name": "极光智能科技有限公司",
            "address": "杭州市西湖区文三路 100 号",
            "email": "legal@aurorix.com",
            "signatory": "王明",
        },
        {"identity_doc": licence if identity else None},
    )


def _certificate(ws: Workspace, store: Store, case_id: int) -> None:
    """The case's right gets its registration certificate as a proof file."""
    blob = BlobStore(ws.evidence_dir).put_bytes(CERTIFICATE)
    right = store.rights.get(store.cases.get(case_id).right_ids[0])
    with store.transaction() as session:
        from rightsguard.store.models import RightRow

        row = session.get(RightRow, right.id)
        assert row is not None
        row.proofs = [{"name": "certificate.pdf", "sha256": blob.sha256, "size": blob.size}]


def test_a_notice_attaches_its_evidence_files_with_their_bytes(
    world: tuple[Workspace, Store, int],
    mail: tuple[SmtpService, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    ws, store, case_id = world
    server, _ = mail
    _holder(ws, store, tmp_path)
    _captures(ws, store)
    _certificate(ws, store, case_id)
    action, data = drafting.draft(
        ws, store, case_id=case_id, kind_id="notice.ecommerce", lang="zh-CN", recipient=PLATFORM
    )
    listed = {a["filename"]: a for a in data["annexes"] if a["attached"]}
    assert set(listed) == {
        "link1-capture1-screenshot.png",
        "link1-capture1-pdf.pdf",
        "right-certificate.pdf",
        "holder-identity-licence.pdf",
    }
    assert data["warnings"] == []
    gone = {c["capture_id"]: c["why"] for c in data["excluded_captures"]}
    assert gone[2] == "HTTP 404" and "removed" in gone[3]
    text = (
        BlobStore(ws.evidence_dir)
        .read(next(d for d in data["documents"] if d["format"] == "txt")["sha256"])
        .decode()
    )
    assert "附件清单" in text and "link1-capture1-screenshot.png" in text
    assert "网页取证第2号" not in text and "网页取证第3号" not in text
    drafting.approve(store, action.id, role="counsel", note="ok")
    dispatch.send(ws, store, action.id)
    msg = server.to(PLATFORM.email or "")[-1].message
    received = {
        p.get_filename(): hashlib.sha256(p.get_content()).hexdigest()
        for p in msg.iter_attachments()
    }
    expected = {
        "link1-capture1-screenshot.png": hashlib.sha256(PNG).hexdigest(),
        "link1-capture1-pdf.pdf": hashlib.sha256(PAGE_PDF).hexdigest(),
        "right-certificate.pdf": hashlib.sha256(CERTIFICATE).hexdigest(),
        "holder-identity-licence.pdf": hashlib.sha256(LICENCE).hexdigest(),
    }
    assert {k: received.get(k) for k in expected} == expected
    assert {n: a["sha256"] for n, a in listed.items()} == expected
    assert hashlib.sha256(GONE_PNG).hexdigest() not in received.values()
    assert {"notice.ecommerce.zh-CN.pdf", "notice.ecommerce.zh-CN.docx"} <= set(received)


def test_a_record_without_its_file_is_listed_and_warned(
    world: tuple[Workspace, Store, int], tmp_path: Path
) -> None:
    ws, store, case_id = world
    _holder(ws, store, tmp_path, identity=False)
    _captures(ws, store)
    _, data = drafting.draft(
        ws, store, case_id=case_id, kind_id="notice.ecommerce", lang="en", recipient=PLATFORM
    )
    assert data["warnings"] == [
        "registered trademark “极光” (No. 41234568): no certificate file on record",
        "The right holder's business licence / identity: no file on record",
    ]
    text = (
        BlobStore(ws.evidence_dir)
        .read(next(d for d in data["documents"] if d["format"] == "txt")["sha256"])
        .decode()
    )
    assert "(no file; not attached)" in text


def test_dmca_needs_a_copyright_and_a_named_person(
    world: tuple[Workspace, Store, int], tmp_path: Path
) -> None:
    ws, store, case_id = world
    _holder(ws, store, tmp_path)
    _captures(ws, store)
    host = gating.Recipient("US Host Inc.", None, "dmca@host.example", "provider")
    with pytest.raises(MissingElements, match="copyright_claimed"):
        drafting.draft(ws, store, case_id=case_id, kind_id="notice.dmca", lang="en", recipient=host)
    work = store.rights.add(
        dataclasses.replace(
            make_right_draft(
                kind="copyright", name="Aurorix app artwork", jurisdiction="US", owner="极光"
            ),
            proofs=(ProofDocument("artwork.pdf", "cd" * 32, 10),),
        )
    )
    case = store.cases.new("artwork copied", right_ids=(work.id,))
    target = store.targets.add(
        parse_target_row({"url": "https://host.example/copied-artwork.png", "kind": "listing"}),
        case.id,
    )
    set_holder(ws, store, {"signatory": "极光智能科技有限公司"})  # a company, not a person
    with pytest.raises(MissingElements, match="named_signer"):
        drafting.draft(ws, store, case_id=case.id, kind_id="notice.dmca", lang="en", recipient=host)
    set_holder(ws, store, {"signatory": "Wang Ming", "signatory_capacity": "General Counsel"})
    with store.transaction() as session:
        now = datetime.now(UTC)
        session.add(
            CaptureRow(
                target_id=target.id,
                status="complete",
                mode="http",
                started_at=now,
                finished_at=now,
                artefacts=[_put(ws, PNG, "screenshot", "image/png")],
                environment={"http_status": 200},
            )
        )
    _, data = drafting.draft(
        ws,
        store,
        case_id=case.id,
        kind_id="notice.dmca",
        lang="en",
        recipient=host,
        target_ids=[target.id],
    )
    text = (
        BlobStore(ws.evidence_dir)
        .read(next(d for d in data["documents"] if d["format"] == "txt")["sha256"])
        .decode()
    )
    assert "I, Wang Ming, state that the information in this notification is accurate" in text
    assert "Name: Wang Ming; capacity: General Counsel" in text


def test_the_reply_date_counts_mainland_working_days(
    world: tuple[Workspace, Store, int], tmp_path: Path
) -> None:
    """Seven working days from 28 September 2026 skip the National Day holiday (1-7
    October) and count Saturday 10 October, a working day that year: 13 October, where
    seven calendar days would give 5 October."""
    ws, store, case_id = world
    _holder(ws, store, tmp_path)
    ctx = document_context(
        store,
        case_id,
        lang="zh-CN",
        target_ids=None,
        recipient={"name": "X", "address": "Y"},
        facts={},
        today=date(2026, 9, 28),
    )
    assert ctx["deadline"] == "2026-10-13"
    title = title_for(KINDS["cease_and_desist"], "zh-CN", ctx["holder"])
    html = render_html(environment(), "cease_and_desist", "zh-CN", {**ctx, "title": title})
    assert "2026年10月13日前（本函落款之日起7个工作日内" in html_to_text(html)


def test_a_webform_packet_holds_the_evidence_files_to_upload(
    world: tuple[Workspace, Store, int], tmp_path: Path
) -> None:
    ws, store, case_id = world
    _holder(ws, store, tmp_path)
    _captures(ws, store)
    portal = gating.Recipient("某电商平台", "杭州市余杭区某路1号", None, "provider")
    action, _ = drafting.draft(
        ws, store, case_id=case_id, kind_id="notice.ecommerce", lang="zh-CN", recipient=portal
    )
    drafting.approve(store, action.id, role="counsel", note="ok")
    _, _, packet = dispatch.send_offline(
        ws, store, action.id, channel="webform", out_dir=tmp_path / "out"
    )
    with zipfile.ZipFile(packet) as zf:
        assert zf.read("upload/link1-capture1-screenshot.png") == PNG
        assert zf.read("upload/link1-capture1-pdf.pdf") == PAGE_PDF
        assert zf.read("upload/holder-identity-licence.pdf") == LICENCE
