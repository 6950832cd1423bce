"""The team's main journeys, driven through the real Chromium over the sandbox.

An analyst signs in, opens a case, adds targets and captures one, and sees its
screenshot; the plan shows a blocked domain dispute; a liaison drafts a notice;
counsel approves it; it is sent and arrives at the sandbox's SMTP server. Every
step saves a screenshot under the test's output folder (and, when
RIGHTSGUARD_JOURNEY_SHOTS names a folder, there too: the README's pictures).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any

import pytest
from journey_world import Journey, journey_world

from rightsguard.sandbox import world

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def journey(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journey]:
    with journey_world(tmp_path_factory.mktemp("journey")) as j:
        yield j


class Shots:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.copy_to = os.environ.get("RIGHTSGUARD_JOURNEY_SHOTS")
        folder.mkdir(parents=True, exist_ok=True)

    def take(self, page: Any, name: str) -> Path:
        """The whole page into the test's folder; the first screen into the README's."""
        path = self.folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5_000, f"{name}: the screenshot is empty"
        if self.copy_to:
            Path(self.copy_to).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(self.copy_to) / path.name))
        return path


def sign_in(browser: Any, journey: Journey, role: str, lang: str = "zh-CN") -> Any:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale=lang)
    page = context.new_page()
    page.goto(f"{journey.web.base}/login?lang={lang}")
    page.fill("input[name=username]", role)
    page.fill("input[name=password]", f"pw-{role}-123")
    page.click("button[type=submit]")
    page.wait_for_url(f"{journey.web.base}/")
    assert page.locator("#me").inner_text().startswith(f"{role.title()} Test")
    return page


def wait_for(check: Any, what: str, seconds: float = 90.0) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_main_journeys(browser: Any, journey: Journey, tmp_path: Path) -> None:
    shots = Shots(tmp_path / "journey")
    base = journey.web.base

    # 1. An analyst signs in and lands on the dashboard.
    analyst = sign_in(browser, journey, "analyst")
    shots.take(analyst, "01-dashboard")

    # 2. They open a case for the brand, assigned to themselves.
    analyst.goto(f"{base}/cases")
    analyst.fill("#new-case input[name=title]", "极光 仿冒商城与域名")
    analyst.select_option("#new-case select[name=right_ids]", str(journey.right_id))
    analyst.select_option("#new-case select[name=goals]", ["remove_links", "transfer_domain"])
    analyst.select_option("#new-case select[name=assignee]", "analyst")
    analyst.click("#new-case button[type=submit]")
    analyst.wait_for_url(re.compile(r".*/cases/\d+$"))
    case_id = int(analyst.url.rsplit("/", 1)[1])
    assert "极光 仿冒商城与域名" in analyst.locator("#case-title").inner_text()
    listing = journey.sandbox.url(world.MALL_HOST, "/")
    analyst.fill("#add-targets textarea[name=urls]", listing)
    analyst.click("#add-targets button[type=submit]")
    analyst.wait_for_url(re.compile(rf".*/cases/{case_id}\?msg=.*"))
    analyst.fill("#add-targets textarea[name=urls]", world.GUANWANG_HOST)
    analyst.select_option("#add-targets select[name=kind]", "domain")
    analyst.select_option("#add-targets select[name=control]", "infringer")
    analyst.click("#add-targets button[type=submit]")
    analyst.wait_for_url(re.compile(rf".*/cases/{case_id}\?msg=.*"))
    assert analyst.locator("#case-targets tr").count() == 3  # header + two targets
    shots.take(analyst, "02-case")

    # 3. They capture the listing and see its screenshot.
    analyst.click("#case-targets a >> nth=0")
    analyst.wait_for_url(re.compile(r".*/targets/\d+$"))
    analyst.click("#capture")
    # The queued job's number in the address says the POST has landed; reloading
    # before then races the navigation ("Not attached to an active page").
    analyst.wait_for_url(re.compile(r".*/targets/\d+\?jobs=\d+.*"))

    def capture_shown() -> bool:
        analyst.reload()
        return analyst.locator("#captures a.thumb img").count() > 0

    wait_for(capture_shown, "the capture of the listing")
    analyst.click("#captures a.thumb >> nth=0")
    analyst.wait_for_url(re.compile(r".*/evidence/captures/\d+$"))
    shot = analyst.locator("#screenshot")
    shot.wait_for()
    width = analyst.evaluate("document.getElementById('screenshot').naturalWidth")
    assert width >= 800, "the screenshot did not load"
    assert analyst.locator("#tsa-time").inner_text().startswith("20")  # time-stamped
    if journey.web.app.state.rg.replay_origin:  # pywb is installed: the page replays
        frame = analyst.frame_locator("#replay")
        frame.locator("body").wait_for()
    shots.take(analyst, "03-evidence")

    # 4. Identification runs; the plan then shows the domain dispute blocked (the
    #    domain was registered over three years ago: CNDRP is closed).
    analyst.goto(f"{base}/cases/{case_id}")
    analyst.click("#identify-all")
    analyst.wait_for_url(re.compile(rf".*/cases/{case_id}\?jobs=\d+.*"))

    def blocked_shown() -> bool:
        analyst.reload()
        return analyst.locator("#plan-blocked tr.blocked").count() > 0

    wait_for(blocked_shown, "the blocked domain dispute in the plan")
    blocked = analyst.locator("#plan-blocked").inner_text()
    assert "domain.cndrp-age" in blocked
    shots.take(analyst, "04-plan-blocked")

    # 5. The liaison drafts a notice to the marketplace.
    liaison = sign_in(browser, journey, "liaison", "en")
    liaison.goto(f"{base}/cases/{case_id}/draft")
    liaison.select_option("#draft-form select[name=kind]", "notice.civil_code")
    liaison.select_option("#draft-form select[name=lang]", "zh-CN")
    liaison.fill("#draft-form input[name=to_name]", world.MALL_OPERATOR.name_zh)
    liaison.fill("#draft-form input[name=to_email]", "ipr@gouwu-tianxia.cn")
    liaison.check("#draft-form input[name=target_ids] >> nth=0")
    liaison.click("#draft-submit")
    liaison.wait_for_url(re.compile(r".*/actions/\d+$"))
    action_url = liaison.url
    assert liaison.locator("#action-status").get_attribute("data-status") == "draft"
    assert liaison.locator("#approve").count() == 1  # a notice: liaison may approve too
    # its evidence files, as the e-mail will carry them, and any annex without a file
    annexes = liaison.locator("#annexes li").all_inner_texts()
    warnings = liaison.locator("#warnings li").all_inner_texts()
    assert annexes or warnings
    assert all(re.search(r"\.(png|pdf|txt|jpg)", a) for a in annexes), annexes
    liaison.frame_locator("#preview").locator("body").wait_for()
    shots.take(liaison, "05-draft")

    # 6. Counsel approves it.
    counsel = sign_in(browser, journey, "counsel")
    counsel.goto(action_url)
    counsel.fill("#approve-form input[name=note]", "同意发送")
    counsel.click("#approve")
    counsel.wait_for_url(action_url)
    assert counsel.locator("#action-status").get_attribute("data-status") == "approved"
    assert "counsel" in counsel.locator("#approvals").inner_text()
    shots.take(counsel, "06-approved")

    # 7. It is sent, and the sandbox's mail server has it.
    before = set(journey.inbox.glob("*.eml")) if journey.inbox.exists() else set()
    counsel.click("#send")
    counsel.wait_for_url(re.compile(r".*/actions/\d+\?done=sent.*"))
    assert counsel.locator("#action-status").get_attribute("data-status") == "sent"
    shots.take(counsel, "07-sent")
    arrived = wait_for(lambda: set(journey.inbox.glob("*.eml")) - before, "the e-mail", 20)
    message = message_from_bytes(sorted(arrived)[-1].read_bytes())
    assert "ipr@gouwu-tianxia.cn" in message["To"]
    assert "侵权通知" in str(make_header(decode_header(message["Subject"])))

    # 8. The platform answers by e-mail; the reply is uploaded and acknowledges the
    #    action; later the listing is recorded as removed.
    reply = tmp_path / "reply.eml"
    reply.write_bytes(
        (
            f"From: ipr@gouwu-tianxia.cn\r\nTo: legal@aurorix.com\r\n"
            f"Subject: Re: notice\r\nIn-Reply-To: {message['Message-ID']}\r\n"
            "Message-ID: <reply-1@gouwu-tianxia.cn>\r\n\r\nReceived; we are reviewing it.\r\n"
        ).encode()
    )
    counsel.set_input_files("#reply-form input[name=eml]", str(reply))
    counsel.click("#reply-form button[type=submit]")
    counsel.wait_for_url(re.compile(r".*/actions/\d+\?done=reply.*"))
    assert counsel.locator("#action-status").get_attribute("data-status") == "acknowledged"
    counsel.select_option("#record-form select[name=outcome]", "removed")
    counsel.click("#record-form button[type=submit]")
    counsel.wait_for_url(re.compile(r".*/actions/\d+\?done=recorded.*"))
    assert counsel.locator("#action-status").get_attribute("data-status") == "removed"
    shots.take(counsel, "08-outcome")
    for page in (analyst, liaison, counsel):
        page.context.close()
