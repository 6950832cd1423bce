"""Benchmark: capture 200 sandbox pages, at one concurrency, three ways.

(a) RightsGuard browser capture, the full evidence package: recording proxy,
    fresh context per page, network settle, scroll, screenshot, PDF, DOM, text,
    WARC + WACZ, network context, blobs in the evidence store, capture rows;
(b) the floor: a bare Playwright loop (fresh context, ``goto`` and a full-page
    screenshot) with the same Chromium;
(c) RightsGuard HTTP mode (WARC + WACZ + network context + blobs + rows).
(d) A peer tool (ArchiveBox) is skipped: it must run as a separate non-root
    user from its own virtual environment (RECIPES.md), and measured 13
    pages/min sequential there, far below both (a) and (b).

The catalogue (``bench.example-trap.cn``, the hostile sandbox service alone)
runs in its own process so its threads do not share our GIL. Prints pages/min,
the ratios (targets: a >= 0.6 b; c >= 300 pages/s) and the RSS of this process
and of its children (Chromium, the proxy, the sandbox; a plain sum, so pages
shared between Chromium's processes count more than once) at the start, after
half the pages and after the last page.

    python bench/capture.py [--pages 200] [--concurrency 4] [--processes 2]
                            [--only all|browser|http]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
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


SANDBOX = """
import json, sys, tempfile
from rightsguard.sandbox import Sandbox
from rightsguard.sandbox.hostile import make_service
with Sandbox(state_dir=tempfile.mkdtemp(), services=[make_service]) as sb:
    print(json.dumps(sb.map().to_json()), flush=True)
    sys.stdin.read()
"""


def start_sandbox() -> subprocess.Popen[str]:
    """The benchmark catalogue (the hostile service alone) in its own process."""
    return subprocess.Popen(
        [sys.executable, "-c", SANDBOX], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
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
    return f"self {rss_mb(me):.0f} MB, children {kids:.0f} MB"


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
    from rightsguard.evidence.blobstore import BlobStore

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--processes", type=int, default=1, help="HTTP mode worker processes")
    parser.add_argument(
        "--only", choices=["all", "browser", "http"], default="all", help="run only some parts"
    )
    args = parser.parse_args(argv)
    server = start_sandbox()
    try:
        sb_map = SandboxMap.from_json(json.loads(server.stdout.readline()))  # type: ignore[union-attr]
        resolver = StaticResolver.from_sandbox(sb_map)
        urls = [sb_map.url(BENCH_HOST, f"/page/{i}") for i in range(args.pages)]
        n = len(urls)
        print(f"{n} pages, concurrency {args.concurrency}, Chromium {CHROMIUM}")
        summary = []
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
            print("(c) RightsGuard HTTP mode")
            fast, counts = rightsguard_run(
                urls, "http", args.concurrency, resolver, show_memory=True, processes=args.processes
            )
            fast_pps = n / fast
            print(f"    {fast:.2f} s, {fast_pps:.0f} pages/s, outcomes {counts}")
            met = "met" if fast_pps >= 300 else "NOT met"
            summary.append(f"(c) = {fast_pps:.0f} pages/s  (target >= 300: {met})")
        print("(d) peer tool: skipped (ArchiveBox needs a non-root user and its own venv)")
        print()
        print("\n".join(summary))
    finally:
        server.stdin.close()  # type: ignore[union-attr]
        server.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
