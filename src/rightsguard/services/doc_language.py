"""The language a document is written in: the recipient's, not the interface's.

A notice under Chinese law, or to a Chinese authority, is read in Chinese; a DMCA
notice, a DSA notice and a UDRP complaint in English. For the documents that can go
anywhere (a letter, a reply to a counter-notice, a disclosure request) the recipient
decides: a Chinese name or address, or an e-mail domain under .cn/.中国, means
zh-CN; any other e-mail domain means en. Only when nothing is known does the
workspace's ``language`` setting decide. The web form and ``act draft`` both leave
the choice to this function unless the user picks a language.
"""

from __future__ import annotations

import re

from rightsguard.actions.gating import Recipient

ENGLISH_KINDS = frozenset({"notice.dmca", "notice.dsa", "udrp_complaint"})
CHINESE_KINDS = frozenset(
    {
        "notice.civil_code",
        "notice.ecommerce",
        "notice.network_dissemination",
        "icp_complaint",
        "cndrp_complaint",
        "amr_complaint",
        "other_authority_complaint",
        "civil_complaint",
        "police_report",
    }
)
#: .cn, .中国 and .中國 (punycode as well as typed)
CHINESE_TLDS = frozenset({"cn", "中国", "中國", "xn--fiqs8s", "xn--fiqz9s"})
_HAN = re.compile(r"[\u3400-\u9fff]")


def document_language(kind: str, recipient: Recipient, fallback: str) -> str:
    """zh-CN or en for a document of ``kind`` to ``recipient`` (``fallback`` if unknown)."""
    if kind in ENGLISH_KINDS:
        return "en"
    if kind in CHINESE_KINDS or recipient.role == "authority":
        return "zh-CN"
    if any(_HAN.search(text or "") for text in (recipient.name, recipient.address)):
        return "zh-CN"
    email = (recipient.email or "").strip()
    if "@" in email:
        tld = email.rsplit("@", 1)[1].rstrip(".").rsplit(".", 1)[-1].lower()
        return "zh-CN" if tld in CHINESE_TLDS else "en"
    return fallback
