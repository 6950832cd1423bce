"""Draft, approve, send and follow an action; every step through the gates.

- ``draft``: every required element present (else one error naming each and
  where to supply it), the playbook's gates passed (or overridden by counsel
  with a written reason, recorded), then the document rendered as HTML, PDF,
  DOCX and e-mail text, each stored by hash and entered in the ledger.
- ``approve``: letters, domain complaints and other legal steps by counsel;
  notices and complaints by a liaison or counsel.
- ``send``: the gates again (evidence may have aged), then SMTP. The
  Message-ID is recorded before the message leaves; if a crash comes between
  the server's acceptance and our record, the next ``send`` reuses the same
  Message-ID, so the recipient's systems see one message, never two.
- ``record``: replies, submission references, tracking numbers, outcomes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from email.utils import make_msgid
from pathlib import Path
from typing import Any

from sqlalchemy.orm.attributes import flag_modified

from rightsguard.actions.catalog import DocumentKind, kind, missing_elements
from rightsguard.actions.context import document_context
from rightsguard.actions.mail import (
    SERVER_BREAKER,
    DispatchFailed,
    SmtpConfig,
    SmtpSession,
    build_message,
    send_message,
)
from rightsguard.actions.render import (
    environment,
    html_to_docx,
    html_to_pdf,
    html_to_text,
    render_html,
)
from rightsguard.domain.enums import ActionStatus, ActionType, PartyRole, ProviderKind
from rightsguard.domain.errors import InputError, InvalidValue
from rightsguard.domain.nouns import Action
from rightsguard.evidence.blobstore import BlobStore
from rightsguard.evidence.ledger import Ledger
from rightsguard.playbook import parse_facts
from rightsguard.playbook.facts import (
    CaseFacts,
    Channel,
    IcpFiling,
    IcpStatus,
    PartyFact,
    ProviderFact,
)
from rightsguard.playbook.gates import Override, enforce
from rightsguard.store import Store
from rightsguard.store.actions import ActionRepo
from rightsguard.workspace import Workspace

COUNSEL_ONLY = {
    ActionType.CEASE_AND_DESIST,
    ActionType.DOMAIN_DISPUTE,
    ActionType.LAWSUIT,
    ActionType.POLICE_REPORT,
    ActionType.TECHNICAL_MEASURE,
}
FOLLOW_UP_DAYS = 14
OUTCOMES = {
    "acknowledged": ActionStatus.ACKNOWLEDGED,
    "removed": ActionStatus.REMOVED,
    "rejected": ActionStatus.REJECTED,
    "counter_noticed": ActionStatus.COUNTER_NOTICED,
    "no_response": ActionStatus.NO_RESPONSE,
    "closed": ActionStatus.CLOSED,
}


@dataclass(frozen=True)
class Recipient:
    name: str | None = None
    address: str | None = None
    email: str | None = None
    role: str = "provider"

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "address": self.address, "email": self.email, "role": self.role}


def fact_pairs(pairs: Iterable[str], field: str) -> dict[str, str]:
    """``KEY=VALUE`` entries for a document's template (``--fact``, the draft form)."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InvalidValue(field, f"{pair!r} is not KEY=VALUE")
        out[key.strip()] = value.strip()
    return out


class MissingElements(InputError):
    code = "missing_elements"


class FactsCache:
    """The case's facts, parsed once and reused across many drafts (bulk notices)."""

    def __init__(self) -> None:
        self._parsed: dict[tuple[int, date], CaseFacts] = {}

    def get(self, ws: Workspace, store: Store, case_id: int, today: date) -> CaseFacts:
        from rightsguard.actions.case_facts import facts_document

        key = (case_id, today)
        if key not in self._parsed:
            doc = facts_document(
                store, case_id, today=today, capture_max_age_days=ws.settings.capture_max_age_days
            )
            self._parsed[key] = parse_facts(doc, today=today)
        return self._parsed[key]


def _facts(
    base: CaseFacts,
    document: DocumentKind,
    recipient: Recipient,
    target_ids: list[str],
    doc_facts: dict[str, Any] | None = None,
) -> tuple[CaseFacts, str | None, str | None]:
    """The case's facts, with the recipient as the party a letter is addressed to, or as
    the provider a notice goes to, and what the user asserts for this document (an ICP
    filing found false or mismatched)."""
    update: dict[str, Any] = {}
    status = (doc_facts or {}).get("icp_status")
    if document.action_type is ActionType.ICP_COMPLAINT and status:
        try:
            filing = IcpFiling(status=IcpStatus(status), number=(doc_facts or {}).get("icp_number"))
        except ValueError:
            raise InvalidValue(
                "--fact",
                f"icp_status {status!r} is not one of {', '.join(s.value for s in IcpStatus)}",
            ) from None
        chosen = set(target_ids)
        base = base.model_copy(
            update={
                "targets": [
                    t.model_copy(update={"icp": filing}) if t.id in chosen else t
                    for t in base.targets
                ]
            }
        )
    party_id = None
    if document.action_type is ActionType.CEASE_AND_DESIST:
        try:
            role = PartyRole(recipient.role)
        except ValueError:
            raise InvalidValue(
                "--to-role",
                f"{recipient.role!r} is not one of {', '.join(r.value for r in PartyRole)}",
            ) from None
        party_id = "recipient"
        update["parties"] = [
            *base.parties,
            PartyFact(
                id=party_id,
                role=role,
                name=recipient.name,
                identity_known=bool(recipient.name),
                address_known=bool(recipient.address),
                target_ids=target_ids,
            ),
        ]
    provider_id = None
    if document.action_type is ActionType.PROVIDER_NOTICE:
        provider_id = "recipient"
        if recipient.email:
            procedure: str | None = f"e-mail to {recipient.email}"
        else:
            procedure = f"post to {recipient.address}" if recipient.address else None
        update["providers"] = [
            *base.providers,
            ProviderFact(
                id=provider_id,
                name=recipient.name or recipient.email or "provider",
                kind=ProviderKind.PLATFORM
                if document.channel == "ecommerce"
                else ProviderKind.HOST,
                channel=Channel(document.channel) if document.channel else None,
                procedure=procedure,
                ecommerce=document.channel == "ecommerce",
                target_ids=target_ids,
            ),
        ]
        chosen = set(target_ids)
        update["targets"] = [
            t.model_copy(update={"provider_ids": [*t.provider_ids, provider_id]})
            if t.id in chosen
            else t
            for t in base.targets
        ]
    return base.model_copy(update=update), party_id, provider_id


def _gate(
    ws: Workspace,
    store: Store,
    case_id: int,
    document: DocumentKind,
    recipient: Recipient,
    target_ids: list[int],
    role: str,
    override_reason: str | None,
    today: date,
    cache: FactsCache | None = None,
    doc_facts: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    ids = [str(t) for t in target_ids]
    base = (cache or FactsCache()).get(ws, store, case_id, today)
    facts, party_id, provider_id = _facts(base, document, recipient, ids, doc_facts)
    override = Override(role, override_reason) if override_reason else None
    blocks = enforce(
        facts,
        document.action_type,
        target_ids=ids,
        recipient_party_id=party_id,
        provider_id=provider_id,
        override=override,
    )
    return [
        {"rule_id": b.rule_id, "text": b.text.en, "role": role, "reason": override_reason}
        for b in blocks
    ]


def draft(
    ws: Workspace,
    store: Store,
    *,
    case_id: int,
    kind_id: str,
    lang: str,
    recipient: Recipient,
    target_ids: list[int] | None = None,
    facts: dict[str, Any] | None = None,
    role: str = "analyst",
    override_reason: str | None = None,
    today: date | None = None,
    with_pdf: bool = True,
    cache: FactsCache | None = None,
) -> tuple[Action, dict[str, Any]]:
    document = kind(kind_id)
    today = today or date.today()
    ctx = document_context(
        store,
        case_id,
        lang=lang,
        target_ids=target_ids,
        recipient=recipient.as_dict(),
        facts=facts or {},
        today=today,
    )
    missing = missing_elements(document, ctx)
    if missing:
        raise MissingElements(
            f"{document.title_en} cannot be drafted; missing: "
            + "; ".join(f"{e.en} ({e.id}) — supply it with: {e.where}" for e in missing)
        )
    chosen = [t["id"] for t in ctx["targets"]]
    overrides = _gate(
        ws,
        store,
        case_id,
        document,
        recipient,
        chosen,
        role,
        override_reason,
        today,
        cache,
        facts,
    )
    env = environment(ws.root / "templates")
    title = document.title_zh if lang == "zh-CN" else document.title_en
    html = render_html(env, kind_id, lang, {**ctx, "title": title})
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    rendered = {
        "html": (html.encode(), "text/html"),
        "txt": (html_to_text(html).encode(), "text/plain"),
        "docx": (html_to_docx(html), docx_type),
    }
    if with_pdf:
        rendered["pdf"] = (html_to_pdf(html), "application/pdf")
    blobs = BlobStore(ws.evidence_dir)
    ledger = Ledger(store)
    documents = []
    for fmt, (data, media) in rendered.items():
        blob = blobs.put_bytes(data)
        documents.append(
            {"format": fmt, "sha256": blob.sha256, "size": blob.size, "media_type": media}
        )
    data = {
        "kind": kind_id,
        "lang": lang,
        "title": title,
        "recipient": recipient.as_dict(),
        "facts": facts or {},
        "documents": documents,
        "overrides": overrides,
        "approvals": [],
        "dispatch": None,
        "history": [],
    }
    repo = ActionRepo(store)
    with store.transaction() as session:
        row = repo.create(session, case_id, document.action_type, chosen, data)
        for doc in documents:
            leaf = ledger.append(
                session,
                "document",
                f"action:{row.id}:{doc['format']}",
                {"sha256": doc["sha256"], "size": doc["size"], "kind": kind_id, "lang": lang},
            )
            doc["ledger_idx"] = leaf.index
        row.data = {**data, "documents": documents}
        flag_modified(row, "data")  # the documents list was filled in place
        if overrides:
            store.record(
                session,
                "gate.overridden",
                "action",
                row.id,
                case_id=case_id,
                after={"rules": [o["rule_id"] for o in overrides]},
                reason=override_reason,
            )
    return repo.get(row.id)


def approvers(action_type: ActionType) -> frozenset[str]:
    """The roles that may approve (and, in the workbench, draft) an action of this type:
    counsel for letters, disputes and lawsuits; liaison too for the rest."""
    if action_type in COUNSEL_ONLY:
        return frozenset({"counsel", "admin"})
    return frozenset({"counsel", "admin", "liaison"})


def approve(
    store: Store, action_id: int, *, role: str, note: str = "", actor: str = ""
) -> tuple[Action, dict[str, Any]]:
    repo = ActionRepo(store)
    action, _ = repo.get(action_id)
    allowed = approvers(action.type)
    if role not in allowed:
        raise InvalidValue(
            "role",
            f"approving a {action.type.value} needs the role "
            f"{' or '.join(sorted(allowed))}, not {role}",
        )

    def mutate(row: Any, data: dict[str, Any]) -> None:
        data["approvals"] = [
            *data.get("approvals", []),
            {"by": actor or store.actor, "role": role, "note": note},
        ]

    return repo.change(
        action_id, "action.approved", mutate, status=ActionStatus.APPROVED, reason=note or None
    )


def _attachments(
    ws: Workspace, data: dict[str, Any], limit_mb: int
) -> tuple[list[tuple[str, str, bytes]], list[str]]:
    blobs = BlobStore(ws.evidence_dir)
    attached: list[tuple[str, str, bytes]] = []
    withheld: list[str] = []
    budget = limit_mb * 1024 * 1024
    for doc in data["documents"]:
        if doc["format"] not in ("pdf", "docx"):
            continue
        name = f"{data['kind']}.{data['lang']}.{doc['format']}"
        if doc["size"] > budget:
            base = str(ws.settings.download_base_url).rstrip("/")
            where = f"download: {base}/{doc['sha256']}" if base else "available on request"
            withheld.append(f"{name} (SHA-256 {doc['sha256']}), {where}")
            continue
        budget -= doc["size"]
        attached.append((name, doc["media_type"], blobs.read(doc["sha256"])))
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
        )
    recipient = Recipient(**data["recipient"])
    _gate(
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
        )
    config = SmtpConfig.from_settings(
        ws.settings.smtp_url,
        ws.settings.smtp_from,
        ws.settings.smtp_ca_file,
        float(ws.settings.smtp_timeout_seconds),
        ws.root,
    )
    previous = data.get("dispatch") or {}
    message_id = previous.get("message_id") if previous.get("state") == "sending" else None
    message_id = message_id or make_msgid(
        idstring=f"rg-action-{action_id}", domain="rightsguard.local"
    )

    def mark_sending(row: Any, d: dict[str, Any]) -> None:
        d["dispatch"] = {
            "channel": "smtp",
            "message_id": message_id,
            "state": "sending",
            "to": recipient.email,
            "attempts": previous.get("attempts", 0) + 1,
        }

    repo.change(action_id, "action.dispatching", mark_sending)
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
        _add_follow_up(row, today)
        _mark_targets_actioned(store, row)

    return repo.change(action_id, "action.sent", mark_sent, status=ActionStatus.SENT)


def _mark_targets_actioned(store: Store, row: Any) -> None:
    """The targets an action went out about are now actioned (rechecks watch them)."""
    from sqlalchemy.orm import object_session

    from rightsguard.domain.enums import TargetStatus
    from rightsguard.store.models import TargetRow

    session = object_session(row)
    assert session is not None
    movable = {
        TargetStatus.SUSPECTED,
        TargetStatus.CONFIRMED,
        TargetStatus.PERSISTING,
        TargetStatus.REAPPEARED,
    }
    for target_id in row.target_ids:
        target = session.get(TargetRow, target_id)
        if target is None or TargetStatus(target.status) not in movable:
            continue
        before = target.status
        target.status = TargetStatus.ACTIONED.value
        store.record(
            session,
            "target.status_changed",
            "target",
            target_id,
            case_id=row.case_id,
            before={"status": before},
            after={"status": target.status},
            reason=f"action {row.id} sent",
        )


def _add_follow_up(row: Any, today: date) -> None:
    """The check whether the action worked, as a deadline on the case; written in the
    transaction that records the sending."""
    from datetime import UTC, datetime

    from sqlalchemy.orm import object_session

    from rightsguard.store.models import DeadlineRow

    session = object_session(row)
    assert session is not None
    due = datetime.combine(today + timedelta(days=FOLLOW_UP_DAYS), datetime.min.time(), UTC)
    rule = (
        "cd.follow-up"
        if row.type == ActionType.CEASE_AND_DESIST.value
        else ("notice.verify-removal")
    )
    session.add(
        DeadlineRow(
            case_id=row.case_id,
            action_id=row.id,
            label=f"check whether action {row.id} worked",
            due=due,
            rule_id=rule,
            consequence="escalate if the infringement continues",
        )
    )


def record(
    store: Store,
    action_id: int,
    *,
    outcome: str | None = None,
    reference: str | None = None,
    note: str | None = None,
) -> tuple[Action, dict[str, Any]]:
    """Record a reply, a submission reference or tracking number, or an outcome."""
    status = None
    if outcome is not None:
        if outcome not in OUTCOMES:
            raise InvalidValue("--outcome", f"{outcome!r} is not one of {', '.join(OUTCOMES)}")
        status = OUTCOMES[outcome]
    if status is None and not reference and not note:
        raise InvalidValue("record", "give --outcome, --reference or --note")

    def mutate(row: Any, data: dict[str, Any]) -> None:
        data["history"] = [
            *data.get("history", []),
            {"outcome": outcome, "reference": reference, "note": note},
        ]

    return ActionRepo(store).change(
        action_id, "action.recorded", mutate, status=status, reason=note
    )


OFFLINE_CHANNELS = ("webform", "post")


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
    import zipfile

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
        state = "awaiting_reference"
    digest = hashlib.sha256(target.read_bytes()).hexdigest()

    def mark(row: Any, d: dict[str, Any]) -> None:
        d["dispatch"] = {"channel": channel, "state": state, "file": str(target), "sha256": digest}
        d["follow_up"] = (today + timedelta(days=FOLLOW_UP_DAYS)).isoformat()
        _add_follow_up(row, today)
        _mark_targets_actioned(store, row)

    result = repo.change(
        action_id,
        "action.sent",
        mark,
        status=ActionStatus.SENT,
        reason=f"{channel} packet {target.name}",
    )
    return result[0], result[1], target


def import_reply(
    ws: Workspace, store: Store, eml: Path, action_id: int | None = None
) -> tuple[Action, dict[str, Any]]:
    """A reply received by e-mail: matched to its action by In-Reply-To/References (or
    the id given), kept as evidence (stored by hash, ledgered) and recorded."""
    from email import message_from_bytes, policy

    from rightsguard.domain.errors import UnreadableFile

    try:
        raw = eml.read_bytes()
    except OSError as exc:
        raise UnreadableFile(eml, exc.strerror or str(exc)) from None
    msg = message_from_bytes(raw, policy=policy.default)
    if not msg.keys():
        raise UnreadableFile(eml, "not an e-mail message (.eml)")

    def header(name: str) -> str:
        try:
            return str(msg.get(name, ""))
        except Exception:  # the email package fails on some malformed values (a huge Date)
            return next((str(v) for k, v in msg.raw_items() if k.lower() == name.lower()), "")

    refs = " ".join(header(h) for h in ("In-Reply-To", "References"))
    repo = ActionRepo(store)
    if action_id is None:
        for action, data in repo.list():
            mid = ((data.get("dispatch") or {}).get("message_id") or "").strip()
            if mid and mid in refs:
                action_id = action.id
                break
    if action_id is None:
        raise InvalidValue(
            "FILE",
            f"{eml.name} answers no message we sent (In-Reply-To/"
            "References match no action); give the action id",
        )
    action, _ = repo.get(action_id)
    blob = BlobStore(ws.evidence_dir).put_bytes(raw)
    with store.transaction() as session:
        leaf = Ledger(store).append(
            session,
            "document",
            f"action:{action_id}:reply",
            {
                "sha256": blob.sha256,
                "size": blob.size,
                "from": header("From"),
                "date": header("Date"),
            },
        )
    reply = {
        "from": header("From"),
        "subject": header("Subject"),
        "date": header("Date"),
        "sha256": blob.sha256,
        "ledger_idx": leaf.index,
    }
    status = ActionStatus.ACKNOWLEDGED if action.status is ActionStatus.SENT else None

    def mutate(row: Any, data: dict[str, Any]) -> None:
        data["history"] = [*data.get("history", []), {"reply": reply}]

    return repo.change(
        action_id, "action.reply_received", mutate, status=status, reason=reply["subject"] or None
    )
