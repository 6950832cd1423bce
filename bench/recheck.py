"""Benchmark: rechecks of 10,000 sandbox URLs against a bare httpx async loop
doing the same requests, in the same run, with the sandbox in its own process.

RightsGuard's rechecks add the SSRF guard (resolve, check, pin), normalised-text
hashing, classification, one recorded look per target and the status logic, all
in one transaction. Target: >= 0.8 x the bare loop; memory flat (RSS printed at
the start, the middle and the end).

    python bench/recheck.py [--urls 10000] [--concurrency 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rightsguard.discover.recheck import recheck_targets
from rightsguard.evidence.httpfetch import make_client
from rightsguard.evidence.limits import CaptureLimits
from rightsguard.evidence.netguard import Guard, NetworkPolicy
from rightsguard.sandbox.clients import SandboxMap
from rightsguard.sandbox.hostile import BENCH_HOST
from rightsguard.store import open_store
from rightsguard.store.captures import find_or_add_target
from rightsguard.workspace import init_workspace

SANDBOX = """
import json, sys, tempfile
from rightsguard.sandbox import Sandbox
from rightsguard.sandbox.hostile import make_service
with Sandbox(state_dir=tempfile.mkdtemp(), services=[make_service]) as sb:
    print(json.dumps(sb.map().to_json()), flush=True)
    sys.stdin.read()
"""


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def bare_loop(urls: list[str], sandbox: SandboxMap, concurrency: int) -> float:
    semaphore = asyncio.Semaphore(concurrency)
    async with sandbox.async_httpx_client(timeout=120) as client:

        async def one(url: str) -> None:
            async with semaphore:
                response = await client.get(url, follow_redirects=True)
                _ = response.text

        start = time.perf_counter()
        await asyncio.gather(*(one(u) for u in urls))
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--urls", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    server = subprocess.Popen(
        [sys.executable, "-c", SANDBOX], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        sandbox = SandboxMap.from_json(json.loads(server.stdout.readline()))
        urls = [sandbox.url(BENCH_HOST, f"/page/{i}") for i in range(args.urls)]
        with tempfile.TemporaryDirectory() as tmp:
            ws = init_workspace(Path(tmp) / "ws", {"allow_private_targets": True})
            store = open_store(ws)
            ids = [find_or_add_target(store, u) for u in urls]
            bare = asyncio.run(bare_loop(urls, sandbox, args.concurrency))
            print(f"bare httpx loop   {args.urls / bare:,.0f} URLs/s ({bare:.1f} s)")
            guard = Guard(sandbox.static_resolver(), NetworkPolicy(allow_private=True))
            limits = CaptureLimits(timeout=30)
            print(f"RSS before        {rss_mib():.0f} MiB (peak so far)")
            half = len(ids) // 2
            start = time.perf_counter()
            recheck_targets(
                store,
                ids[:half],
                lambda: make_client(guard, limits, max_connections=args.concurrency),
                concurrency=args.concurrency,
            )
            print(f"RSS at half       {rss_mib():.0f} MiB (peak so far)")
            results = recheck_targets(
                store,
                ids[half:],
                lambda: make_client(guard, limits, max_connections=args.concurrency),
                concurrency=args.concurrency,
            )
            ours = time.perf_counter() - start
            print(f"RSS at the end    {rss_mib():.0f} MiB (peak so far)")
            states: dict[str, int] = {}
            for r in results:
                states[r.state] = states.get(r.state, 0) + 1
            ratio = bare / ours
            print(
                f"RightsGuard       {args.urls / ours:,.0f} URLs/s ({ours:.1f} s), "
                f"second half {states}"
            )
            print(
                f"ratio             {ratio:.2f} of the bare loop "
                f"(target 0.8: {'MET' if ratio >= 0.8 else 'MISSED'})"
            )
            store.close()
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(30)


if __name__ == "__main__":
    main()
