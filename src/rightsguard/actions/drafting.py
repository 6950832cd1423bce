"""Draft and approve an action; every step through the gates.

- ``draft``: every required element present (else one error naming each and
  where to supply it), the playbook's gates passed (or overridden by counsel
  with a written reason, recorded), then the document rendered as HTML, PDF,
  DOCX and e-mail text, each stored by hash and entered in the ledger.
- ``approve``: letters, domain complaints and other legal steps by counsel;
  notices and complaints by a liaison or counsel.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from rightsguard.actions.catalog import kind, missing_elements, title_for
from rightsguard.actions.context import document_context
from rightsguard.actions.errors import MissingElements
from rightsguard.actions.gating import FactsCache, Recipient, gate
from rightsguard.actions.render import (
    environment,
    html_to_docx,
    html_to_pdf,
    html_to_text,
    render_html,
)
from rightsguard.domain.enums import ActionStatus, ActionType
from rightsguard.domain.errors import InvalidValue
from rightsguard.domain.nouns import Action
from rightsguard.domain.roles import ROLE_ZH, roles_zh
from rightsguard.evidence.ledger import Ledger
from rightsguard.store import Store
from rightsguard.store.actions import ActionRepo
from rightsguard.store.blobs import BlobStore
from rightsguard.store.db import mark_changed
from rightsguard.workspace import Workspace

COUNSEL_ONLY = {
    ActionType.CEASE_AND_DESIST,
    ActionType.DOMAIN_DISPUTE,
    ActionType.LAWSUIT,
    ActionType.POLICE_REPORT,
    ActionType.TECHNICAL_MEASURE,
}


def fact_pairs(pairs: Iterable[str], field: str) -> dict[str, str]:
    """``KEY=VALUE`` entries for a document's template (``--fact``, the draft form)."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InvalidValue(field, f"{pair!r} is not KEY=VALUE")
        out[key.strip()] = value.strip()
    return out


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
        channel=document.channel,
        blobs=BlobStore(ws.evidence_dir),
        kind_id=kind_id,
    )
    missing = missing_elements(document, ctx)
    if missing:
        raise MissingElements(
            f"{document.title_en} cannot be drafted; missing: "
            + "; ".join(f"{e.en} ({e.id}) — supply it with: {e.where}" for e in missing),
            zh=f"无法起草{document.title_zh}，缺少："
            + "；".join(f"{e.zh}（{e.id}）——补充方式：{e.where}" for e in missing),
        )
    chosen = [t["id"] for t in ctx["targets"]]
    overrides = gate(
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
    title = title_for(document, lang, ctx["holder"])
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
    for fmt, (content, media) in rendered.items():
        blob = blobs.put_bytes(content)
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
        "annexes": ctx["annexes"],
        "warnings": ctx["warnings"],
        "excluded_captures": ctx["excluded_captures"],
        "overrides": overrides,
        "drafted_by": store.actor,
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
        mark_changed(row, "data")  # the documents list was filled in place
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


def who_may(action_type: ActionType) -> str:
    """The approving roles, as a message names them ("admin or counsel")."""
    return " or ".join(sorted(approvers(action_type)))


#: What ``require_approver`` is asked about, as a Chinese message says it.
DOING_ZH = {"approving": "批准", "sending": "发送", "recording the outcome of": "记录结果"}


def require_approver(role: str, action: Action, doing: str) -> None:
    """``InvalidValue`` unless ``role`` may approve the action's kind (``doing`` it:
    "approving", "sending", …)."""
    if role not in approvers(action.type):
        raise InvalidValue(
            "role",
            f"{doing} a {action.type.value} needs the role {who_may(action.type)}, not {role}",
            zh=f"{DOING_ZH.get(doing, doing)}此类行动（{action.type.value}）需由"
            f"{roles_zh(approvers(action.type))}进行，当前角色为{ROLE_ZH.get(role, role)}",
        )


def approve(
    store: Store, action_id: int, *, role: str, note: str = "", actor: str = ""
) -> tuple[Action, dict[str, Any]]:
    repo = ActionRepo(store)
    action, _ = repo.get(action_id)
    require_approver(role, action, "approving")

    def mutate(row: Any, data: dict[str, Any]) -> None:
        data["approvals"] = [
            *data.get("approvals", []),
            {"by": actor or store.actor, "role": role, "note": note},
        ]

    return repo.change(
        action_id, "action.approved", mutate, status=ActionStatus.APPROVED, reason=note or None
    )
