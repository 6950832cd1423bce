"""Benchmark: capture 200 sandbox pages, at one concurrency, four ways.

(a) RightsGuard browser capture, the full evidence package: recording proxy,
    fresh context per page, network settle, scroll, screenshot, PDF, DOM, text,
    WARC + WACZ, network context, blobs in the evidence store, capture rows;
(b) the floor: a bare Playwright loop (fresh context, ``goto`` and a full-page
    screenshot) with the same Chromium;
(c) RightsGuard HTTP mode (WARC + WACZ + network context + blobs + rows);
(d) a peer archiver, ArchiveBox, installed from PyPI at run time into its own
    virtual environment under ``.bench-peers/`` (git-ignored; made with
    Debian's ``/usr/bin/python3``, whose files other users can read) and run as
    the unprivileged ``nobody`` user when we are root, since it refuses root.
    It archives with the same system Chromium: screenshot, PDF, DOM, wget with
    a WARC, title, headers and text; the methods that reach outside (favicon,
    archive.org) or need Node tools (SingleFile, Readability, Mercury), git and
    media are off. ``archivebox add`` works through its list one URL at a time,
    so the same concurrency is had with that many collections, each adding its
    share of the pages at the same time. It fetches the pages by address
    (``http://127.0.88.1:PORT/page/N``), a listener the catalogue process opens
    for it, because it cannot be told our made-up host names. When the install
    fails (no registry) the part is skipped with the reason.

The catalogue (``bench.example-trap.cn``, the hostile sandbox service alone)
runs in its own process so its threads do not share our GIL. Prints pages/min,
the ratios (targets: a >= 0.6 b; c >= 300 pages/s) and the RSS of this process
and of its children (Chromium, the proxy, the sandbox; a plain sum, so pages
shared between Chromium's processes count more than once) at the start, after
half the pages and after the last page.

    python bench/capture.py [--pages 200] [--concurrency 4] [--processes 1]
                            [--only all|browser|http|peer] [--repeat 1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rightsguard.evidence.browser import LAUNCH_ARGS
from rightsguard.evidence.capture import CaptureOptions, CaptureOutcome, capture_urls
from rightsguard.evidence.limits import CaptureLimits
from rightsguard.evidence.netguard import StaticResolver
from rightsguard.sandbox.clients import SandboxMap
from rightsguard.sandbox.hostile import BENCH_HOST
from rightsguard.store import open_store
from rightsguard.store.captures import find_or_add_target
from rightsguard.workspace import init_workspace

CHROMIUM = "/usr/bin/chromium"


PEER_ADDRESS = "127.0.88.1"  # where the peer fetches the catalogue (no sandbox site uses it)
PEERS = Path(__file__).resolve().parent.parent / ".bench-peers"
ARCHIVEBOX = "archivebox==0.7.4"
NOBODY = 65534

# The catalogue, and the same catalogue for any Host header on PEER_ADDRESS.
SANDBOX = """
import dataclasses, json, sys, tempfile
from rightsguard.sandbox import Sandbox
from rightsguard.sandbox.hostile import BENCH_HOST, make_service
from rightsguard.sandbox.httpserver import HttpServer
with Sandbox(state_dir=tempfile.mkdtemp(), services=[make_service]) as sb:
    app = sb.services[0].app
    peer = HttpServer(
        sys.argv[1], 0, lambda r: app(dataclasses.replace(r, host=BENCH_HOST)), name="peer"
    )
    peer.start()
    print(json.dumps({"map": sb.map().to_json(), "peer_port": peer.port}), flush=True)
    sys.stdin.read()
    peer.stop()
"""


def start_sandbox() -> subprocess.Popen[str]:
    """The benchmark catalogue (the hostile service alone) in its own process."""
    return subprocess.Popen(
        [sys.executable, "-c", SANDBOX, PEER_ADDRESS],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident memory of ``pid`` in MB (``VmHWM``: its peak so far)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def memory() -> str:
    me = os.getpid()
    kids = sum(rss_mb(p) for p in descendants(me))
    return f"self {rss_mb(me):.0f} MB (peak {rss_mb(me, 'VmHWM'):.0f} MB), children {kids:.0f} MB"


async def bare_loop(urls: list[str], concurrency: int, sb_map: SandboxMap) -> float:
    from playwright.async_api import async_playwright

    shot_dir = Path(tempfile.mkdtemp(prefix="bare-"))
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM,
            args=[*LAUNCH_ARGS[:-1], *sb_map.chromium_args()],
        )
        semaphore = asyncio.Semaphore(concurrency)

        async def one(i: int, url: str) -> None:
            async with semaphore:
                context = await browser.new_context()
                page = await context.new_page()
                await page.goto(url, wait_until="load")
                await page.screenshot(path=shot_dir / f"{i}.png", full_page=True)
                await context.close()

        started = time.perf_counter()
        await asyncio.gather(*(one(i, u) for i, u in enumerate(urls)))
        elapsed = time.perf_counter() - started
        await browser.close()
    return elapsed


def rightsguard_run(
    urls: list[str],
    mode: str,
    concurrency: int,
    resolver: StaticResolver,
    *,
    show_memory: bool,
    processes: int = 1,
) -> tuple[float, dict[str, int]]:
    from rightsguard.store.blobs import BlobStore

    root = Path(tempfile.mkdtemp(prefix=f"rg-bench-{mode}-"))
    ws = init_workspace(root / "ws", {"allow_private_targets": True})
    store = open_store(ws)
    items: list[tuple[str, int | None]] = [(u, find_or_add_target(store, u)) for u in urls]
    options = CaptureOptions(
        mode=mode,
        concurrency=concurrency,
        allow_private=True,
        resolver=resolver,
        limits=CaptureLimits(timeout=60, settle=2),
        processes=processes,
    )
    counts: dict[str, int] = {}
    done = 0

    def on_done(outcome: CaptureOutcome) -> None:
        nonlocal done
        done += 1
        counts[outcome.status.value] = counts.get(outcome.status.value, 0) + 1
        if show_memory and done in (len(urls) // 2, len(urls)):
            print(f"    RSS after {done} pages: {memory()}")

    if show_memory:
        print(f"    RSS start: {memory()}")
    started = time.perf_counter()
    capture_urls(BlobStore(ws.evidence_dir), items, options, store=store, on_done=on_done)
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed, counts


# --- (d) the peer: ArchiveBox ------------------------------------------------

#: ArchiveBox's settings, as environment variables (they override ArchiveBox.conf).
ARCHIVEBOX_ENV = {
    "SAVE_TITLE": "True",
    "SAVE_HEADERS": "True",
    "SAVE_WGET": "True",
    "SAVE_WARC": "True",
    "SAVE_SCREENSHOT": "True",
    "SAVE_PDF": "True",
    "SAVE_DOM": "True",
    "SAVE_HTMLTOTEXT": "True",
    "SAVE_FAVICON": "False",
    "SAVE_SINGLEFILE": "False",
    "SAVE_READABILITY": "False",
    "SAVE_MERCURY": "False",
    "SAVE_GIT": "False",
    "SAVE_MEDIA": "False",
    "SAVE_ARCHIVE_DOT_ORG": "False",
    "USE_NODE": "False",
    "CHROME_BINARY": CHROMIUM,
    "CHROME_SANDBOX": "False",
    "TIMEOUT": "60",
    "USE_COLOR": "False",
    "SHOW_PROGRESS": "False",
}


def _as_peer_user() -> list[str]:
    """The command prefix that drops root for ArchiveBox (nothing when not root)."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def install_archivebox() -> tuple[Path | None, str]:
    """ArchiveBox in ``.bench-peers/archivebox-venv`` (installed on first use):
    its ``archivebox`` command, or None and why not."""
    venv = PEERS / "archivebox-venv"
    exe = venv / "bin" / "archivebox"
    steps = []
    if not exe.exists():
        python = "/usr/bin/python3"
        if not Path(python).exists():
            return None, f"{python} is missing (needed for a venv other users can read)"
        PEERS.mkdir(exist_ok=True)
        for cmd in (
            [python, "-m", "venv", str(venv)],
            [str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", ARCHIVEBOX],
        ):
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
            if done.returncode != 0:
                tail = (done.stderr or done.stdout).strip().splitlines()[-1:]
                return None, f"`{' '.join(cmd[-2:])}` failed: {' '.join(tail)}"
        steps.append(f"installed {ARCHIVEBOX} from PyPI")
    else:
        steps.append(f"{ARCHIVEBOX} already in {venv}")
    if os.geteuid() == 0:
        subprocess.run(["chmod", "-R", "o+rX", str(venv)], check=True)
        probe = subprocess.run(
            [*_as_peer_user(), str(venv / "bin" / "python"), "-c", "import archivebox"],
            capture_output=True,
            text=True,
        )
        if probe.returncode != 0:
            return None, f"the nobody user cannot run {venv}: {probe.stderr.strip()[-200:]}"
        steps.append("run as nobody (uid 65534), it refuses root")
    return exe, "; ".join(steps)


def archivebox_run(exe: Path, urls: list[str], concurrency: int) -> tuple[float, dict[str, int]]:
    """Archive ``urls`` with ``concurrency`` collections at once; (seconds, outcomes)."""
    root = Path(tempfile.mkdtemp(prefix="rg-bench-archivebox-"))
    os.chmod(root, 0o755)
    env = {
        "PATH": f"{exe.parent}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(root / "home"),
        "LANG": "C.UTF-8",
        **ARCHIVEBOX_ENV,
    }
    (root / "home").mkdir()
    collections = []
    for i in range(concurrency):
        data = root / f"collection-{i}"
        data.mkdir()
        (root / f"urls-{i}.txt").write_text("".join(u + "\n" for u in urls[i::concurrency]))
        collections.append(data)
    if os.geteuid() == 0:
        subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(root)], check=True)
    for data in collections:  # set-up, not timed
        subprocess.run(
            [*_as_peer_user(), str(exe), "init"], cwd=data, env=env, capture_output=True, check=True
        )
    started = time.perf_counter()
    procs = []
    for i, data in enumerate(collections):
        with (
            (root / f"urls-{i}.txt").open("rb") as stdin,
            (root / f"add-{i}.log").open("wb") as log,
        ):
            procs.append(
                subprocess.Popen(
                    [*_as_peer_user(), str(exe), "add"],
                    cwd=data,
                    env=env,
                    stdin=stdin,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
    for proc in procs:
        proc.wait()
    elapsed = time.perf_counter() - started
    counts: dict[str, int] = {}
    for data in collections:
        for snapshot in (data / "archive").iterdir():
            got = {p.name for p in snapshot.iterdir()}
            whole = {"screenshot.png", "output.pdf", "output.html", "warc"} <= got
            key = "complete" if whole else "incomplete"
            counts[key] = counts.get(key, 0) + 1
    if os.environ.get("BENCH_KEEP"):
        print(f"    kept {root}")
    else:
        shutil.rmtree(root, ignore_errors=True)
    return elapsed, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--processes", type=int, default=1, help="HTTP mode worker processes")
    parser.add_argument(
        "--only",
        choices=["all", "browser", "http", "peer"],
        default="all",
        help="run only some parts",
    )
    parser.add_argument("--repeat", type=int, default=1, help="HTTP mode runs (a distribution)")
    args = parser.parse_args(argv)
    server = start_sandbox()
    try:
        started = json.loads(server.stdout.readline())  # type: ignore[union-attr]
        sb_map = SandboxMap.from_json(started["map"])
        resolver = sb_map.static_resolver()
        urls = [sb_map.url(BENCH_HOST, f"/page/{i}") for i in range(args.pages)]
        n = len(urls)
        print(f"{n} pages, concurrency {args.concurrency}, Chromium {CHROMIUM}")
        summary = []
        bare_ppm = full_ppm = None
        if args.only in ("all", "browser"):
            print("(b) bare Playwright loop: goto + full-page screenshot")
            bare = asyncio.run(bare_loop(urls, args.concurrency, sb_map))
            bare_ppm = n / bare * 60
            print(f"    {bare:.1f} s, {bare_ppm:.0f} pages/min")
            print("(a) RightsGuard browser capture, full evidence package")
            full, counts = rightsguard_run(
                urls, "browser", args.concurrency, resolver, show_memory=True
            )
            full_ppm = n / full * 60
            print(f"    {full:.1f} s, {full_ppm:.0f} pages/min, outcomes {counts}")
            ratio = full_ppm / bare_ppm
            met = "met" if ratio >= 0.6 else "NOT met"
            summary.append(f"(a)/(b) = {ratio:.2f}  (target >= 0.6: {met})")
        if args.only in ("all", "http"):
            print(f"(c) RightsGuard HTTP mode, {args.processes} process(es)")
            rates = []
            for run in range(args.repeat):
                fast, counts = rightsguard_run(
                    urls,
                    "http",
                    args.concurrency,
                    resolver,
                    show_memory=run == 0,
                    processes=args.processes,
                )
                rates.append(n / fast)
                print(f"    {fast:.2f} s, {n / fast:.0f} pages/s, outcomes {counts}")
            rates.sort()
            met = "met" if rates[0] >= 300 else "NOT met"
            spread = (
                f"{rates[0]:.0f}"
                if len(rates) == 1
                else (
                    f"min {rates[0]:.0f}, median {rates[len(rates) // 2]:.0f}, max {rates[-1]:.0f}"
                )
            )
            summary.append(f"(c) = {spread} pages/s  (target >= 300: {met})")
        if args.only in ("all", "peer"):
            print("(d) peer: ArchiveBox, screenshot + PDF + DOM + wget WARC + title/headers/text")
            exe, how = install_archivebox()
            print(f"    set-up: {how}")
            if exe is None:
                summary.append(f"(d) skipped: {how}")
            else:
                peer_urls = [
                    f"http://{PEER_ADDRESS}:{started['peer_port']}/page/{i}" for i in range(n)
                ]
                print(
                    f"    {args.concurrency} collections at once, {n // args.concurrency} "
                    f"pages each, URLs like {peer_urls[0]}"
                )
                took, counts = archivebox_run(exe, peer_urls, args.concurrency)
                peer_ppm = n / took * 60
                print(f"    {took:.1f} s, {peer_ppm:.0f} pages/min, snapshots {counts}")
                line = f"(d) ArchiveBox = {peer_ppm:.0f} pages/min"
                if bare_ppm is not None:
                    line += f"; (a)/(d) = {full_ppm / peer_ppm:.1f}"
                    line += f", (d)/(b) = {peer_ppm / bare_ppm:.2f}"
                summary.append(line)
        print()
        print("\n".join(summary))
    finally:
        server.stdin.close()  # type: ignore[union-attr]
        server.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
