"""Drafting, approving and sending documents to the sandbox's real SMTP server."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rightsguard.actions import dispatch, drafting, gating, replies
from rightsguard.actions.errors import DispatchFailed, MissingElements
from rightsguard.domain.enums import ActionStatus
from rightsguard.domain.errors import GateBlocked, InvalidValue
from rightsguard.domain.rights import make_right_draft
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.sandbox import Sandbox, sites, smtp, tsa
from rightsguard.sandbox.smtp import SmtpService
from rightsguard.store import Store
from rightsguard.store.actions import ActionRepo
from rightsguard.store.models import CaptureRow, DeadlineRow
from rightsguard.store.profiles import update_profile
from rightsguard.workspace import Workspace, init_workspace

INFRINGER = gating.Recipient(
    "深圳市晨曦优品贸易有限公司",
    "深圳市南山区科技园 1 号",
    "kefu@chenxi-youpin.cn",
    "primary_infringer",
)


@pytest.fixture(scope="module")
def mail(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SmtpService, Path]]:
    state = tmp_path_factory.mktemp("sb")
    with Sandbox(
        state_dir=state, services=[sites.make_service, tsa.make_service, smtp.make_service]
    ) as sandbox:
        service_ = sandbox.service("smtp")
        assert isinstance(service_, SmtpService)
        yield service_, sandbox.ca_cert_path


def case_world(
    root: Path, server: SmtpService, ca: Path, *, database_url: str = "", timeout: int = 2
) -> tuple[Workspace, Store, int]:
    """A workspace sending to the sandbox's SMTP server, with a right and a case whose
    one target the infringer controls."""
    ep = server.endpoints()["smtp"]
    ws = init_workspace(
        root,
        {
            "database_url": database_url,
            "smtp_url": f"smtp://{smtp.USER}:{smtp.PASSWORD}@{ep.host}:{ep.port}?starttls=true",
            "smtp_from": "legal@aurorix.com",
            "smtp_ca_file": str(ca),
            "smtp_timeout_seconds": timeout,
        },
    )
    store = Store(ws.database_url, "tester")
    right = store.rights.add(
        make_right_draft(
            kind="trademark",
            name="极光",
            jurisdiction="CN",
            owner="极光智能科技有限公司",
            registration_number="41234568",
            classes=[9],
        )
    )
    case = store.cases.new("极光 outlet", right_ids=(right.id,))
    store.targets.add(
        parse_target_row({"url": "aurorix-outlet.cn", "kind": "domain", "control": "infringer"}),
        case.id,
    )
    return ws, store, case.id


@pytest.fixture
def world(tmp_path: Path, mail: tuple[SmtpService, Path]) -> Iterator[tuple[Workspace, Store, int]]:
    server, ca = mail
    server.set_mode("ok")
    ws, store, case_id = case_world(tmp_path / "ws", server, ca)
    yield ws, store, case_id
    store.close()


def _holder(store: Store) -> None:
    update_profile(
        store,
        "holder",
        {
            "name": "极光智能科技有限公司",
            "address": "杭州市西湖区文三路 100 号",
            "email": "legal@aurorix.com",
            "signatory": "王律师",
            "law_firm": "浙江明理律师事务所",
            "lawyer": "王明",
        },
    )


def _capture(store: Store) -> None:
    now = datetime.now(UTC)
    with store.transaction() as session:
        session.add(
            CaptureRow(
                target_id=1,
                status="complete",
                mode="browser",
                started_at=now,
                finished_at=now,
                artefacts=[{"role": "wacz", "sha256": "ab" * 32, "size": 1}],
            )
        )


def test_missing_elements_are_named_with_where_to_supply(
    world: tuple[Workspace, Store, int],
) -> None:
    ws, store, case_id = world
    with pytest.raises(MissingElements) as info:
        drafting.draft(
            ws,
            store,
            case_id=case_id,
            kind_id="cease_and_desist",
            lang="zh-CN",
            recipient=gating.Recipient(name="X", role="primary_infringer"),
        )
    message = info.value.message
    assert "holder_identity" in message and "rightsguard holder set" in message
    assert "recipient_identity" in message and "preliminary_evidence" in message


def test_gates_block_and_counsel_overrides(world: tuple[Workspace, Store, int]) -> None:
    ws, store, case_id = world
    _holder(store)
    _capture(store)  # satisfies the evidence element; the gate wants it fresh, it is
    customer = gating.Recipient("某客户", "某地", "buyer@example.cn", "customer")
    with pytest.raises(GateBlocked, match=r"cd\.primary-only"):
        drafting.draft(
            ws, store, case_id=case_id, kind_id="cease_and_desist", lang="zh-CN", recipient=customer
        )
    with pytest.raises(GateBlocked, match="override refused"):
        drafting.draft(
            ws,
            store,
            case_id=case_id,
            kind_id="cease_and_desist",
            lang="zh-CN",
            recipient=customer,
            role="analyst",
            override_reason="client insists",
        )
    action, data = drafting.draft(
        ws,
        store,
        case_id=case_id,
        kind_id="cease_and_desist",
        lang="zh-CN",
        recipient=customer,
        role="counsel",
        override_reason="the customer is the distributor",
    )
    assert data["overrides"][0]["rule_id"] == "cd.primary-only"
    verbs = [e.verb for e in store.events.list(entity="action", entity_id=action.id)]
    assert "gate.overridden" in verbs


def test_draft_approve_send_and_receive(
    world: tuple[Workspace, Store, int], mail: tuple[SmtpService, Path]
) -> None:
    ws, store, case_id = world
    server, _ = mail
    _holder(store)
    _capture(store)
    action, data = drafting.draft(
        ws, store, case_id=case_id, kind_id="cease_and_desist", lang="zh-CN", recipient=INFRINGER
    )
    formats = {d["format"]: d for d in data["documents"]}
    assert set(formats) == {"html", "txt", "pdf", "docx"}
    assert all(d["ledger_idx"] is not None for d in data["documents"])
    blobs = ws.evidence_dir
    import docx
    import pypdf

    from rightsguard.store.blobs import BlobStore

    store_ = BlobStore(blobs)
    pdf_text = "".join(
        page.extract_text()
        for page in pypdf.PdfReader(io.BytesIO(store_.read(formats["pdf"]["sha256"]))).pages
    )
    assert "律师函" in pdf_text and "aurorix-outlet.cn" in pdf_text
    paragraphs = " ".join(
        p.text for p in docx.Document(io.BytesIO(store_.read(formats["docx"]["sha256"]))).paragraphs
    )
    assert "深圳市晨曦优品贸易有限公司" in paragraphs and "惩罚性赔偿" in paragraphs
    with pytest.raises(InvalidValue, match="only an approved action"):
        dispatch.send(ws, store, action.id)
    with pytest.raises(InvalidValue, match="needs the role admin or counsel"):
        drafting.approve(store, action.id, role="liaison")
    drafting.approve(store, action.id, role="counsel", note="checked")
    before = len(server.to(INFRINGER.email or ""))
    sent, data = dispatch.send(ws, store, action.id)
    assert sent.status is ActionStatus.SENT and data["dispatch"]["state"] == "sent"
    received = server.to(INFRINGER.email or "")
    assert len(received) == before + 1
    msg = received[-1].message
    assert msg["Subject"] == "律师函"
    assert str(msg["Message-ID"]).strip() == data["dispatch"]["message_id"]
    names = sorted(p.get_filename() for p in msg.iter_attachments())
    assert names == ["cease_and_desist.zh-CN.docx", "cease_and_desist.zh-CN.pdf"]
    assert "深圳市晨曦优品贸易有限公司" in msg.get_body(("plain",)).get_content()
    with store.transaction() as session:
        assert session.query(DeadlineRow).filter_by(action_id=action.id).count() == 1
    recorded, _ = replies.record(store, action.id, outcome="removed", note="site gone")
    assert recorded.status is ActionStatus.REMOVED


@pytest.mark.parametrize("failure", ["reject", "auth", "slow"])
def test_dispatch_failures_leave_the_action_unsent(
    world: tuple[Workspace, Store, int],
    mail: tuple[SmtpService, Path],
    failure: str,
    tmp_path: Path,
) -> None:
    ws, store, case_id = world
    server, ca = mail
    _holder(store)
    _capture(store)
    action, _ = drafting.draft(
        ws,
        store,
        case_id=case_id,
        kind_id="notice.civil_code",
        lang="en",
        recipient=gating.Recipient("Host Ltd", None, "abuse@host.example"),
    )
    drafting.approve(store, action.id, role="liaison")
    if failure == "auth":
        ep = server.endpoints()["smtp"]
        ws = init_workspace(ws.root)  # same workspace, new settings below
        ws.settings_file.write_text(
            "[rightsguard]\n"
            f'smtp_url = "smtp://{smtp.USER}:wrong@{ep.host}:{ep.port}?starttls=true"\n'
            f'smtp_from = "legal@aurorix.com"\nsmtp_ca_file = "{ca}"\n'
        )
        from rightsguard.workspace import open_workspace

        ws = open_workspace(ws.root)
    else:
        server.slow_seconds = 4.0
        server.set_mode(failure)
    try:
        with pytest.raises(DispatchFailed) as info:
            dispatch.send(ws, store, action.id)
    finally:
        server.set_mode("ok")
    expected = {"reject": "554", "auth": "refused the login", "slow": "cannot deliver"}[failure]
    assert expected in info.value.message
    again, data = ActionRepo(store).get(action.id)
    assert again.status is ActionStatus.APPROVED
    assert data["dispatch"]["state"] == "failed" and expected in data["dispatch"]["error"]


def test_a_crash_between_sending_and_recording_does_not_send_twice(
    world: tuple[Workspace, Store, int],
    mail: tuple[SmtpService, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws, store, case_id = world
    server, _ = mail
    _holder(store)
    _capture(store)
    action, _ = drafting.draft(
        ws,
        store,
        case_id=case_id,
        kind_id="notice.civil_code",
        lang="zh-CN",
        recipient=gating.Recipient("某主机商", None, "ipr@host-crash.example"),
    )
    drafting.approve(store, action.id, role="counsel")
    real_change = ActionRepo.change

    def crash_on_sent(
        self: ActionRepo, action_id: int, verb: str, *a: object, **kw: object
    ) -> object:
        if verb == "action.sent":
            raise KeyboardInterrupt("power cut")
        return real_change(self, action_id, verb, *a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(ActionRepo, "change", crash_on_sent)
    with pytest.raises(KeyboardInterrupt):
        dispatch.send(ws, store, action.id)
    monkeypatch.setattr(ActionRepo, "change", real_change)
    _, data = ActionRepo(store).get(action.id)
    assert data["dispatch"]["state"] == "sending"
    first_id = data["dispatch"]["message_id"]
    dispatch.send(ws, store, action.id)
    received = server.to("ipr@host-crash.example")
    assert len(received) == 2  # the server got it twice ...
    assert {m.message_id for m in received} == {first_id}  # ... as one and the same message


def test_webform_packet_post_letter_and_reference(
    world: tuple[Workspace, Store, int], tmp_path: Path
) -> None:
    import json
    import zipfile

    ws, store, case_id = world
    _holder(store)
    _capture(store)
    notice, _ = drafting.draft(
        ws,
        store,
        case_id=case_id,
        kind_id="notice.ecommerce",
        lang="zh-CN",
        recipient=gating.Recipient("某平台", "杭州市", None, "provider"),
    )
    drafting.approve(store, notice.id, role="liaison")
    with pytest.raises(InvalidValue, match="no e-mail recipient"):
        dispatch.send(ws, store, notice.id)
    sent, data, packet = dispatch.send_offline(
        ws,
        store,
        notice.id,
        channel="webform",
        out_dir=tmp_path / "out",
        portal="https://ipr.example.cn",
    )
    assert sent.status is ActionStatus.SENT and data["dispatch"]["state"] == "awaiting_reference"
    with zipfile.ZipFile(packet) as zf:
        fields = json.loads(zf.read("FIELDS.json"))
        names = set(zf.namelist())
    assert fields["urls"] == ["http://aurorix-outlet.cn/"] and fields["portal"].startswith("https")
    assert {"URLS.txt", "STATEMENT.txt"} <= names and any(n.endswith(".pdf") for n in names)
    _, data = replies.record(store, notice.id, reference="IPR-2026-000123")
    assert data["history"][-1]["reference"] == "IPR-2026-000123"
    letter, _ = drafting.draft(
        ws,
        store,
        case_id=case_id,
        kind_id="cease_and_desist",
        lang="en",
        recipient=gating.Recipient("Chenxi Youpin", "Shenzhen", None, "primary_infringer"),
    )
    drafting.approve(store, letter.id, role="counsel")
    _, data, pdf = dispatch.send_offline(
        ws, store, letter.id, channel="post", out_dir=tmp_path / "out"
    )
    assert pdf.read_bytes().startswith(b"%PDF") and data["dispatch"]["state"] == "awaiting_tracking"


def test_reply_email_is_matched_and_kept(
    world: tuple[Workspace, Store, int], mail: tuple[SmtpService, Path], tmp_path: Path
) -> None:
    from email.message import EmailMessage

    ws, store, case_id = world
    _holder(store)
    _capture(store)
    action, _ = drafting.draft(
        ws,
        store,
        case_id=case_id,
        kind_id="notice.civil_code",
        lang="en",
        recipient=gating.Recipient("Host", None, "abuse@reply-host.example"),
    )
    drafting.approve(store, action.id, role="liaison")
    _, data = dispatch.send(ws, store, action.id)
    reply = EmailMessage()
    reply["From"] = "abuse@reply-host.example"
    reply["Subject"] = "Re: notice — content removed"
    reply["In-Reply-To"] = data["dispatch"]["message_id"]
    reply.set_content("We removed the page.")
    eml = tmp_path / "reply.eml"
    eml.write_bytes(bytes(reply))
    got, data = replies.import_reply(ws, store, eml)
    assert got.id == action.id and got.status is ActionStatus.ACKNOWLEDGED
    kept = data["history"][-1]["reply"]
    assert kept["from"] == "abuse@reply-host.example" and kept["ledger_idx"] is not None
    stray = tmp_path / "stray.eml"
    stray.write_bytes(b"From: x@y\nSubject: hello\n\nhi\n")
    with pytest.raises(InvalidValue, match="answers no message we sent"):
        replies.import_reply(ws, store, stray)


def test_a_draft_without_a_language_is_written_in_the_recipients(
    world: tuple[Workspace, Store, int],
) -> None:
    from rightsguard.services.actions import draft_action

    ws, store, case_id = world
    _holder(store)
    _capture(store)
    overseas = gating.Recipient(
        "Outlet Trading LLC",
        "1 Main St, Dover, DE",
        "legal@outlet-trading.com",
        "primary_infringer",
    )
    langs = [
        draft_action(
            ws,
            store,
            role="counsel",
            case_id=case_id,
            kind="cease_and_desist",
            lang="",
            recipient=recipient,
        )[1]["lang"]
        for recipient in (overseas, INFRINGER)
    ]
    assert langs == ["en", "zh-CN"]
