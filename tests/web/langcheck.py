"""What counts as English left in the Chinese interface (#20): a visible run of
English-only words once the verbatim parts (URLs, addresses, hashes, codes, numbers)
and the words both languages share (brands, law and technical abbreviations) are
taken out. Used by the page crawl and by the flash-message checks."""

from __future__ import annotations

import re

#: Words that are the same in both languages: brands, law and technical abbreviations.
ALLOWED = {
    "RightsGuard",
    "English",
    "DMCA",
    "UDRP",
    "ICP",
    "CNDRP",
    "DSA",
    "AMR",
    "SAMR",
    "WHOIS",
    "RDAP",
    "DNS",
    "TSA",
    "SMTP",
    "API",
    "PDF",
    "CSV",
    "HTML",
    "DOCX",
    "WACZ",
    "WARC",
    "JSON",
    "URL",
    "IP",
    "CDN",
    "ID",
    "OK",
    "PNG",
    "SHA",
    "ASN",
    "UTC",
    "HTTP",
    "HTTPS",
    "TXT",
    "AURORIX",
}
#: Text that is a URL, an e-mail address, a host, a hash, a code (a.b_c) or a number.
_VERBATIM = re.compile(
    r"\bzh-CN\b|https?://\S+|\S+@\S+|\b[\w-]+(?:\.[\w-]+)+\b|\b[0-9a-f]{12,}\b|\b\w+_\w+\b|\d+"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*")
_HAN = re.compile(r"[\u3400-\u9fff]")


def has_chinese(text: str) -> bool:
    return bool(_HAN.search(text))


def english_only(text: str) -> bool:
    """A run with English words and no Chinese, once the verbatim parts are taken out."""
    if has_chinese(text):
        return False
    rest = _VERBATIM.sub(" ", text)
    words = [w for w in _WORD.findall(rest) if w not in ALLOWED and w.upper() not in ALLOWED]
    return any(len(w) >= 3 for w in words)
