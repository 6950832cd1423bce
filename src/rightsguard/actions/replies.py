"""What comes back after an action went out.

- ``record``: replies, submission references, tracking numbers, outcomes.
- ``import_reply``: a reply received by e-mail, kept as evidence and recorded.
"""

from __future__ import annotations

from datetime import date
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


#: The counter-notice dates an outcome may carry: the facts field, and the CLI option
#: that names it in errors. The provider's receipt starts the DMCA put-back days
#: (17 USC 512(g)(2)(C)); the arrival at the holder starts the E-Commerce Law's 15 days.
COUNTER_NOTICE_DATES = {
    "counter_notice_received_by_host_on": "--counter-notice-received-by-host-on",
    "counter_notice_on": "--counter-notice-reached-us-on",
}


def _day(key: str, value: str | date) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValue(
            COUNTER_NOTICE_DATES[key], f"{value!r} is not a date (YYYY-MM-DD)"
        ) from None


def _counter_notice_dates(
    action: Action, outcome: str | None, dates: dict[str, str | date | None]
) -> dict[str, str]:
    """The given counter-notice dates, checked: only on a counter-noticed action, none
    before the notice went out, and the provider's receipt not after it reached us."""
    given = {k: _day(k, v) for k, v in dates.items() if v is not None}
    if not given:
        return {}
    first = COUNTER_NOTICE_DATES[next(iter(given))]
    if outcome != "counter_noticed" and action.status is not ActionStatus.COUNTER_NOTICED:
        raise InvalidValue(first, "goes with --outcome counter_noticed")
    sent = action.sent_at.date() if action.sent_at else None
    for key, day in given.items():
        if sent is not None and day < sent:
            raise InvalidValue(COUNTER_NOTICE_DATES[key], f"{day} is before the notice went out")
    host, ours = given.get("counter_notice_received_by_host_on"), given.get("counter_notice_on")
    if host is not None and ours is not None and host > ours:
        raise InvalidValue(
            COUNTER_NOTICE_DATES["counter_notice_received_by_host_on"],
            "is after the day the counter notice reached us",
        )
    return {k: v.isoformat() for k, v in given.items()}


def record(
    store: Store,
    action_id: int,
    *,
    outcome: str | None = None,
    reference: str | None = None,
    note: str | None = None,
    counter_notice_received_by_host_on: str | date | None = None,
    counter_notice_on: str | date | None = None,
) -> tuple[Action, dict[str, Any]]:
    """Record a reply, a submission reference or tracking number, or an outcome; a
    counter-notice with the day the provider received it and the day it reached us."""
    status = None
    if outcome is not None:
        if outcome not in OUTCOMES:
            raise InvalidValue("--outcome", f"{outcome!r} is not one of {', '.join(OUTCOMES)}")
        status = OUTCOMES[outcome]
    dates: dict[str, str | date | None] = {
        "counter_notice_received_by_host_on": counter_notice_received_by_host_on,
        "counter_notice_on": counter_notice_on,
    }
    if status is None and not reference and not note and not any(dates.values()):
        raise InvalidValue("record", "give --outcome, --reference or --note")
    counter = _counter_notice_dates(ActionRepo(store).get(action_id)[0], outcome, dates)

    def mutate(row: Any, data: dict[str, Any]) -> None:
        data["history"] = [
            *data.get("history", []),
            {"outcome": outcome, "reference": reference, "note": note, **counter},
        ]
        data.update(counter)

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
