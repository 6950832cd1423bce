"""Actions by the caller's role: drafting, approval, sending and recording outcomes.

Every face (the CLI with the workspace's ``role``, the workbench with the signed-in
user's, the dispatch job with the role it was queued with) goes through these, so
the same person may do the same things everywhere:

* a document is drafted, approved, sent and its outcome recorded only by a role
  that may approve its kind (counsel for letters, domain disputes and lawsuits;
  liaison too for notices and complaints): a liaison can neither send nor close a
  counsel-only document;
* only counsel (and admin) override a gate, with a written reason;
* four eyes: whoever drafted an action does not approve it, unless the workspace
  allows it (``allow_self_approval``, for a team of one), and then the approval
  says so in the audit trail.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from rightsguard.actions import dispatch, drafting, replies
from rightsguard.actions.catalog import KINDS
from rightsguard.actions.drafting import approvers, require_approver, who_may
from rightsguard.actions.gating import FactsCache, Recipient
from rightsguard.domain.email_address import check_email, optional_email
from rightsguard.domain.errors import InvalidValue
from rightsguard.domain.nouns import Action
from rightsguard.domain.roles import ROLE_ZH, allowed, roles_zh
from rightsguard.services.doc_language import document_language
from rightsguard.store import Store
from rightsguard.store.actions import ActionRepo
from rightsguard.store.blobs import BlobStore
from rightsguard.store.profiles import HOLDER_DOCUMENTS, update_profile
from rightsguard.workspace import Workspace

LANGS = ("zh-CN", "en")
#: How an approved action leaves: by e-mail, or as a packet a person submits or posts.
CHANNELS = ("email", "webform", "post")


def _require_override(role: str, override_reason: str | None) -> None:
    if override_reason and not allowed("gate.override", role):
        raise InvalidValue(
            "override_reason",
            "only counsel may override a gate",
            zh="只有法律顾问可以越过规则限制",
        )


def provider_recipient(ws: Workspace, key: str, lang: str) -> Recipient:
    """The recipient a document to provider ``key`` of the directory goes to: its name
    (in Chinese for a Chinese document when the directory has one), e-mail and postal
    address (``act draft --provider KEY``)."""
    from rightsguard.identify.providers import PROVIDERS_FILE, Directory

    directory = Directory.load(
        ws.root / PROVIDERS_FILE, sandbox=bool(ws.settings.allow_private_targets)
    )
    if key not in directory.entries:
        raise InvalidValue(
            "--provider", f"{key!r} is not in the provider directory (providers list)"
        )
    entry = directory.get(key)
    channels = entry.channels
    name = str(entry.data.get("name_zh") or entry.name) if lang == "zh-CN" else entry.name
    email, postal = channels.get("email"), channels.get("postal")
    if not (email or postal):
        raise InvalidValue(
            "--provider", f"{key} has no e-mail or postal address in the directory; use --to-…"
        )
    return Recipient(name, str(postal) if postal else None, str(email) if email else None)


def draft_action(
    ws: Workspace,
    store: Store,
    *,
    role: str,
    case_id: int,
    kind: str,
    lang: str,
    recipient: Recipient,
    target_ids: list[int] | None = None,
    facts: dict[str, Any] | None = None,
    override_reason: str | None = None,
    today: date | None = None,
    cache: FactsCache | None = None,
) -> tuple[Action, dict[str, Any]]:
    """Draft a document (required elements, gates, then HTML, PDF, DOCX and e-mail text);
    an empty ``lang`` means the recipient's language (``doc_language``)."""
    if kind not in KINDS:
        raise InvalidValue("kind", f"{kind!r} is not a document type (rightsguard act types)")
    if recipient.email is not None:
        recipient = replace(recipient, email=optional_email(recipient.email, "to_email"))
    if not lang:  # the recipient's language, not the interface's
        lang = document_language(kind, recipient, str(ws.settings.language))
    if lang not in LANGS:
        raise InvalidValue("lang", "zh-CN or en (or empty: the recipient's language)")
    action_type = KINDS[kind].action_type
    if role not in approvers(action_type):
        raise InvalidValue(
            "kind",
            f"a {kind} is drafted by {who_may(action_type)}, not {role}",
            zh=f"{kind} 由{roles_zh(approvers(action_type))}起草，当前角色为"
            f"{ROLE_ZH.get(role, role)}",
        )
    _require_override(role, override_reason)
    return drafting.draft(
        ws,
        store,
        case_id=case_id,
        kind_id=kind,
        lang=lang,
        recipient=recipient,
        target_ids=target_ids,
        facts=facts,
        role=role,
        override_reason=override_reason,
        today=today,
        cache=cache,
    )


def approve_action(
    ws: Workspace, store: Store, action_id: int, *, role: str, note: str = ""
) -> tuple[Action, dict[str, Any]]:
    """Approve a draft: by a role that may approve its kind, and by someone other than
    the drafter unless the workspace allows self-approval (then recorded as such)."""
    action, data = ActionRepo(store).get(action_id)
    require_approver(role, action, "approving")  # before four eyes: the role error first
    drafter = data.get("drafted_by") or ActionRepo(store).drafted_by(action_id)
    if drafter == store.actor:
        if not bool(ws.settings.allow_self_approval):
            raise InvalidValue(
                "approval",
                f"{store.actor} drafted action {action_id}; another person must approve it "
                "(four eyes; a team of one sets allow_self_approval)",
                zh=f"行动 {action_id} 由 {store.actor} 起草，须由另一人批准（四眼原则；"
                "一人团队可启用 allow_self_approval）",
            )
        note = f"self-approved (allow_self_approval){': ' + note if note else ''}"
    return drafting.approve(store, action_id, role=role, note=note)


def send_action(
    ws: Workspace,
    store: Store,
    action_id: int,
    *,
    role: str,
    via: str = "email",
    override_reason: str | None = None,
    out_dir: Path | None = None,
    portal: str | None = None,
    cache: FactsCache | None = None,
) -> tuple[Action, dict[str, Any], Path | None]:
    """Send an approved action (its gates checked again): by e-mail, or as a web-form
    packet or print-ready letter written to ``out_dir`` (returned third)."""
    if via not in CHANNELS:
        raise InvalidValue("via", f"{via!r} is not one of {', '.join(CHANNELS)}")
    if not allowed("action.send", role):
        raise InvalidValue("role", f"sending needs the role liaison, counsel or admin, not {role}")
    action, _ = ActionRepo(store).get(action_id)
    require_approver(role, action, "sending")
    _require_override(role, override_reason)
    if via == "email":
        sent, data = dispatch.send(
            ws, store, action_id, role=role, override_reason=override_reason, cache=cache
        )
        return sent, data, None
    if out_dir is None:
        raise InvalidValue("out", f"say where the {via} packet goes")
    return dispatch.send_offline(
        ws,
        store,
        action_id,
        channel=via,
        out_dir=out_dir,
        role=role,
        override_reason=override_reason,
        portal=portal,
    )


def record_outcome(
    store: Store,
    action_id: int,
    *,
    role: str,
    outcome: str | None = None,
    reference: str | None = None,
    note: str | None = None,
    counter_notice_received_by_host_on: str | date | None = None,
    counter_notice_on: str | date | None = None,
) -> tuple[Action, dict[str, Any]]:
    """Record a reply, a submission reference or an outcome (removed, rejected, closed…)
    on an action, by a role that may approve its kind; a counter-notice with its dates."""
    action, _ = ActionRepo(store).get(action_id)
    require_approver(role, action, "recording the outcome of")
    return replies.record(
        store,
        action_id,
        outcome=outcome,
        reference=reference,
        note=note,
        counter_notice_received_by_host_on=counter_notice_received_by_host_on,
        counter_notice_on=counter_notice_on,
    )


def set_holder(
    ws: Workspace,
    store: Store,
    values: dict[str, Any],
    files: dict[str, Path | None] | None = None,
) -> dict[str, Any]:
    """Update the holder's profile; ``files`` (``identity_doc``, ``authorisation_doc``) are
    stored in the evidence store by hash and referenced from the profile, so every
    notice attaches them. A file that cannot be read changes nothing."""
    changes = dict(values)
    if changes.get("email"):
        changes["email"] = check_email(changes["email"], "email")
    blobs = BlobStore(ws.evidence_dir)
    for key, path in (files or {}).items():
        if key not in HOLDER_DOCUMENTS:
            raise InvalidValue(key, f"{key!r} is not one of {', '.join(HOLDER_DOCUMENTS)}")
        if path is None:
            continue
        if not path.is_file():
            raise InvalidValue(key, f"{path} is not a readable file")
    for key, path in (files or {}).items():
        if path is not None:
            blob = blobs.put_file(path)
            changes[key] = {"name": path.name, "sha256": blob.sha256, "size": blob.size}
    return update_profile(store, "holder", changes)
