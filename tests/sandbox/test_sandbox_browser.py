"""Chromium reaches the made-up names through ``host_resolver_rules``."""

from __future__ import annotations

import os
import shutil

import pytest

from rightsguard.sandbox import Sandbox, world

CHROMIUM = "/usr/bin/chromium"


def _chromium_or_skip() -> None:
    missing = []
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        missing.append(CHROMIUM)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package")
    if missing:
        if os.environ.get("RIGHTSGUARD_REQUIRE_SERVICES") == "1":
            pytest.fail(f"RIGHTSGUARD_REQUIRE_SERVICES=1 but {', '.join(missing)} is missing")
        pytest.skip(f"{', '.join(missing)} not installed")


@pytest.mark.browser
def test_chromium_loads_look_alike_over_https(shared_sandbox: Sandbox) -> None:
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    url = shared_sandbox.url(world.OUTLET_HOST, "/", "https")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                *shared_sandbox.chromium_args(),
            ],
        )
        try:
            page = browser.new_page()  # certificate trusted via the SPKI flag, not ignored
            scripts: list[str] = []
            page.on("requestfinished", lambda r: scripts.append(r.url))
            response = page.goto(url, wait_until="networkidle")
            assert response is not None and response.status == 200
            assert page.title() == "极光官方折扣店"
            assert page.url == url
            # the analytics stand-in loaded from its port-less https URL
            assert any(s.startswith("https://hm.baidu.com/hm.js?") for s in scripts)
            assert page.evaluate("window._hmt.length") >= 1
            plain = page.goto(shared_sandbox.url(world.STORE_HOST, "/about.html"))
            assert plain is not None and plain.status == 200
            assert world.OPERATOR.uscc in page.content()
        finally:
            browser.close()
