"""Browser mode: the system Chromium, driven by Playwright, behind the recording proxy.

One :class:`BrowserSession` holds one Chromium and one recording proxy for a
run; :meth:`BrowserSession.capture` opens a fresh context per capture (empty
profile: no cache, cookies, storage, service workers or extensions), loads
the page, waits for it to settle (no request in flight, no DOM change for a
moment and no short timer pending, with the settle time as a ceiling; what was
waited for is recorded), scrolls to load lazy content, and takes a full-page
screenshot, a PDF, the rendered DOM and the visible text (and a video when
asked). Dialogs are dismissed, pop-ups closed and downloads refused, each noted.
Every request the page makes goes through the proxy, which writes it to this
capture's WARC.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rightsguard.evidence.errors import CaptureFailed
from rightsguard.evidence.limits import CaptureLimits
from rightsguard.evidence.recorder import Recorded, RecordingProxy
from rightsguard.evidence.screencast import Screencast

LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--metrics-recording-only",
    "--no-default-browser-check",
    "--proxy-bypass-list=<-loopback>",
    # WebRTC would send UDP (STUN, TURN, media) around the recording proxy and its
    # address rule, and reveal this machine's addresses: UDP only through a proxy,
    # and an HTTP proxy carries none. (--force-webrtc-ip-handling-policy alone did not
    # stop STUN in the test.)
    "--webrtc-ip-handling-policy=disable_non_proxied_udp",
    # Appear as an ordinary browser: sites that hide their real content from automation
    # read navigator.webdriver (this flag leaves it false) ...
    "--disable-blink-features=AutomationControlled",
)
#: ... and Playwright's own --enable-automation (the "controlled by automated software"
#: mode), which is dropped from its default flags.
REMOVED_DEFAULT_ARGS = ("--enable-automation",)
VIEWPORT = {"width": 1280, "height": 800}
LOCALE = "zh-CN"
TIMEZONE = "Asia/Shanghai"
MAX_SCREENSHOT_HEIGHT = 16000


@dataclass
class BrowserResult:
    url: str
    final_url: str = ""
    status: int | None = None
    title: str = ""
    redirects: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)  # role -> file
    text: str = ""
    limit_reason: str | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    hosts: dict[str, str] = field(default_factory=dict)  # host -> scheme seen
    requests: int = 0
    user_agent: str = ""
    recorded: Recorded | None = None
    started: float = 0.0
    inflight: int = 0
    last_activity: float = 0.0
    settle: dict[str, Any] = field(default_factory=dict)
    webdriver: bool | None = None


class BrowserSession:
    """One Chromium and one recording proxy, shared by many captures."""

    def __init__(
        self,
        workdir: Path,
        *,
        chromium_path: str,
        hosts: dict[str, str],
        ports: dict[str, dict[str, int]],
        allow_private: bool,
        limits: CaptureLimits,
    ) -> None:
        self.workdir = workdir
        self.chromium_path = chromium_path
        self.limits = limits
        self.proxy = RecordingProxy(
            workdir / "proxy",
            hosts=hosts,
            ports=ports,
            allow_private=allow_private,
            max_resource_size=limits.max_response_bytes,
            fetch_timeout=limits.timeout + 5,
        )
        self._pw: Any = None
        self.browser: Any = None
        self.versions: dict[str, str] = {}
        self.user_agent = ""
        self.command_line: list[str] = []

    async def __aenter__(self) -> BrowserSession:
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import async_playwright

        if not Path(self.chromium_path).exists():
            raise CaptureFailed(
                f"Chromium not found at {self.chromium_path} (setting chromium_path)"
            )
        await self.proxy.start()
        before = browser_processes()
        try:
            self._pw = await async_playwright().start()
            self.browser = await self._pw.chromium.launch(
                executable_path=self.chromium_path,
                proxy={"server": self.proxy.server, "bypass": "<-loopback>"},
                args=list(LAUNCH_ARGS),
                ignore_default_args=list(REMOVED_DEFAULT_ARGS),
            )
            self.user_agent = await self._ordinary_user_agent()
        except PlaywrightError as exc:
            await self.__aexit__(None, None, None)
            raise CaptureFailed(f"cannot start Chromium: {exc.message.splitlines()[0]}") from None
        import importlib.metadata as md

        self.versions = {
            "chromium": self.browser.version,
            "playwright": md.version("playwright"),
            "warcprox": md.version("warcprox"),
        }
        started = [argv for pid, argv in browser_processes().items() if pid not in before]
        # The browser's real command line; unknown when another one started at the same time.
        self.command_line = started[0] if len(started) == 1 else []
        return self

    async def _ordinary_user_agent(self) -> str:
        """The browser's own user agent with "HeadlessChrome" said as "Chrome" (the same
        version and platform a visitor's Chrome would send)."""
        context = await self.browser.new_context()
        try:
            page = await context.new_page()
            agent: str = await page.evaluate("navigator.userAgent")
        finally:
            await context.close()
        return agent.replace("HeadlessChrome/", "Chrome/")

    async def __aexit__(self, *exc: object) -> None:
        if self.browser is not None:
            with contextlib.suppress(Exception):
                await self.browser.close()
            self.browser = None
        if self._pw is not None:
            with contextlib.suppress(Exception):
                await self._pw.stop()
            self._pw = None
        await self.proxy.stop()

    def launch_facts(self) -> dict[str, Any]:
        return {
            "executable": self.chromium_path,
            "args": list(LAUNCH_ARGS),
            "proxy": "warcprox (RightsGuard launcher) on 127.0.0.1",
            "default_args_removed": list(REMOVED_DEFAULT_ARGS),
            "command_line": list(self.command_line),
            "user_agent": self.user_agent,
            "headless": True,
        }

    async def capture(self, url: str, workdir: Path, *, video: bool = False) -> BrowserResult:
        """Capture ``url`` in a fresh context; files go to ``workdir``."""
        from playwright.async_api import Error as PlaywrightError

        limits = self.limits
        result = BrowserResult(url, started=time.monotonic())
        deadline = result.started + limits.timeout
        # Keep a reserve of the time limit for the artefacts.
        reserve = min(20.0, limits.timeout * 0.4)
        prefix = f"rg-{uuid.uuid4().hex}"
        options: dict[str, Any] = {
            "viewport": VIEWPORT,
            "locale": LOCALE,
            "timezone_id": TIMEZONE,
            "ignore_https_errors": True,  # the proxy re-signs TLS; the chain is recorded apart
            "extra_http_headers": {"Warcprox-Meta": json.dumps({"warc-prefix": prefix})},
            "accept_downloads": False,
            "service_workers": "block",
            "java_script_enabled": True,
            "user_agent": self.user_agent,
        }
        context = await self.browser.new_context(**options)
        context.set_default_timeout(max(1000.0, reserve * 1000))
        stop = asyncio.Event()
        page: Any = None
        cast: Screencast | None = None
        try:
            cookies_before = await context.cookies()
            result.notes.append(f"profile: fresh context, {len(cookies_before)} cookies at start")

            def on_done(request: Any) -> None:
                result.inflight -= 1
                result.last_activity = time.monotonic()

            def on_request(request: Any) -> None:
                result.requests += 1
                result.inflight += 1
                result.last_activity = time.monotonic()
                parts = request.url.split("://", 1)
                if len(parts) == 2 and parts[0] in ("http", "https"):
                    host = parts[1].split("/", 1)[0]
                    result.hosts.setdefault(host, parts[0])
                if result.requests > limits.max_requests and not result.limit_reason:
                    result.limit_reason = f"request limit: more than {limits.max_requests} requests"
                    stop.set()

            def on_page(popup: Any) -> None:
                result.notes.append(f"pop-up closed: {popup.url}")
                _spawn(result, _quiet(popup.close()))

            def on_dialog(dialog: Any) -> None:
                result.notes.append(f"dialog dismissed: {dialog.type} {dialog.message!r}")
                _spawn(result, _quiet(dialog.dismiss()))

            def on_download(download: Any) -> None:
                result.notes.append(f"download refused: {download.suggested_filename}")
                _spawn(result, _quiet(download.cancel()))

            context.on("request", on_request)
            context.on("requestfinished", on_done)
            context.on("requestfailed", on_done)
            probe = f"rg{uuid.uuid4().hex[:12]}"
            await context.add_init_script(settle_probe(probe, limits.settle))
            page = await context.new_page()
            page.on("popup", on_page)
            page.on("dialog", on_dialog)
            page.on("download", on_download)
            result.user_agent = await page.evaluate("navigator.userAgent")
            result.webdriver = await page.evaluate("navigator.webdriver")
            if video:
                cast = Screencast(page, workdir / "frames")
                await cast.start()
            await self._load(page, url, result, deadline - reserve, stop, probe)
            if cast is not None:
                await cast.stop()
            await self._artefacts(page, result, workdir, deadline)
        except PlaywrightError as exc:
            result.error = exc.message.splitlines()[0]
        finally:
            with contextlib.suppress(Exception):
                await context.close()
            if cast is not None:
                await cast.stop()
                recording = await asyncio.to_thread(cast.finish, workdir / "video")
                if recording is not None:
                    result.files["video"] = recording
            result.recorded = await self.proxy.finish(prefix)
            result.notes.extend(
                f"request refused ({r['reason']}): {r['method']} {r['url']}"
                for r in result.recorded.requests
            )
        return result

    async def _load(
        self,
        page: Any,
        url: str,
        result: BrowserResult,
        until: float,
        stop: asyncio.Event,
        probe: str,
    ) -> None:
        from playwright.async_api import Error as PlaywrightError

        limits = self.limits
        budget = max(1.0, until - time.monotonic())
        response = None
        try:
            goto = asyncio.ensure_future(page.goto(url, wait_until="load", timeout=budget * 1000))
            stopper = asyncio.ensure_future(stop.wait())
            done, _ = await asyncio.wait({goto, stopper}, return_when=asyncio.FIRST_COMPLETED)
            stopper.cancel()
            if goto in done:
                response = goto.result()
            else:
                goto.cancel()
                with contextlib.suppress(BaseException):
                    await goto
        except PlaywrightError as exc:
            message = exc.message.splitlines()[0]
            if "Timeout" in message:
                result.limit_reason = result.limit_reason or (
                    f"time limit: the page did not finish loading within {budget:.0f} s"
                )
            elif "ERR_TOO_MANY_REDIRECTS" in message:
                result.limit_reason = "redirect limit: too many redirects (a redirect loop)"
            elif "Download is starting" in message:
                result.notes.append("the URL is a download, not a page")
                result.error = "the URL starts a download instead of showing a page"
            else:
                result.error = message
        if response is not None:
            await self._redirects(response, result)
        result.final_url = page.url
        if result.limit_reason or result.error:
            return
        settle = min(limits.settle, max(0.0, until - time.monotonic()))
        result.settle = await settle_page(page, result, settle, probe)
        started = time.monotonic()
        steps = await self._scroll(page, result, until)
        result.settle["scroll"] = {
            "steps": steps,
            "waited_for": "network quiet after each step",
            "step_ceiling_seconds": limits.settle,
            "seconds": round(time.monotonic() - started, 2),
        }
        if steps:  # what the last screens fetched may still be drawing
            settle = min(limits.settle, max(0.0, until - time.monotonic()))
            result.settle["after_scroll"] = await settle_page(page, result, settle, probe)

    async def _redirects(self, response: Any, result: BrowserResult) -> None:
        result.status = response.status
        chain = []
        request = response.request.redirected_from
        while request is not None:
            hop = await request.response()
            chain.append(
                {
                    "url": request.url,
                    "status": hop.status if hop else None,
                    "location": (hop.headers.get("location") if hop else None),
                }
            )
            request = request.redirected_from
        chain.reverse()
        chain.append({"url": response.url, "status": response.status, "location": None})
        result.redirects = chain
        if len(chain) - 1 > self.limits.max_redirects:
            result.limit_reason = f"redirect limit: more than {self.limits.max_redirects} redirects"

    async def _scroll(self, page: Any, result: BrowserResult, until: float) -> int:
        """Scroll a screen at a time to the bottom, waiting after each step for what it
        fetched (a slow server's lazy content); return the number of steps."""
        from playwright.async_api import Error as PlaywrightError

        steps = 0
        try:
            height = await page.evaluate("document.documentElement.scrollHeight")
            viewport = VIEWPORT["height"]
            position = 0
            while position + viewport < height:
                if steps >= self.limits.scroll_steps:
                    result.limit_reason = (
                        f"scroll limit: the page was still growing after "
                        f"{self.limits.scroll_steps} screens (infinite scroll)"
                    )
                    break
                if time.monotonic() > until:
                    result.limit_reason = "time limit: reached while scrolling for lazy content"
                    break
                position += viewport
                await page.evaluate(f"window.scrollTo(0, {position})")
                await asyncio.sleep(0.15)
                await _quiet_network(result, min(self.limits.settle, until - time.monotonic()))
                height = await page.evaluate("document.documentElement.scrollHeight")
                steps += 1
            if steps:
                await page.evaluate("window.scrollTo(0, 0)")
        except PlaywrightError as exc:
            result.notes.append(f"scrolling stopped: {exc.message.splitlines()[0]}")
        return steps

    async def _artefacts(
        self, page: Any, result: BrowserResult, workdir: Path, deadline: float
    ) -> None:
        from playwright.async_api import Error as PlaywrightError

        def left() -> float:
            return max(1.0, deadline - time.monotonic()) * 1000

        try:
            result.title = await page.title()
            height = await page.evaluate("document.documentElement.scrollHeight")
            shot = workdir / "screenshot.png"
            if height > MAX_SCREENSHOT_HEIGHT:
                clip = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": MAX_SCREENSHOT_HEIGHT}
                await page.screenshot(path=shot, full_page=True, clip=clip, timeout=left())
                result.notes.append(f"screenshot cut at {MAX_SCREENSHOT_HEIGHT} px of {height}")
            else:
                await page.screenshot(path=shot, full_page=True, timeout=left())
            result.files["screenshot"] = shot
            dom = workdir / "dom.html"
            dom.write_text(await page.content(), "utf-8")
            result.files["dom"] = dom
            result.text = await page.evaluate("document.body ? document.body.innerText : ''")
            text = workdir / "text.txt"
            text.write_text(result.text, "utf-8")
            result.files["text"] = text
            pdf = workdir / "page.pdf"
            await asyncio.wait_for(page.pdf(path=pdf, print_background=True), timeout=left() / 1000)
            result.files["pdf"] = pdf
        except (PlaywrightError, TimeoutError) as exc:
            message = exc.message.splitlines()[0] if isinstance(exc, PlaywrightError) else "timeout"
            result.limit_reason = result.limit_reason or f"artefacts incomplete: {message}"


QUIET = 0.25  # seconds without a request in flight that count as "settled"
#: Seconds without a DOM change that count as "settled". Network and pending timers are
#: waited for on their own, so this only has to outlast the gaps of rendering driven by
#: animation frames and promise chains (milliseconds): 0.3 s does, and costs a visitor's
#: page a fifth of a second less than 0.5 s (bench/capture.py: 0.54 → 0.60 of the bare loop).
DOM_QUIET = 0.3

#: Installed in every frame before the page's own scripts: notes the time of the last DOM
#: change and which short timers (``setTimeout`` up to the settle ceiling) are pending, and
#: answers through a hidden, per-capture function. Wrapped by Proxy, so the timer functions
#: still look native to the page.
_PROBE_JS = """
(() => {
  const state = {last: performance.now(), timers: new Set(), mutations: 0};
  const cap = CAP_MS;
  Object.defineProperty(window, 'PROBE', {value: () => ({
    idle: performance.now() - state.last, timers: state.timers.size, mutations: state.mutations,
  })});
  const set = window.setTimeout;
  window.setTimeout = new Proxy(set, {apply(target, that, args) {
    const [fn, ms, ...rest] = args;
    if (!((Number(ms) || 0) <= cap)) return Reflect.apply(target, that, args);
    let id = 0;
    const run = function (...a) {
      state.timers.delete(id);
      return typeof fn === 'function' ? fn.apply(this, a) : (0, eval)(String(fn));
    };
    id = Reflect.apply(target, that, [run, ms, ...rest]);
    state.timers.add(id);
    return id;
  }});
  window.clearTimeout = new Proxy(window.clearTimeout, {apply(target, that, args) {
    state.timers.delete(args[0]);
    return Reflect.apply(target, that, args);
  }});
  new MutationObserver(() => { state.last = performance.now(); state.mutations++; })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();
"""


def settle_probe(name: str, ceiling: float) -> str:
    """The init script of the settle wait, answering as ``window[name]()``."""
    return _PROBE_JS.replace("PROBE", name).replace("CAP_MS", str(int(ceiling * 1000)))


async def settle_page(page: Any, result: BrowserResult, cap: float, probe: str) -> dict[str, Any]:
    """Wait until no request is in flight (QUIET s), the DOM has not changed (DOM_QUIET s)
    and no short timer is pending, at most ``cap`` seconds; return what was waited for."""
    from playwright.async_api import Error as PlaywrightError

    started = time.monotonic()
    until = started + cap
    state: dict[str, Any] | None = None
    ended = "ceiling"
    while True:
        now = time.monotonic()
        pause = 0.05
        if result.inflight <= 0 and now - result.last_activity >= QUIET:
            try:
                state = await page.evaluate(f"window[{probe!r}] ? window[{probe!r}]() : null")
            except PlaywrightError:
                state = None  # navigating: not settled
            else:
                if state is None or (state["idle"] >= DOM_QUIET * 1000 and not state["timers"]):
                    ended = "quiet"
                    break
                if not state["timers"]:  # look again when the DOM will have been still enough
                    pause = max(pause, DOM_QUIET - state["idle"] / 1000)
        if now >= until:
            break
        await asyncio.sleep(min(pause, max(0.01, until - now)))
    return {
        "waited_for": ["network quiet", "DOM quiet", "pending timers"],
        "network_quiet_seconds": QUIET,
        "dom_quiet_seconds": DOM_QUIET,
        "ceiling_seconds": cap,
        "ended_by": ended,
        "seconds": round(time.monotonic() - started, 2),
        "requests_in_flight": max(0, result.inflight),
        "pending_timers": state["timers"] if state else None,
        "dom_mutations": state["mutations"] if state else None,
    }


async def _quiet_network(result: BrowserResult, cap: float) -> None:
    """Wait until no request has been in flight for QUIET seconds, at most ``cap``."""
    until = time.monotonic() + cap
    while time.monotonic() < until:
        if result.inflight <= 0 and time.monotonic() - result.last_activity >= QUIET:
            return
        await asyncio.sleep(0.05)


def browser_processes() -> dict[int, list[str]]:
    """This process's descendants that are browser main processes (they hold the
    DevTools pipe; renderers and helpers carry --type=), pid -> argv, from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(stat.parent.name))
    found: dict[int, list[str]] = {}
    todo = list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        with contextlib.suppress(OSError):
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            args = [a.decode("utf-8", "replace") for a in argv if a]
            if any(a.startswith("--remote-debugging") for a in args) and not any(
                a.startswith("--type=") for a in args
            ):
                found[pid] = args
    return found


_TASKS: set[asyncio.Task[None]] = set()


def _spawn(result: BrowserResult, coro: Any) -> None:
    task = asyncio.ensure_future(coro)
    _TASKS.add(task)
    task.add_done_callback(_TASKS.discard)


async def _quiet(awaitable: Any) -> None:
    with contextlib.suppress(Exception):
        await awaitable
