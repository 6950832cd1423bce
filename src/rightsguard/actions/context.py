"""What a document is rendered from: the case as the store knows it.

Besides the case's rights, targets and evidence, the context carries the annexes: the
files themselves (each link's screenshot and capture PDF, each right's certificate, the
holder's licence or identity document, an agent's authorisation, the case's evidence
files), which dispatch attaches to the e-mail and the documents list. Only captures
that show the infringement are used (not a 404/410 or post-take-down capture), and only
the rights the document's channel may name (``grounds.relevant_rights``). A record
without its file is listed as such and becomes a warning of the draft.
"""

from __future__ import annotations

import mimetypes
from datetime import date
from typing import Any

from rightsguard.actions.counter import counter_context
from rightsguard.actions.dispute import CIRCUMSTANCES, dispute_context
from rightsguard.actions.grounds import link_reason, relevant_rights, right_basis, right_phrase
from rightsguard.domain.errors import InvalidValue
from rightsguard.evidence.items import list_items
from rightsguard.playbook.clocks import add_cn_working_days
from rightsguard.store import Store
from rightsguard.store.actions import ActionRepo
from rightsguard.store.blobs import BlobStore
from rightsguard.store.captures import document_captures
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

#: registering offices by the codes rights carry, as each language names them
OFFICE_LABELS = {
    "zh-CN": {
        "CNIPA": "国家知识产权局",
        "CTMO": "国家知识产权局商标局",
        "CPCC": "中国版权保护中心",
        "NCAC": "国家版权局",
        "USPTO": "美国专利商标局",
        "USCO": "美国版权局",
        "EUIPO": "欧盟知识产权局",
        "WIPO": "世界知识产权组织",
    },
    "en": {
        "CNIPA": "CNIPA (China National Intellectual Property Administration)",
        "CTMO": "CNIPA Trademark Office",
        "CPCC": "Copyright Protection Center of China",
        "NCAC": "National Copyright Administration of China",
    },
}

TARGET_KIND_LABELS = {
    "zh-CN": {
        "domain": "网站",
        "listing": "商品链接",
        "shop": "网店",
        "app": "应用",
        "social": "社交媒体账号",
        "post": "帖子",
        "video": "视频",
        "page": "网页",
    },
    "en": {},
}

ITEM_KIND_LABELS = {
    "zh-CN": {
        "test-purchase": "购买取证",
        "receipt": "收据",
        "chat": "聊天记录",
        "photo": "照片",
        "letter": "函件",
        "other": "其他证据",
    },
    "en": {
        "test-purchase": "test purchase",
        "receipt": "receipt",
        "chat": "chat log",
        "photo": "photo",
        "letter": "letter",
        "other": "other evidence",
    },
}

#: the annexes' descriptions: (zh, en)
ANNEX_TEXT = {
    "screenshot": ("链接{n}网页截图（取证第{id}号）", "Screenshot of link {n} (capture {id})"),
    "pdf": ("链接{n}网页打印件（取证第{id}号）", "Page print of link {n} (capture {id})"),
    "capture_missing": (
        "链接{n}取证第{id}号：无截图或打印件文件",
        "Link {n}, capture {id}: no screenshot or page-print file",
    ),
    "certificate": ("{right}注册证/登记证书", "Registration certificate of {right}"),
    "certificate_missing": (
        "{right}：权利证书文件未提供",
        "{right}: no certificate file on record",
    ),
    "identity": ("权利人营业执照/身份证明", "The right holder's business licence / identity"),
    "identity_missing": (
        "权利人营业执照/身份证明文件未提供",
        "The right holder's business licence / identity: no file on record",
    ),
    "authorisation": ("授权委托书", "Authorisation of the agent"),
    "authorisation_missing": (
        "授权委托书文件未提供",
        "Authorisation of the agent: no file on record",
    ),
    "item": ("{kind}：{name}", "{kind}: {name}"),
}

EXTENSIONS = {"image/png": "png", "application/pdf": "pdf"}


def _text(key: str, lang: str, **values: Any) -> str:
    zh, en = ANNEX_TEXT[key]
    return (zh if lang == "zh-CN" else en).format(**values)


class _Annexes:
    """The annex list being built: numbered files, and what is missing."""

    def __init__(self, lang: str, blobs: BlobStore | None) -> None:
        self.lang = lang
        self.blobs = blobs
        self.items: list[dict[str, Any]] = []
        self.warnings: list[str] = []

    def add(self, label: str, filename: str, doc: dict[str, Any] | None, missing: str) -> None:
        sha = (doc or {}).get("sha256")
        if sha and (self.blobs is None or self.blobs.has(sha)):
            self.items.append(
                {
                    "no": len(self.items) + 1,
                    "label": label,
                    "filename": filename,
                    "sha256": sha,
                    "size": (doc or {}).get("size"),
                    "media_type": (doc or {}).get("media_type")
                    or mimetypes.guess_type(filename)[0]
                    or "application/octet-stream",
                    "attached": True,
                }
            )
        else:
            self.items.append(
                {
                    "no": len(self.items) + 1,
                    "label": missing,
                    "filename": None,
                    "sha256": None,
                    "size": None,
                    "media_type": None,
                    "attached": False,
                }
            )
            self.warnings.append(missing)


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
    channel: str | None = None,
    blobs: BlobStore | None = None,
    kind_id: str | None = None,
) -> dict[str, Any]:
    """The context of a document of ``kind_id`` (None: every part, whatever the kind;
    a kind reads only the parts it uses, so bulk notices stay one query each)."""
    zh = lang == "zh-CN"
    case = store.cases.get(case_id)
    all_rights = [store.rights.get(r) for r in case.right_ids]
    profile = get_profile(store, "holder")
    holder = {field: profile.get(field) for field in HOLDER_FIELDS}
    if not holder["name"] and all_rights:
        holder["name"] = all_rights[0].owner
    if target_ids:
        chosen = store.targets.list(case_id=case_id, ids=list(target_ids))
        missing = sorted(set(target_ids) - {t.id for t in chosen})
        if missing:
            raise InvalidValue("--target", f"target {missing[0]} is not in case {case_id}")
    else:
        chosen = store.targets.list(case_id=case_id)
    labels = RIGHT_LABELS.get(lang, RIGHT_LABELS["en"])
    offices = OFFICE_LABELS.get(lang, {})
    kinds = TARGET_KIND_LABELS.get(lang, {})
    rights_all = [
        {
            "kind": r.kind.value,
            "kind_label": labels.get(r.kind.value, r.kind.value),
            "name": r.name,
            "registration_number": r.registration_number,
            "office": offices.get((r.office or "").upper(), r.office),
            "classes": list(r.classes),
            "owner": r.owner,
            "jurisdiction": r.jurisdiction,
            "expires_on": r.expires_on.isoformat() if r.expires_on else None,
            "proofs": [p.sha256 for p in r.proofs],
            "proof_files": [{"name": p.name, "sha256": p.sha256, "size": p.size} for p in r.proofs],
            "basis": right_basis(r.kind.value, lang),
        }
        for r in all_rights
    ]
    rights = relevant_rights(channel, rights_all)
    number = {t.id: n for n, t in enumerate(chosen, start=1)}
    targets = [
        {
            "id": t.id,
            "no": number[t.id],
            "url": t.url,
            "host": t.host,
            "kind": t.kind.value,
            "kind_label": kinds.get(t.kind.value, t.kind.value),
            "title": t.title,
            "platform": t.platform,
            "reason": link_reason(channel, rights, {"url": t.url}, lang),
        }
        for t in chosen
    ]
    annexes = _Annexes(lang, blobs)
    evidence: list[dict[str, Any]] = []
    excluded: list[dict[str, Any]] = []
    for capture in document_captures(store, [t.id for t in chosen]):
        n = number[capture.target_id]
        if capture.gone:
            excluded.append({"capture_id": capture.id, "target_no": n, "why": capture.gone})
            continue
        by_role = {a.get("role"): a for a in capture.artefacts}
        sealed = by_role.get("wacz") or (capture.artefacts[0] if capture.artefacts else None)
        if sealed:
            evidence.append(
                {
                    "label": f"网页取证第{capture.id}号（链接{n}）"
                    if zh
                    else f"web capture {capture.id} (link {n})",
                    "sha256": sealed.get("sha256", ""),
                    "tsa_time": capture.environment.get("tsa_time"),
                }
            )
        files = [role for role in ("screenshot", "pdf") if role in by_role]
        for role in files:
            art = by_role[role]
            ext = EXTENSIONS.get(str(art.get("media_type")), role)
            annexes.add(
                _text(role, lang, n=n, id=capture.id),
                f"link{n}-capture{capture.id}-{role}.{ext}",
                art,
                _text("capture_missing", lang, n=n, id=capture.id),
            )
        if not files:
            annexes.add("", "", None, _text("capture_missing", lang, n=n, id=capture.id))
    for right in rights:
        phrase = right_phrase(right, lang)
        files = right["proof_files"]
        if not files:
            annexes.add("", "", None, _text("certificate_missing", lang, right=phrase))
        for proof in files:
            annexes.add(
                _text("certificate", lang, right=phrase),
                f"right-{proof['name']}",
                proof,
                _text("certificate_missing", lang, right=phrase),
            )
    annexes.add(
        _text("identity", lang),
        f"holder-identity-{(holder.get('identity_doc') or {}).get('name', '')}",
        holder.get("identity_doc"),
        _text("identity_missing", lang),
    )
    if holder.get("agent") or holder.get("authorisation_doc"):
        annexes.add(
            _text("authorisation", lang),
            f"authorisation-{(holder.get('authorisation_doc') or {}).get('name', '')}",
            holder.get("authorisation_doc"),
            _text("authorisation_missing", lang),
        )
    item_kinds = ITEM_KIND_LABELS.get(lang, ITEM_KIND_LABELS["en"])
    for item in list_items(store, case_id):
        kind_label = item_kinds.get(item.kind, item.kind)
        evidence.append(
            {
                "label": f"{item.name}（{kind_label}）" if zh else f"{item.name} ({kind_label})",
                "sha256": item.sha256,
                "tsa_time": item.tsa_time.isoformat() if item.tsa_time else None,
            }
        )
        annexes.add(
            _text("item", lang, kind=kind_label, name=item.name),
            f"evidence{item.id}-{item.name}",
            {"sha256": item.sha256, "size": item.size, "media_type": item.media_type},
            _text("item", lang, kind=kind_label, name=item.name),
        )
    out = {
        "case": {"id": case.id, "title": case.title},
        "holder": holder,
        "recipient": recipient,
        "rights": rights,
        "targets": targets,
        "evidence": evidence,
        "annexes": annexes.items,
        "excluded_captures": excluded,
        "warnings": annexes.warnings,
        "facts": facts,
        "statements": {"truthfulness": True, "good_faith": True, "perjury": True},
        "today": today.isoformat(),
        "reply_days": reply_days,
        "deadline": add_cn_working_days(today, reply_days).isoformat(),
        "domains": registration_data(store, [t for t in chosen if t.kind.value == "domain"])
        if channel in CIRCUMSTANCES or kind_id is None
        else [],
    }
    if channel in CIRCUMSTANCES:
        out["dispute"] = dispute_context(channel, out, lang)
    recorded_breaches = (
        store.targets.breaches([t.id for t in chosen])
        if kind_id in (None, "other_authority_complaint")
        else {}
    )
    out["breaches"] = [
        {"target_no": number[t], **b}
        for t, found in sorted(recorded_breaches.items())
        for b in found
    ]
    if out["breaches"] and not facts.get("breach"):
        out["facts"] = {**facts, "breach": out["breaches"][0]["breach"]}
    recorded = (
        recorded_counter_notice(store, case_id, chosen)
        if kind_id in (None, "counter_notice_reply")
        else {}
    )
    out["counter_notice"] = counter_context(facts, recorded)
    out["acceptance_annex"] = _acceptance_annex(facts, annexes.items)
    return out


def recorded_counter_notice(store: Store, case_id: int, chosen: list[Any]) -> dict[str, Any]:
    """The latest counter-notice recorded on a notice about these targets (``act record
    --counter-notice-reached-us-on``): the day it reached us, the day the provider got
    it, the notice and its channel."""
    ids = {t.id for t in chosen}
    found: dict[str, Any] = {}
    for action, data in ActionRepo(store).list(case_id):
        on = data.get("counter_notice_on")
        if not on or not ids & set(action.target_ids):
            continue
        if found and found["on"] >= on:
            continue
        found = {
            "on": on,
            "received_by_host_on": data.get("counter_notice_received_by_host_on"),
            "action_id": action.id,
            "channel": str(data.get("kind") or "").removeprefix("notice.") or None,
        }
    return found


def _acceptance_annex(facts: dict[str, Any], annexes: list[dict[str, Any]]) -> int | None:
    """The annex number of the acceptance notice (``--fact acceptance_notice=ITEM_ID``,
    an evidence item of the case: ``rightsguard evidence add FILE --case ID``)."""
    item = str(facts.get("acceptance_notice") or "").strip()
    if not item:
        return None
    for annex in annexes:
        if annex["attached"] and str(annex["filename"]).startswith(f"evidence{item}-"):
            return int(annex["no"])
    raise InvalidValue(
        "--fact acceptance_notice",
        f"{item!r} is not an evidence item of this case with its file "
        "(rightsguard evidence add FILE --case ID, then its id)",
    )


def registration_data(store: Store, domains: list[Any]) -> list[dict[str, Any]]:
    """Per disputed domain, what RDAP/WHOIS said (the identification's observables):
    registrar, registrant, its e-mail and place, the creation date, the source."""
    found = store.observables.for_targets([t.id for t in domains])
    out = []
    for t in domains:
        row: dict[str, Any] = dict.fromkeys(
            ("registrar", "registrant", "source", "country", "province", "created", "email")
        )
        row["host"] = t.host
        for o in found.get(t.id, []):
            kind, detail = o.kind.value, o.detail or {}
            if kind == "registrar" and not row["registrar"]:
                row["registrar"] = o.value
            elif kind == "registrant" and not row["registrant"]:
                row["registrant"] = o.value
                row["source"] = o.source
                row["country"] = detail.get("country")
                row["province"] = detail.get("province")
                row["created"] = str(detail.get("created") or "")[:10] or None
            elif kind == "email" and detail.get("subtype") == "registrant" and not row["email"]:
                row["email"] = o.value
        out.append(row)
    return out
