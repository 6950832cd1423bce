"""What comes back after an action went out.

- ``record``: replies, submission references, tracking numbers, outcomes.
- ``import_reply``: a reply received by e-mail, kept as evidence and recorded.
"""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from rightsguard.domain.enums import ActionStatus
from rightsguard.domain.errors import InvalidValue, UnreadableFile
from rightsguard.domain.nouns import Action
from rightsguard.evidence.ledger import Ledger
from rightsguard.store import Store
from rightsguard.store.actions import ActionRepo
from rightsguard.store.blobs import BlobStore
from rightsguard.workspace import Workspace

OUTCOMES = {
    "acknowledged": ActionStatus.ACKNOWLEDGED,
    "removed": ActionStatus.REMOVED,
    "rejected": ActionStatus.REJECTED,
    "counter_noticed": ActionStatus.COUNTER_NOTICED,
    "no_response": ActionStatus.NO_RESPONSE,
    "closed": ActionStatus.CLOSED,
}


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


def import_reply(
    ws: Workspace, store: Store, eml: Path, action_id: int | None = None
) -> tuple[Action, dict[str, Any]]:
    """A reply received by e-mail: matched to its action by In-Reply-To/References (or
    the id given), kept as evidence (stored by hash, ledgered) and recorded."""
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
