"""Benchmark: scale-out over Celery worker processes, on PostgreSQL (a fresh database)
and Redis, against sandbox pages.

Each worker process stands for a machine: its own workspace folder, the same
``database_url``, ``broker_url`` and absolute shared ``evidence_dir``. Throughput is
measured with 1, 2 and 4 worker processes, from the moment the jobs are queued
(workers already started) until the last is done:

    python bench/scale.py [--rechecks 4000] [--captures 400] [--workers 1,2,4]

``bench/load.py`` (everything queued at once, memory sampled) and ``bench/chaos.py``
(workers killed with SIGKILL while they work) use the same fleet.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "scale"))

import fleet as F
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

BROKER = os.environ.get("RIGHTSGUARD_BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
console = Console()


def machine_note() -> str:
    cores = os.cpu_count() or 1
    return (
        f"this machine has {cores} CPU core(s), shared with other work: worker processes "
        "beyond the cores compete for them, so the ratio here is a floor; on separate "
        "machines each `rightsguard worker` brings its own cores"
    )


@contextmanager
def world(settings: dict[str, object]) -> Iterator[tuple[F.Fleet, F.SandboxProcess]]:
    for problem in (F.postgres_reachable(), F.redis_reachable(BROKER)):
        if problem:
            raise SystemExit(f"needs {problem}")
    root = Path(tempfile.mkdtemp(prefix="rg-scale-"))
    url = F.fresh_database()
    sandbox = F.SandboxProcess(root / "sandbox")
    fleet = F.Fleet(root, url, BROKER, sandbox.state_dir, settings=settings)
    try:
        yield fleet, sandbox
    finally:
        fleet.stop()
        sandbox.close()
        F.drop_database(url)
        F.redis_reachable(BROKER)


def run_jobs(fleet: F.Fleet, label: str, jobs: list[int], timeout: float) -> Counter[str]:
    """Wait for ``jobs`` with a progress bar; the counts by status at the end."""
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        bar = progress.add_task(label, total=len(jobs))
        return fleet.wait(
            jobs,
            timeout,
            tick=lambda c: progress.update(bar, completed=c["done"] + c["failed"]),
            every=1.0,
        )


def measure(fleet: F.Fleet, name: str, ids: list[int], batch: int, **extra: object) -> float:
    """Units per second for ``ids`` queued in jobs of ``batch`` (workers running)."""
    started = time.perf_counter()
    jobs = fleet.submit(name, F.batches(ids, batch), sandbox=True, **extra)
    counts = run_jobs(fleet, f"{name} × {len(ids)}", jobs, 3600)
    elapsed = time.perf_counter() - started
    if counts["done"] != len(jobs):
        raise SystemExit(f"{name}: {dict(counts)} of {len(jobs)} jobs")
    return len(ids) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rechecks", type=int, default=4000)
    parser.add_argument("--captures", type=int, default=400)
    parser.add_argument("--recheck-batch", type=int, default=50)
    parser.add_argument("--capture-batch", type=int, default=5)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--concurrency", type=int, default=2, help="jobs per worker process")
    parser.add_argument("--browser-sample", type=int, default=0, help="browser captures, 1 worker")
    args = parser.parse_args()
    console.print(f"[bold]scale-out[/]: {machine_note()}")
    sizes = [int(w) for w in args.workers.split(",")]
    rates: dict[int, tuple[float, float]] = {}
    page = 0
    with world({"job_lease_seconds": 60}) as (fleet, sandbox):
        fleet.concurrency = args.concurrency
        for size in sizes:
            while len(fleet.workers) < size:
                fleet.start_worker()
            fleet.wait_ready()
            ids = fleet.targets(sandbox.page(page + i) for i in range(args.rechecks))
            page += args.rechecks
            recheck = measure(fleet, "recheck.targets", ids, args.recheck_batch)
            ids = fleet.targets(sandbox.page(page + i) for i in range(args.captures))
            page += args.captures
            capture = measure(fleet, "capture.once", ids, args.capture_batch, mode="http")
            rates[size] = (recheck, capture)
            console.print(
                f"{size} worker process(es) × {args.concurrency}: rechecks {recheck:,.0f} "
                f"pages/s, HTTP captures {capture:,.1f} pages/s "
                f"(peak RSS of one worker with its pool: {fleet.peak_rss_mb:.0f} MB)"
            )
        if args.browser_sample:
            fleet.stop()
            fleet.start_worker()
            fleet.wait_ready()
            ids = fleet.targets(sandbox.page(page + i) for i in range(args.browser_sample))
            rate = measure(fleet, "capture.once", ids, 1, mode="browser")
            console.print(f"1 worker process, browser captures: {rate * 60:,.1f} pages/min")
    if 1 in rates and max(sizes) in rates and max(sizes) != 1:
        top = max(sizes)
        console.print(
            f"scaling {top} vs 1 worker process(es): rechecks "
            f"{rates[top][0] / rates[1][0]:.2f}×, captures {rates[top][1] / rates[1][1]:.2f}× "
            f"({os.cpu_count()} cores here)"
        )


if __name__ == "__main__":
    main()
