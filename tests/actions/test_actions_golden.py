"""Golden files: every template, in every language, rendered from one fixed case.

Run with RIGHTSGUARD_UPDATE_GOLDEN=1 to rewrite them after a deliberate change,
then read the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rightsguard.actions.catalog import KINDS, missing_elements
from rightsguard.actions.render import LANGS, environment, html_to_text, render_html

GOLDEN = Path(__file__).parent / "golden"
CONTEXT = {
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
        }
    ],
    "targets": [
        {
            "id": 1,
            "url": "http://aurorix-outlet.cn/",
            "host": "aurorix-outlet.cn",
            "kind": "domain",
            "title": "极光官方折扣店",
            "platform": None,
        }
    ],
    "evidence": [
        {
            "label": "capture 1 (target 1)",
            "sha256": "ab" * 32,
            "tsa_time": "2026-11-20 08:00:00 UTC",
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
    },
    "statements": {"truthfulness": True, "good_faith": True, "perjury": True},
    "today": "2026-11-28",
    "reply_days": 7,
    "deadline": "2026-12-05",
}


@pytest.mark.parametrize("kind_id", sorted(KINDS))
@pytest.mark.parametrize("lang", LANGS)
def test_golden(kind_id: str, lang: str) -> None:
    kind = KINDS[kind_id]
    assert not missing_elements(kind, CONTEXT)
    title = kind.title_zh if lang == "zh-CN" else kind.title_en
    text = html_to_text(render_html(environment(), kind_id, lang, {**CONTEXT, "title": title}))
    path = GOLDEN / f"{kind_id}.{lang}.txt"
    if os.environ.get("RIGHTSGUARD_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no golden file {path.name}; run with RIGHTSGUARD_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")
    assert title in text and "aurorix-outlet.cn" in text
