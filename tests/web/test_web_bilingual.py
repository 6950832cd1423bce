"""Completely bilingual (#20): with the zh-CN interface, every page reachable from the
navigation, and a case, a target and an action page, shows no visible run of
English-only words. What may stay as it is: URLs, e-mail addresses, hashes, codes
(rule ids, document kinds), brand names and law abbreviations."""

from __future__ import annotations

import re
from typing import Any

import pytest
from webkit import Web, browser_sign_in, nav_links, record_world

pytestmark = pytest.mark.browser

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

VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || ["SCRIPT", "STYLE", "CODE", "PRE", "TEXTAREA"].includes(el.tagName)) continue;
    if (el.closest("code, pre, .verbatim, [translate=no]")) continue;
    const text = node.textContent.trim();
    if (!text || !el.checkVisibility()) continue;
    out.push(text);
  }
  for (const el of document.querySelectorAll("input[placeholder], button, input[type=submit]")) {
    if (el.checkVisibility() && el.placeholder) out.push(el.placeholder);
  }
  return out;
}"""


def english_only(text: str) -> bool:
    """A run with English words and no Chinese, once the verbatim parts are taken out."""
    if _HAN.search(text):
        return False
    rest = _VERBATIM.sub(" ", text)
    words = [w for w in _WORD.findall(rest) if w not in ALLOWED and w.upper() not in ALLOWED]
    return any(len(w) >= 3 for w in words)


@pytest.fixture(scope="module")
def world(web: Web) -> dict[str, int]:
    return record_world(web, "41239999", "极光假货", "https://mall.gouwu-tianxia.cn/item/8.html")


def test_the_chinese_interface_has_no_english_only_text(
    browser: Any, web: Web, world: dict[str, int]
) -> None:
    page = browser_sign_in(browser, web, "admin", "zh-CN", {"width": 1400, "height": 900})
    pages = nav_links(page)
    pages += [f"/cases/{world['case']}", f"/targets/{world['target']}"]
    pages += [f"/actions/{world['action']}", f"/cases/{world['case']}/draft"]
    found: dict[str, list[str]] = {}
    for path in pages:
        answer = page.goto(f"{web.base}{path}")
        assert answer is not None and answer.ok, path
        page.wait_for_load_state("networkidle")  # the notification area, loaded by htmx
        english = [text for text in page.evaluate(VISIBLE_TEXT) if english_only(text)]
        if english:
            found[path] = sorted(set(english))
    # refusals of the draft form: a bad address, then the elements a notice lacks
    for email in ("ipr@gouwu tianxia.cn", "ipr@gouwu-tianxia.cn"):
        page.goto(f"{web.base}/cases/{world['case']}/draft")
        page.fill("#draft-form input[name=to_email]", email)
        page.check("#draft-form input[name=target_ids] >> nth=0")
        page.evaluate("document.querySelector('#draft-form').noValidate = true")
        page.click("#draft-submit")
        page.wait_for_selector("#draft-error")
        english = [text for text in page.evaluate(VISIBLE_TEXT) if english_only(text)]
        if english:
            found[f"draft refused ({email})"] = english
    page.context.close()
    assert not found, "\n".join(f"{p}: {t}" for p, texts in found.items() for t in texts)
