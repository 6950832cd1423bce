"""A document's language follows its recipient (#20)."""

from __future__ import annotations

import pytest

from rightsguard.actions.gating import Recipient
from rightsguard.services.doc_language import document_language


@pytest.mark.parametrize(
    ("kind", "recipient", "fallback", "expected"),
    [
        ("notice.dmca", Recipient("深圳某某", None, "dmca@host.cn", "provider"), "zh-CN", "en"),
        ("udrp_complaint", Recipient(None, None, None, "dispute_provider"), "zh-CN", "en"),
        ("notice.ecommerce", Recipient("Mall", None, "ipr@mall.com", "provider"), "en", "zh-CN"),
        ("amr_complaint", Recipient(None, None, None, "authority"), "en", "zh-CN"),
        ("cease_and_desist", Recipient("王五", None, None, "primary_infringer"), "en", "zh-CN"),
        ("cease_and_desist", Recipient(None, None, "a@店铺.中国"), "en", "zh-CN"),
        ("cease_and_desist", Recipient(None, None, "a@shop.xn--fiqs8s"), "en", "zh-CN"),
        ("cease_and_desist", Recipient("Shop LLC", None, "legal@shop.com"), "zh-CN", "en"),
        ("disclosure_request", Recipient(None, None, None, "provider"), "en", "en"),
        ("disclosure_request", Recipient(None, None, None, "provider"), "zh-CN", "zh-CN"),
    ],
)
def test_language_of_the_recipient(
    kind: str, recipient: Recipient, fallback: str, expected: str
) -> None:
    assert document_language(kind, recipient, fallback) == expected
