"""From a case in the store to the playbook's facts document.

The document is the same JSON a user can write by hand for a what-if plan
(docs/facts.md): ``rightsguard plan CASE --show-facts`` prints it, so a
consultation can start from the real case and change one fact at a time.
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from rightsguard.domain.enums import ActionStatus, CaptureStatus, ObservableKind
from rightsguard.playbook import CaseFacts, parse_facts
from rightsguard.store import Store
from rightsguard.store.case_snapshot import case_snapshot

_OUTCOMES = {
    ActionStatus.SENT: "pending",
    ActionStatus.ACKNOWLEDGED: "received",
    ActionStatus.REMOVED: "removed",
    ActionStatus.REJECTED: "rejected",
    ActionStatus.COUNTER_NOTICED: "counter_noticed",
    ActionStatus.NO_RESPONSE: "no_reply",
}
_FACT_OBSERVABLES = {k.value for k in ObservableKind}


def _registration_facts(target_id: int, observables: list[dict[str, Any]]) -> dict[str, Any]:
    """What identification learnt that the rules use: the domain's creation date
    (CNDRP's three-year window) and the ICP number the site shows."""
    out: dict[str, Any] = {}
    for o in observables:
        if o["target_id"] != target_id:
            continue
        detail = o.get("detail") or {}
        created = detail.get("created") if o["kind"] == "registrant" else None
        if created and "domain_registered_on" not in out:
            with contextlib.suppress(ValueError):
                out["domain_registered_on"] = date.fromisoformat(str(created)[:10]).isoformat()
        if o["kind"] == "icp_number" and "icp" not in out:
            out["icp"] = {"status": "none", "number": detail.get("raw") or o["value"]}
    return out


def facts_document(
    store: Store, case_id: int, *, today: date, capture_max_age_days: int = 30
) -> dict[str, Any]:
    """The facts document of ``case_id`` as of ``today``."""
    return facts_of_snapshot(
        case_snapshot(store, case_id), today=today, capture_max_age_days=capture_max_age_days
    )


def facts_of_snapshot(
    snap: dict[str, Any], *, today: date, capture_max_age_days: int = 30
) -> dict[str, Any]:
    """The facts document of a case snapshot (``store.case_snapshot``) as of ``today``."""
    case = snap["case"]
    rights = snap["rights"]
    doc: dict[str, Any] = {
        "schema_version": 1,
        "today": today.isoformat(),
        "holder": {"name": rights[0].owner} if rights else {},
        "rights": [
            {
                "id": str(r.id),
                "kind": r.kind.value,
                "jurisdiction": r.jurisdiction,
                "name": r.name,
                "registration_number": r.registration_number,
                "registered_on": r.registered_on.isoformat() if r.registered_on else None,
                "expires_on": r.expires_on.isoformat() if r.expires_on else None,
            }
            for r in rights
        ],
        "targets": [
            {
                "id": str(t["id"]),
                "kind": t["kind"],
                "url": t["url"],
                "platform": t["platform"],
                "control": t["control"],
                "status": t["status"],
                **({"party_id": str(t["party_id"])} if t["party_id"] is not None else {}),
                **_breaches(t.get("breaches")),
                **_registration_facts(t["id"], snap["observables"]),
            }
            for t in snap["targets"]
        ],
        "captures": [
            {
                "target_id": str(c["target_id"]),
                "at": (c["finished_at"] or c["started_at"]).isoformat(),
                "complete": c["status"] == CaptureStatus.COMPLETE.value,
            }
            for c in snap["captures"]
            if c["status"] in (CaptureStatus.COMPLETE.value, CaptureStatus.PARTIAL.value)
        ],
        "observables": [
            {"kind": o["kind"], "value": o["value"][:2000], "target_id": str(o["target_id"])}
            for o in snap["observables"]
            if o["kind"] in _FACT_OBSERVABLES and o["value"]
        ],
        "parties": [
            {
                "id": str(p["id"]),
                "role": p["role"],
                "name": p["label"],
                "identity_known": p["identity_known"],
                "address_known": p["address_known"],
                "verified": bool(p.get("verified")),
                "target_ids": [str(t["id"]) for t in snap["targets"] if t["party_id"] == p["id"]],
            }
            for p in snap["parties"]
        ],
        "history": [
            {
                "id": str(a["id"]),
                "type": a["type"],
                "target_ids": [str(t) for t in a["target_ids"]],
                **({"recipient_party_id": str(a["party_id"])} if a["party_id"] is not None else {}),
                "sent_on": a["sent_at"].date().isoformat(),
                "outcome": (a["data"] or {}).get("outcome")
                if (a["data"] or {}).get("outcome") in ("continued", "complied", "removed")
                else _OUTCOMES.get(ActionStatus(a["status"]), "pending"),
                **_counter_notice(a["data"] or {}),
            }
            for a in snap["actions"]
            if a["sent_at"] is not None
        ],
        "goals": [g.value for g in case.goals],
        "nature": _nature(snap["targets"], today),
        "settings": {"capture_max_age_days": capture_max_age_days},
    }
    return doc


def _breaches(recorded: list[Any] | None) -> dict[str, Any]:
    """The breaches outside IP law recorded on a target (``target breach``)."""
    kinds = sorted({str(b["breach"]) for b in recorded or [] if isinstance(b, dict)})
    return {"breaches": kinds} if kinds else {}


def _counter_notice(data: dict[str, Any]) -> dict[str, Any]:
    """A notice's channel (from its document kind, ``notice.dmca`` gives ``dmca``) and the
    counter-notice dates recorded on it (``act record``)."""
    out: dict[str, Any] = {}
    kind = str(data.get("kind") or "")
    if kind.startswith("notice."):
        out["channel"] = kind.removeprefix("notice.")
    for key in ("counter_notice_received_by_host_on", "counter_notice_on"):
        if data.get(key):
            out[key] = data[key]
    return out


def _nature(targets: list[dict[str, Any]], today: date) -> dict[str, Any]:
    """When the holder knew of the infringement, for the limitation clock (Civil Code
    Art. 188): at the latest when it recorded the first target. A plan made as of an
    earlier day (``--today``) cannot have learnt later than that day, so the date is
    never after ``today``: the earlier start is the safe one for a limitation period."""
    if not targets:
        return {}
    recorded = min(t["created_at"] for t in targets).date()
    return {"known_since": min(recorded, today).isoformat()}


def facts_for_case(
    store: Store, case_id: int, *, today: date, capture_max_age_days: int = 30
) -> CaseFacts:
    return parse_facts(
        facts_document(store, case_id, today=today, capture_max_age_days=capture_max_age_days),
        today=today,
    )
