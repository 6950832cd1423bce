"""From a pasted link to a sent notice, driven through the real Chromium, counting the
person's steps (clicks, ticks and fields filled) and the seconds spent waiting for
the machine. ``short_path`` is the workbench's path since issue #20 (paste, who can
act, notifications, bulk queue); ``long_path`` the path a new analyst found before
it (case form, reloads, a recipient typed by hand, the action page), kept as the
baseline that ``bench/journey.py`` measures in the same run.

Shared by tests/web/test_web_short_path.py and bench/journey.py.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

from journey_world import Journey

from rightsguard.sandbox import world

#: A person's time per step, to turn steps into minutes: a click (find, point, click:
#: about 3 s by the keystroke-level model) and a field (find it, paste or pick: 6 s).
SECONDS_PER_CLICK = 3.0
SECONDS_PER_FIELD = 6.0
TIMEOUT_MS = 180_000


@dataclass
class Steps:
    """What a person does, one call per click or field; and what the machine took."""

    clicks: int = 0
    fields: int = 0
    reloads: int = 0
    machine_seconds: float = 0.0
    log: list[str] = field(default_factory=list)

    @property
    def person_steps(self) -> int:
        return self.clicks + self.fields + self.reloads

    @property
    def person_seconds(self) -> float:
        return (self.clicks + self.reloads) * SECONDS_PER_CLICK + self.fields * SECONDS_PER_FIELD

    def click(self, page: Any, selector: str) -> None:
        page.click(selector)
        self.clicks += 1
        self.log.append(f"click {selector}")

    def tick(self, page: Any, selector: str) -> None:
        page.check(selector)
        self.clicks += 1
        self.log.append(f"tick {selector}")

    def fill(self, page: Any, selector: str, text: str) -> None:
        page.fill(selector, text)
        self.fields += 1
        self.log.append(f"fill {selector}")

    def pick(self, page: Any, selector: str, value: str | list[str]) -> None:
        page.select_option(selector, value)
        self.fields += 1
        self.log.append(f"pick {selector}")

    def reload(self, page: Any) -> None:
        page.reload()
        self.reloads += 1

    def wait(self, what: Callable[[], object]) -> Any:
        """The machine's time: a background result the person waits for."""
        started = time.monotonic()
        try:
            return what()
        finally:
            self.machine_seconds += time.monotonic() - started


def sign_in(browser: Any, journey: Journey, role: str, lang: str = "zh-CN") -> Any:
    """A person at their desk, signed in (not counted: they stay signed in all day)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale=lang)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{journey.web.base}/login?lang={lang}")
    page.fill("input[name=username]", role)
    page.fill("input[name=password]", f"pw-{role}-123")
    page.click("button[type=submit]")
    page.wait_for_url(f"{journey.web.base}/")
    return page


def mail_to(journey: Journey, address: str, before: set[Any]) -> Message:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = set(journey.inbox.glob("*.eml")) - before if journey.inbox.exists() else set()
        for path in sorted(found):
            message = message_from_bytes(path.read_bytes())
            if address in str(message["To"]):
                return message
        time.sleep(0.2)
    raise AssertionError(f"no e-mail to {address} arrived")


def inbox(journey: Journey) -> set[Any]:
    return set(journey.inbox.glob("*.eml")) if journey.inbox.exists() else set()


@dataclass
class Outcome:
    steps: Steps
    action_id: int
    message: Message
    wall_seconds: float


def _at_desks(
    browser: Any, journey: Journey, item: int
) -> tuple[Steps, str, tuple[Any, Any, Any], set[Any], float]:
    """The three people signed in, a link to one of the mall's listings (a live page: a
    404 capture is no evidence for a notice) made unique by ``item``, the inbox before."""
    listing = world.MALL_LISTINGS[item % len(world.MALL_LISTINGS)]
    url = journey.sandbox.url(world.MALL_HOST, f"/item/{listing.item_id}.html?spm=run{item}")
    people = tuple(sign_in(browser, journey, role) for role in ("analyst", "liaison", "counsel"))
    return Steps(), url, people, inbox(journey), time.monotonic()  # type: ignore[return-value]


def _sent(
    journey: Journey,
    steps: Steps,
    action_id: int,
    before: set[Any],
    started: float,
    pages: tuple[Any, ...],
) -> Outcome:
    """The notice as the platform's mailbox received it; the people's pages closed."""
    message = steps.wait(lambda: mail_to(journey, "ipr@gouwu-tianxia.cn", before))
    wall = time.monotonic() - started
    for page in pages:
        page.context.close()
    return Outcome(steps, action_id, message, wall)


def short_path(browser: Any, journey: Journey, item: int = 5501) -> Outcome:
    """Analyst pastes a link; liaison drafts to who can act; counsel approves and sends."""
    steps, url, (analyst, liaison, counsel), before, started = _at_desks(browser, journey, item)

    # The analyst pastes the link: a case, a confirmed target, capture and identify.
    steps.fill(analyst, "#paste input[name=url]", url)
    steps.click(analyst, "#paste-go")
    analyst.wait_for_url(re.compile(r".*/targets/\d+\?jobs=.*"))
    target_id = int(re.search(r"/targets/(\d+)", analyst.url).group(1))  # type: ignore[union-attr]
    assert analyst.locator("#job-progress").count() == 1
    # No reloads: the progress polls, and the page refreshes itself when all is done.
    steps.wait(
        lambda: analyst.locator("#job-progress[data-finished=yes]").wait_for(timeout=TIMEOUT_MS)
    )
    assert analyst.locator("#captures a.thumb img").count() > 0, "no capture shown"
    assert analyst.locator("#who-can-act tr.who[data-key=gouwu-tianxia]").count() == 1

    # The liaison sees the target ready in the header, and drafts to who can act.
    liaison.reload()  # (the header would refresh itself within a minute)
    steps.click(liaison, "#note-ready")
    steps.click(liaison, f"#queue-ready a[href='/targets/{target_id}']")
    steps.click(liaison, "#who-gouwu-tianxia")
    assert liaison.input_value("#draft-form input[name=to_email]") == "ipr@gouwu-tianxia.cn"
    assert liaison.locator("#prefilled").count() == 1
    steps.click(liaison, "#draft-submit")
    liaison.wait_for_url(re.compile(r".*/actions/\d+$"))
    action_id = int(liaison.url.rsplit("/", 1)[1])

    # Counsel sees a draft awaiting approval, approves and sends it from the queue.
    counsel.reload()
    steps.click(counsel, "#note-to_approve")
    counsel.wait_for_url(re.compile(r".*/queue.*"))
    steps.tick(counsel, f"#queue-approve input[value='{action_id}']")
    steps.click(counsel, "#queue-approve-go")
    counsel.wait_for_url(re.compile(r".*/queue\?msg=.*&kind=ok"))
    steps.tick(counsel, f"#queue-send input[value='{action_id}']")
    steps.click(counsel, "#queue-send-go")
    steps.wait(lambda: counsel.wait_for_url(re.compile(r".*/queue\?msg=.*&kind=ok")))
    return _sent(journey, steps, action_id, before, started, (analyst, liaison, counsel))


def long_path(browser: Any, journey: Journey, item: int = 6601, poll: float = 3.0) -> Outcome:
    """The same result the way it was done before: a case made by hand, buttons and
    reloads to see each result, the recipient typed, approval and sending on the
    action page."""
    steps, url, (analyst, liaison, counsel), before, started = _at_desks(browser, journey, item)
    base = journey.web.base

    steps.click(analyst, "nav.main a[href='/cases']")
    steps.fill(analyst, "#new-case input[name=title]", f"listing {item}")
    steps.pick(analyst, "#new-case select[name=right_ids]", str(journey.right_id))
    steps.click(analyst, "#new-case button[type=submit]")
    analyst.wait_for_url(re.compile(r".*/cases/\d+$"))
    case_id = int(analyst.url.rsplit("/", 1)[1])
    steps.fill(analyst, "#add-targets textarea[name=urls]", url)
    steps.click(analyst, "#add-targets button[type=submit]")
    analyst.wait_for_url(re.compile(rf".*/cases/{case_id}\?.*"))
    steps.click(analyst, "#case-targets a >> nth=0")
    analyst.wait_for_url(re.compile(r".*/targets/\d+$"))
    target_id = int(analyst.url.rsplit("/", 1)[1])
    steps.pick(analyst, "#status-form select[name=status]", "confirmed")
    steps.click(analyst, "#status-form button[type=submit]")
    steps.click(analyst, "#capture")
    steps.click(analyst, "#identify")

    def until(check: Callable[[], bool]) -> None:
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError("timed out")
            time.sleep(poll)
            steps.reload(analyst)

    steps.wait(lambda: until(lambda: analyst.locator("#captures a.thumb img").count() > 0))
    steps.wait(lambda: until(lambda: analyst.locator("#observables td").count() > 1))

    steps.click(liaison, "nav.main a[href='/cases']")
    steps.click(liaison, f"a[href='/cases/{case_id}'] >> nth=0")
    steps.click(liaison, "#draft-link")
    steps.pick(liaison, "#draft-form select[name=kind]", "notice.ecommerce")
    steps.fill(liaison, "#draft-form input[name=to_name]", world.MALL_OPERATOR.name_zh)
    steps.fill(liaison, "#draft-form input[name=to_email]", "ipr@gouwu-tianxia.cn")
    steps.tick(liaison, f"#draft-form input[name=target_ids][value='{target_id}']")
    steps.click(liaison, "#draft-submit")
    liaison.wait_for_url(re.compile(r".*/actions/\d+$"))
    action_id = int(liaison.url.rsplit("/", 1)[1])

    steps.click(counsel, "nav.main a[href='/actions']")
    steps.click(counsel, f"a[href='/actions/{action_id}'] >> nth=0")
    steps.click(counsel, "#approve")
    counsel.wait_for_url(f"{base}/actions/{action_id}")
    steps.click(counsel, "#send")
    steps.wait(lambda: counsel.wait_for_url(re.compile(r".*/actions/\d+\?done=sent.*")))
    return _sent(journey, steps, action_id, before, started, (analyst, liaison, counsel))
