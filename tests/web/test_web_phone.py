"""A layout that works on a phone (#20): at 390x844 the main pages scroll only
vertically (no horizontal overflow) and every navigation link can be reached and
followed."""

from __future__ import annotations

from typing import Any

import pytest
from webkit import Web, browser_sign_in, nav_links, record_world

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
OVERFLOW = "() => document.scrollingElement.scrollWidth - window.innerWidth"
WIDTH = "() => window.innerWidth"


@pytest.fixture(scope="module")
def world(web: Web) -> dict[str, int]:
    url = "https://mall.gouwu-tianxia.cn/item/390844-a-rather-long-listing-path-segment.html"
    return record_world(web, "41230390", "手机上查看的一个标题相当长的案件：极光耳机仿冒店铺", url)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_main_pages_fit_a_phone_and_the_nav_works(
    browser: Any, web: Web, world: dict[str, int], lang: str
) -> None:
    # not is_mobile: a mobile viewport grows to the widest content (innerWidth with it),
    # which would hide the very overflow this test looks for
    page = browser_sign_in(browser, web, "admin", lang, PHONE, has_touch=True)
    assert page.evaluate(WIDTH) == PHONE["width"]
    links = nav_links(page)
    paths = list(links)
    paths += [f"/cases/{world['case']}", f"/targets/{world['target']}"]
    paths += [f"/actions/{world['action']}", f"/cases/{world['case']}/draft", "/search?q=gouwu"]
    wide = {}
    for path in paths:
        page.goto(f"{web.base}{path}")
        extra = page.evaluate(OVERFLOW)
        if extra > 0:
            wide[path] = extra
    assert not wide, f"pages wider than the phone by so many pixels: {wide}"
    # the navigation: each link visible once scrolled to, and tapping one opens its page
    page.goto(f"{web.base}/")
    for href in links:
        link = page.locator(f"nav.main a[href='{href}']")
        link.scroll_into_view_if_needed()
        assert link.is_visible(), href
        box = link.bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24, (href, box)
    page.locator("nav.main a[href='/targets']").tap()
    page.wait_for_url(f"{web.base}/targets")
    page.context.close()
