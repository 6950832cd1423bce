"""Send an approved action: by e-mail, or as a web-form packet or a letter for the post.

- ``send``: the gates again (evidence may have aged), then SMTP. Claiming the
  send is one locked update of the action: a second send of the same action
  while the first is under way (two clicks, two servers, a job and a person) is
  refused, so a message goes out once. The Message-ID is recorded with the
  claim, before the message leaves; if a crash comes between the server's
  acceptance and our record, the next ``send`` reuses the same Message-ID, so
  the recipient's systems see one message, never two. A claim left by a process
  that died (on this machine: its pid is gone; elsewhere: after the lease) is
  taken over; one released by an error in this process at once.
- ``send_offline``: a web-form packet or a print-ready letter for recipients
  without e-mail.

Either way the action's targets become actioned and a follow-up deadline is set.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import socket
import zipfile
from datetime import UTC, date, datetime, timedelta
from email.utils import make_msgid
from pathlib import Path
from typing import Any

from rightsguard.actions.catalog import kind
from rightsguard.actions.errors import DispatchFailed
from rightsguard.actions.gating import FactsCache, Recipient, gate
from rightsguard.actions.mail import (
    SERVER_BREAKER,
    SmtpConfig,
    SmtpSession,
    build_message,
    send_message,
)
from rightsguard.domain.enums import ActionStatus, ActionType, TargetStatus
from rightsguard.domain.errors import InvalidValue
from rightsguard.domain.lifecycle import TARGET_TRANSITIONS
from rightsguard.domain.nouns import Action
from rightsguard.store import Store
from rightsguard.store.actions import ActionRepo
from rightsguard.store.blobs import BlobStore
from rightsguard.store.db import session_of
from rightsguard.workspace import Workspace

FOLLOW_UP_DAYS = 14

OFFLINE_CHANNELS = ("webform", "post")


def _attachments(
    ws: Workspace, data: dict[str, Any], limit_mb: int
) -> tuple[list[tuple[str, str, bytes]], list[str]]:
    """The document (PDF, DOCX) and its annexes (the evidence files the document lists:
    screenshots, capture PDFs, certificates, identity, authorisation), as far as the
    size limit allows; what does not fit is named with its hash in the message."""
    blobs = BlobStore(ws.evidence_dir)
    attached: list[tuple[str, str, bytes]] = []
    withheld: list[str] = []
    budget = limit_mb * 1024 * 1024
    files = [
        (f"{data['kind']}.{data['lang']}.{doc['format']}", doc["media_type"], doc)
        for doc in data["documents"]
        if doc["format"] in ("pdf", "docx")
    ]
    files += [
        (annex["filename"], annex["media_type"], annex)
        for annex in data.get("annexes") or []
        if annex.get("attached")
    ]
    for name, media_type, doc in files:
        size = doc.get("size") or 0
        if size > budget:
            base = str(ws.settings.download_base_url).rstrip("/")
            where = f"download: {base}/{doc['sha256']}" if base else "available on request"
            withheld.append(f"{name} (SHA-256 {doc['sha256']}), {where}")
            continue
        budget -= size
        attached.append((name, media_type, blobs.read(doc["sha256"])))
    return attached, withheld


def _cleared_to_send(
    ws: Workspace,
    store: Store,
    repo: ActionRepo,
    action_id: int,
    role: str,
    override_reason: str | None,
    today: date,
    cache: FactsCache | None,
) -> tuple[Action, dict[str, Any], Recipient]:
    """An approved action whose gates still pass (evidence may have aged since)."""
    action, data = repo.get(action_id)
    if action.status is not ActionStatus.APPROVED:
        raise InvalidValue(
            "action",
            f"action {action_id} is {action.status.value}; only an "
            "approved action is sent (rightsguard act approve)",
            zh=f"行动 {action_id} 的状态为 {action.status.value}：只有已批准的行动才能发送，"
            "请先批准",
        )
    recipient = Recipient(**data["recipient"])
    gate(
        ws,
        store,
        action.case_id,
        kind(data["kind"]),
        recipient,
        list(action.target_ids),
        role,
        override_reason,
        today,
        cache,
        data.get("facts"),
    )
    return action, data, recipient


def send(
    ws: Workspace,
    store: Store,
    action_id: int,
    *,
    role: str = "analyst",
    override_reason: str | None = None,
    today: date | None = None,
    cache: FactsCache | None = None,
    session: SmtpSession | None = None,
) -> tuple[Action, dict[str, Any]]:
    repo = ActionRepo(store)
    today = today or date.today()
    _, data, recipient = _cleared_to_send(
        ws, store, repo, action_id, role, override_reason, today, cache
    )
    if not recipient.email:
        raise InvalidValue(
            "recipient",
            "this action has no e-mail recipient; use a web-form "
            "packet or post and record the reference (rightsguard act record)",
            zh="此行动没有电子邮件收件人：请改用网页表单或邮寄，并记录受理编号",
        )
    config = SmtpConfig.from_settings(
        ws.settings.smtp_url,
        ws.settings.smtp_from,
        ws.settings.smtp_ca_file,
        float(ws.settings.smtp_timeout_seconds),
        ws.root,
    )
    lease = timedelta(seconds=4 * float(ws.settings.smtp_timeout_seconds) + 10)
    holder = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
    claimed: dict[str, Any] = {}

    def claim(row: Any, d: dict[str, Any]) -> None:
        if row.status != ActionStatus.APPROVED.value:
            raise InvalidValue(
                "action",
                f"action {action_id} is {row.status}; only an approved action is sent",
                zh=f"行动 {action_id} 的状态为 {row.status}：只有已批准的行动才能发送",
            )
        previous = d.get("dispatch") or {}
        now = datetime.now(UTC)
        if previous.get("state") == "sending" and _claim_alive(previous, now, lease):
            raise InvalidValue(
                "action",
                f"action {action_id} is being sent (since {previous.get('claimed_at')}); "
                "it is not sent twice",
                zh=f"行动 {action_id} 正在发送中（自 {previous.get('claimed_at')} 起），"
                "不会重复发送",
            )
        message_id = previous.get("message_id") if previous.get("state") == "sending" else None
        entry = {
            "channel": "smtp",
            "message_id": message_id
            or make_msgid(idstring=f"rg-action-{action_id}", domain="rightsguard.local"),
            "state": "sending",
            "to": recipient.email,
            "attempts": previous.get("attempts", 0) + 1,
            "claimed_by": holder,
            "claimed_at": now.isoformat(),
        }
        d["dispatch"] = entry
        claimed.update(entry)

    repo.change(action_id, "action.dispatching", claim)
    message_id = claimed["message_id"]
    try:
        return _deliver(
            ws, store, repo, action_id, data, recipient, config, message_id, today, session
        )
    except BaseException:
        _release(repo, action_id, holder)
        raise


def _claim_alive(dispatch: dict[str, Any], now: datetime, lease: timedelta) -> bool:
    """Whether another send still holds the action: its claim is within the lease and,
    if it was made on this machine by another process, that process is alive."""
    holder = str(dispatch.get("claimed_by") or "")
    at = dispatch.get("claimed_at")
    if not holder or not at:
        return False  # released (an error in the sending process) or an older record
    if now - datetime.fromisoformat(str(at)) > lease:
        return False
    host, pid, _ = [*holder.split(":"), "", ""][:3]
    if host == socket.gethostname() and pid.isdigit() and int(pid) != os.getpid():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
    return True


def _release(repo: ActionRepo, action_id: int, holder: str) -> None:
    """An error in this process ended the send: give the claim up (the Message-ID stays,
    so a new send reuses it). Best effort: the database may be what failed."""

    def release(row: Any, d: dict[str, Any]) -> None:
        current = d.get("dispatch") or {}
        if current.get("claimed_by") == holder and current.get("state") == "sending":
            d["dispatch"] = {**current, "claimed_by": None}

    with contextlib.suppress(Exception):
        repo.change(action_id, "action.dispatch_released", release)


def _deliver(
    ws: Workspace,
    store: Store,
    repo: ActionRepo,
    action_id: int,
    data: dict[str, Any],
    recipient: Recipient,
    config: SmtpConfig,
    message_id: str,
    today: date,
    session: SmtpSession | None,
) -> tuple[Action, dict[str, Any]]:
    assert recipient.email is not None
    blobs = BlobStore(ws.evidence_dir)
    html_doc = next(d for d in data["documents"] if d["format"] == "html")
    text_doc = next(d for d in data["documents"] if d["format"] == "txt")
    attachments, withheld = _attachments(ws, data, int(ws.settings.smtp_max_attachment_mb))
    text = blobs.read(text_doc["sha256"]).decode()
    if withheld:
        text += "\n" + "\n".join(f"Not attached (too large): {w}" for w in withheld) + "\n"
    msg = build_message(
        config,
        to=recipient.email,
        subject=data["title"],
        text=text,
        html=blobs.read(html_doc["sha256"]).decode(),
        message_id=message_id,
        attachments=attachments,
    )
    try:
        if session is not None:
            session.send(msg)
        else:
            send_message(config, msg, SERVER_BREAKER)
    except DispatchFailed as exc:
        error = exc.message

        def mark_failed(row: Any, d: dict[str, Any]) -> None:
            d["dispatch"] = {**d["dispatch"], "state": "failed", "error": error}

        repo.change(action_id, "action.dispatch_failed", mark_failed, reason=error)
        raise
    digest = hashlib.sha256(msg.as_bytes()).hexdigest()

    def mark_sent(row: Any, d: dict[str, Any]) -> None:
        d["dispatch"] = {
            **d["dispatch"],
            "state": "sent",
            "message_sha256": digest,
            "withheld": withheld,
        }
        d["follow_up"] = (today + timedelta(days=FOLLOW_UP_DAYS)).isoformat()
        _add_follow_up(store, row, today)
        _mark_targets_actioned(store, row)

    return repo.change(action_id, "action.sent", mark_sent, status=ActionStatus.SENT)


def _mark_targets_actioned(store: Store, row: Any) -> None:
    """The targets an action went out about are now actioned (rechecks watch them):
    those the domain's machine lets move there."""
    session = session_of(row)
    for target_id in row.target_ids:
        status = store.targets.status_in(session, target_id)
        if status is None:
            continue
        if TargetStatus.ACTIONED not in TARGET_TRANSITIONS[status]:
            continue
        store.targets.move(
            session,
            target_id,
            TargetStatus.ACTIONED,
            reason=f"action {row.id} sent",
            case_id=row.case_id,
        )


def _add_follow_up(store: Store, row: Any, today: date) -> None:
    """The check whether the action worked, as a deadline on the case; written in the
    transaction that records the sending."""
    due = datetime.combine(today + timedelta(days=FOLLOW_UP_DAYS), datetime.min.time(), UTC)
    rule = (
        "cd.follow-up"
        if row.type == ActionType.CEASE_AND_DESIST.value
        else ("notice.verify-removal")
    )
    store.deadlines.add_in(
        session_of(row),
        case_id=row.case_id,
        action_id=row.id,
        label=f"check whether action {row.id} worked",
        due=due,
        rule_id=rule,
        consequence="escalate if the infringement continues",
    )


def send_offline(
    ws: Workspace,
    store: Store,
    action_id: int,
    *,
    channel: str,
    out_dir: Path,
    role: str = "analyst",
    override_reason: str | None = None,
    portal: str | None = None,
    today: date | None = None,
) -> tuple[Action, dict[str, Any], Path]:
    """For recipients without e-mail: a web-form packet (the fields to paste and the
    files to upload) or a print-ready letter for the post. The action counts as sent;
    record the portal's submission reference or the tracking number with ``record``."""
    if channel not in OFFLINE_CHANNELS:
        raise InvalidValue("--via", f"{channel!r} is not email, webform or post")
    repo = ActionRepo(store)
    today = today or date.today()
    action, data, recipient = _cleared_to_send(
        ws, store, repo, action_id, role, override_reason, today, None
    )
    blobs = BlobStore(ws.evidence_dir)
    docs = {d["format"]: d for d in data["documents"]}
    if "pdf" not in docs:
        raise InvalidValue("action", f"action {action_id} has no PDF; draft it again")
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"action-{action_id}-{data['kind']}.{data['lang']}"
    if channel == "post":
        target = out_dir / f"{stem}.print.pdf"
        if target.exists():
            raise InvalidValue("--out", f"{target} exists")
        target.write_bytes(blobs.read(docs["pdf"]["sha256"]))
        state = "awaiting_tracking"
    else:
        target = out_dir / f"{stem}.webform.zip"
        if target.exists():
            raise InvalidValue("--out", f"{target} exists")
        text = blobs.read(docs["txt"]["sha256"]).decode()
        targets = store.targets.list(case_id=action.case_id, ids=list(action.target_ids))
        fields = {
            "portal": portal or "(the provider's IP-protection portal)",
            "recipient": recipient.name,
            "subject": data["title"],
            "urls": [t.url for t in targets],
            "statement": text,
        }
        with zipfile.ZipFile(target, "x", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("FIELDS.json", json.dumps(fields, ensure_ascii=False, indent=2))
            zf.writestr("URLS.txt", "\n".join(fields["urls"]) + "\n")
            zf.writestr("STATEMENT.txt", text)
            for fmt in ("pdf", "docx"):
                if fmt in docs:
                    zf.writestr(f"upload/{stem}.{fmt}", blobs.read(docs[fmt]["sha256"]))
            for annex in data.get("annexes") or []:
                if annex.get("attached"):
                    zf.writestr(f"upload/{annex['filename']}", blobs.read(annex["sha256"]))
        state = "awaiting_reference"
    digest = hashlib.sha256(target.read_bytes()).hexdigest()

    def mark(row: Any, d: dict[str, Any]) -> None:
        d["dispatch"] = {"channel": channel, "state": state, "file": str(target), "sha256": digest}
        d["follow_up"] = (today + timedelta(days=FOLLOW_UP_DAYS)).isoformat()
        _add_follow_up(store, row, today)
        _mark_targets_actioned(store, row)

    result = repo.change(
        action_id,
        "action.sent",
        mark,
        status=ActionStatus.SENT,
        reason=f"{channel} packet {target.name}",
    )
    return result[0], result[1], target
