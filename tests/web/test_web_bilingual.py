"""Completely bilingual (#20): with the zh-CN interface, every page reachable from the
navigation, and a case, a target and an action page, shows no visible run of
English-only words. What may stay as it is: URLs, e-mail addresses, hashes, codes
(rule ids, document kinds), brand names and law abbreviations."""

from __future__ import annotations

from typing import Any

import pytest
from langcheck import english_only
from webkit import Web, browser_sign_in, nav_links, record_world

pytestmark = pytest.mark.browser

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
