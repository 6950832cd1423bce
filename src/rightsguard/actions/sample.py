"""A fixed sample case for documents: the golden tests and the gallery render every
document type from it, as ``document_context`` would give it for that type and language
(labels in the language, the rights the channel may name, a reason per link, annexes)."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from rightsguard.actions.catalog import KINDS
from rightsguard.actions.context import OFFICE_LABELS, RIGHT_LABELS
from rightsguard.actions.counter import counter_context
from rightsguard.actions.dispute import CIRCUMSTANCES, dispute_context
from rightsguard.actions.grounds import link_reason, relevant_rights, right_basis, right_phrase
from rightsguard.playbook.clocks import add_cn_working_days

SAMPLE: dict[str, Any] = {
    "case": {"id": 1, "title": "AURORIX / 极光"},
    "holder": {
        "name": "极光智能科技有限公司",
        "address": "杭州市西湖区文三路 100 号",
        "email": "legal@aurorix.com",
        "phone": "0571-8765 4321",
        "uscc": None,
        "signatory": "王律师",
        "agent": None,
        "country": "CN",
        "signatory_capacity": "General Counsel",
        "legal_representative": "张明",
        "legal_representative_title": "董事长",
        "law_firm": None,
        "lawyer": None,
    },
    "recipient": {
        "name": "深圳市晨曦优品贸易有限公司",
        "address": "深圳市南山区科技园 1 号",
        "email": "kefu@chenxi-youpin.cn",
        "role": "primary_infringer",
    },
    "rights": [
        {
            "kind": "trademark",
            "kind_label": "注册商标",
            "name": "极光",
            "registration_number": "41234568",
            "office": "CNIPA",
            "classes": [9],
            "owner": "极光智能科技有限公司",
            "jurisdiction": "CN",
            "expires_on": "2030-06-13",
            "proofs": [],
        },
        {
            "kind": "copyright",
            "name": "极光智能助手界面设计",
            "registration_number": "国作登字-2024-F-00012345",
            "office": "CPCC",
            "classes": [],
            "owner": "极光智能科技有限公司",
            "jurisdiction": "CN",
            "expires_on": None,
            "proofs": ["cd" * 32],
        },
    ],
    "targets": [
        {
            "id": 1,
            "url": "http://aurorix-outlet.cn/",
            "host": "aurorix-outlet.cn",
            "kind": "domain",
            "title": "极光官方折扣店",
            "platform": None,
            "no": 1,
        }
    ],
    "evidence": [
        {
            "label": {"zh-CN": "网页取证第1号（链接1）", "en": "web capture 1 (link 1)"},
            "sha256": "ab" * 32,
            "tsa_time": "2026-11-20T08:00:00+00:00",
        }
    ],
    "facts": {
        "icp_status": "mismatched",
        "icp_number": "粤ICP备18065432号-2",
        "registrant": "Chenxi Youpin",
        "filed_with": "杭州市西湖区人民法院",
        "infringer": "深圳市晨曦优品贸易有限公司",
        "infringer_address": "深圳市龙华区民治街道星河路18号",
        "breach": "labels_not_chinese",
        "defendant": "深圳市晨曦优品贸易有限公司",
        "defendant_address": "深圳市龙华区民治街道星河路18号",
        "measure": "DNS 重定向",
        "damages": "500000",
        "costs": "30000",
        "suspect": "深圳市晨曦优品贸易有限公司",
        "business_volume": "128000",
        "illegal_gains": "45000",
    },
    "statements": {"truthfulness": True, "good_faith": True, "perjury": True},
    "domains": [
        {
            "host": "aurorix-outlet.cn",
            "registrar": "Alibaba Cloud Computing (Beijing) Co., Ltd.",
            "registrant": "Chenxi Youpin",
            "email": "owner@chenxi-youpin.cn",
            "country": "CN",
            "province": "Guangdong",
            "created": "2025-03-15",
            "source": "rdap",
        }
    ],
    "today": "2026-11-28",
    "reply_days": 7,
    "deadline": add_cn_working_days(date(2026, 11, 28), 7).isoformat(),
}
#: the recipient of the types that go to a court or an authority rather than the infringer
RECIPIENTS: dict[str, dict[str, Any]] = {
    "udrp_complaint": {
        "name": "亚洲域名争议解决中心北京秘书处",
        "address": None,
        "email": "adndrc@example.org",
        "role": "dispute_provider",
    },
    "cndrp_complaint": {
        "name": "中国国际经济贸易仲裁委员会网上争议解决中心",
        "address": None,
        "email": "odr@example.org",
        "role": "dispute_provider",
    },
    "amr_complaint": {
        "name": "深圳市市场监督管理局龙华监管局",
        "address": "深圳市龙华区民治街道 3 号",
        "email": "ts@amr.example.cn",
        "role": "authority",
    },
    "other_authority_complaint": {
        "name": "深圳市市场监督管理局龙华监管局",
        "address": "深圳市龙华区民治街道 3 号",
        "email": "ts@amr.example.cn",
        "role": "authority",
    },
    "disclosure_request": {
        "name": "南风云主机有限公司",
        "address": None,
        "email": "abuse@nanfeng-cloud.example",
        "role": "provider",
    },
    "technical_measure_memo": {
        "name": "极光智能科技有限公司法务部",
        "address": "杭州市西湖区文三路 100 号",
        "email": None,
        "role": "authority",
    },
    "civil_complaint": {
        "name": "深圳市龙华区人民法院",
        "address": "深圳市龙华区龙华街道人民路 1 号",
        "email": None,
        "role": "authority",
    },
    "police_report": {
        "name": "深圳市公安局龙华分局",
        "address": "深圳市龙华区民治街道 2 号",
        "email": None,
        "role": "authority",
    },
}
#: the counter-notice recorded on the sample's e-commerce notice (act record)
COUNTER_NOTICE = {
    "on": "2026-11-25",
    "received_by_host_on": "2026-11-24",
    "action_id": 7,
    "channel": "ecommerce",
}
ACCEPTANCE = {"zh-CN": "函件：受理通知书", "en": "letter: 受理通知书"}
SCREENSHOT = {
    "zh-CN": ("链接1网页截图（取证第1号）", "link1-capture1-screenshot.png", "ef" * 32),
    "en": ("Screenshot of link 1 (capture 1)", "link1-capture1-screenshot.png", "ef" * 32),
}
NO_CERTIFICATE = {
    "zh-CN": "{right}：权利证书文件未提供",
    "en": "{right}: no certificate file on record",
}


def sample_context(kind_id: str, lang: str, **holder: Any) -> dict[str, Any]:
    """The fixed case as ``document_context`` would give it for this type and language:
    labels in the language, the rights the channel may name, a reason per link."""
    ctx = copy.deepcopy(SAMPLE)
    ctx["holder"].update(holder)
    channel = KINDS[kind_id].channel
    ctx["recipient"] = dict(RECIPIENTS.get(kind_id, ctx["recipient"]))
    for right in ctx["rights"]:
        right["kind_label"] = RIGHT_LABELS[lang][right["kind"]]
        right["office"] = OFFICE_LABELS[lang].get(right["office"], right["office"])
        right["basis"] = right_basis(right["kind"], lang)
    ctx["rights"] = relevant_rights(channel, ctx["rights"])
    for target in ctx["targets"]:
        target["kind_label"] = "网站" if lang == "zh-CN" else "domain"
        target["reason"] = link_reason(channel, ctx["rights"], target, lang)
    for item in ctx["evidence"]:
        item["label"] = item["label"][lang]
    ctx["annexes"] = [
        {
            "no": n,
            "label": label,
            "filename": name,
            "sha256": sha,
            "attached": bool(name),
            "media_type": "image/png" if name else None,
        }
        for n, (label, name, sha) in enumerate(
            [
                SCREENSHOT[lang],
                *(
                    (NO_CERTIFICATE[lang].format(right=right_phrase(r, lang)), None, None)
                    for r in ctx["rights"][:1]
                ),
            ],
            start=1,
        )
    ]
    if channel in CIRCUMSTANCES:
        ctx["dispute"] = dispute_context(channel, ctx, lang)
    if kind_id == "counter_notice_reply":
        ctx["annexes"].append(
            {
                "no": len(ctx["annexes"]) + 1,
                "label": ACCEPTANCE[lang],
                "filename": "evidence3-受理通知书.pdf",
                "sha256": "9a" * 32,
                "attached": True,
                "media_type": "application/pdf",
            }
        )
        ctx["acceptance_annex"] = len(ctx["annexes"])
    ctx["counter_notice"] = counter_context(ctx["facts"], COUNTER_NOTICE)
    return ctx
