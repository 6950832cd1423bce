"""What a document is rendered from: the case as the store knows it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from rightsguard.domain.errors import InvalidValue
from rightsguard.evidence.items import list_items
from rightsguard.store import Store
from rightsguard.store.models import CaptureRow
from rightsguard.store.profiles import HOLDER_FIELDS, get_profile

RIGHT_LABELS = {
    "zh-CN": {
        "trademark": "注册商标",
        "copyright": "著作权",
        "patent": "专利权",
        "domain_name": "域名",
        "personality": "人格权",
        "trade_name": "企业名称",
    },
    "en": {
        "trademark": "Registered trademark",
        "copyright": "Copyright",
        "patent": "Patent",
        "domain_name": "Domain name",
        "personality": "Personality right",
        "trade_name": "Trade name",
    },
}


def document_context(
    store: Store,
    case_id: int,
    *,
    lang: str,
    target_ids: list[int] | None,
    recipient: dict[str, Any],
    facts: dict[str, Any],
    today: date,
    reply_days: int = 7,
) -> dict[str, Any]:
    case = store.cases.get(case_id)
    rights = [store.rights.get(r) for r in case.right_ids]
    profile = get_profile(store, "holder")
    holder = {field: profile.get(field) for field in HOLDER_FIELDS}
    if not holder["name"] and rights:
        holder["name"] = rights[0].owner
    if target_ids:
        chosen = store.targets.list(case_id=case_id, ids=list(target_ids))
        missing = sorted(set(target_ids) - {t.id for t in chosen})
        if missing:
            raise InvalidValue("--target", f"target {missing[0]} is not in case {case_id}")
    else:
        chosen = store.targets.list(case_id=case_id)
    labels = RIGHT_LABELS.get(lang, RIGHT_LABELS["en"])
    evidence: list[dict[str, Any]] = []
    with store.transaction() as session:
        for capture in session.scalars(
            select(CaptureRow)
            .where(
                CaptureRow.target_id.in_([t.id for t in chosen]), CaptureRow.status == "complete"
            )
            .order_by(CaptureRow.id)
        ):
            wacz = next(
                (a for a in capture.artefacts if a.get("role") == "wacz"),
                capture.artefacts[0] if capture.artefacts else None,
            )
            if wacz:
                evidence.append(
                    {
                        "label": f"capture {capture.id} (target {capture.target_id})",
                        "sha256": wacz.get("sha256", ""),
                        "tsa_time": (capture.environment or {}).get("tsa_time"),
                    }
                )
    for item in list_items(store, case_id):
        evidence.append(
            {
                "label": f"{item.name} ({item.kind})",
                "sha256": item.sha256,
                "tsa_time": item.tsa_time.strftime("%Y-%m-%d %H:%M:%S UTC")
                if item.tsa_time
                else None,
            }
        )
    return {
        "case": {"id": case.id, "title": case.title},
        "holder": holder,
        "recipient": recipient,
        "rights": [
            {
                "kind": r.kind.value,
                "kind_label": labels.get(r.kind.value, r.kind.value),
                "name": r.name,
                "registration_number": r.registration_number,
                "office": r.office,
                "classes": list(r.classes),
                "owner": r.owner,
                "jurisdiction": r.jurisdiction,
                "expires_on": r.expires_on.isoformat() if r.expires_on else None,
                "proofs": [p.sha256 for p in r.proofs],
            }
            for r in rights
        ],
        "targets": [
            {
                "id": t.id,
                "url": t.url,
                "host": t.host,
                "kind": t.kind.value,
                "title": t.title,
                "platform": t.platform,
            }
            for t in chosen
        ],
        "evidence": evidence,
        "facts": facts,
        "statements": {"truthfulness": True, "good_faith": True, "perjury": True},
        "today": today.isoformat(),
        "reply_days": reply_days,
        "deadline": (today + timedelta(days=reply_days)).isoformat(),
    }
