"""Completely bilingual (#20): with the zh-CN interface, every page reachable from the
navigation, and a case, a target and an action page, shows no visible run of
English-only words. What may stay as it is: URLs, e-mail addresses, hashes, codes
(rule ids, document kinds), brand names and law abbreviations."""

from __future__ import annotations

import re
from contextlib import closing
from typing import Any

import pytest
from webkit import RIGHT, Web, password_of

from rightsguard.domain.enums import ActionType
from rightsguard.domain.rights import make_right_draft
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.store import open_store

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
    with closing(open_store(web.ws)) as st:
        right = st.rights.add(make_right_draft(**RIGHT, registration_number="41239999"))
        case = st.cases.new("极光假货", right_ids=(right.id,))
        row = parse_target_row({"url": "https://mall.gouwu-tianxia.cn/item/8.html"})
        target = st.targets.add(row, case.id)
        with st.transaction() as session:
            data = {"kind": "notice.ecommerce", "title": "电子商务平台通知", "lang": "zh-CN"}
            notice = ActionType.PROVIDER_NOTICE
            action = st.actions.create(session, case.id, notice, [target.id], data)
        return {"case": case.id, "target": target.id, "action": action.id}


def test_the_chinese_interface_has_no_english_only_text(
    browser: Any, web: Web, world: dict[str, int]
) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{web.base}/login?lang=zh-CN")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", password_of("admin"))
    page.click("button[type=submit]")
    page.wait_for_url(f"{web.base}/")
    links = page.eval_on_selector_all("nav.main a", "els => els.map(e => e.getAttribute('href'))")
    pages = [h for h in links if h.startswith("/") and not h.startswith("/api")]
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
    context.close()
    assert not found, "\n".join(f"{p}: {t}" for p, texts in found.items() for t in texts)
