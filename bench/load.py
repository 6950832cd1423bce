"""Benchmark: load. 50,000 rechecks and 2,000 captures queued at once on PostgreSQL
and Redis, run by Celery worker processes (the fleet of ``bench/scale.py``).

Afterwards every job is done, none lost, none repeated to a visible effect: one
recheck row per target (one job per target batch), one complete capture per
capture job, no job with two ``job.effect`` markers. The resident memory of each
worker process and its pool children is sampled through the run; the peak is
printed.

    python bench/load.py [--rechecks 50000] [--captures 2000] [--workers 2]
"""

from __future__ import annotations

import argparse
import time

from scale import F, console, machine_note, run_jobs, world


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rechecks", type=int, default=50_000)
    parser.add_argument("--captures", type=int, default=2_000)
    parser.add_argument("--recheck-batch", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    console.print(f"[bold]load[/]: {machine_note()}")
    with world({"job_lease_seconds": 300}) as (fleet, sandbox):
        fleet.concurrency = args.concurrency
        total = args.rechecks + args.captures
        ids = fleet.targets(sandbox.page(i) for i in range(total))
        for _ in range(args.workers):
            fleet.start_worker()
        fleet.wait_ready()
        fleet.sample_memory()
        idle = fleet.peak_rss_mb
        started = time.perf_counter()
        jobs = fleet.submit(
            "recheck.targets", F.batches(ids[: args.rechecks], args.recheck_batch), sandbox=True
        )
        jobs += fleet.submit("capture.once", F.batches(ids[args.rechecks :], 1), sandbox=True)
        queued = time.perf_counter() - started
        console.print(f"queued {len(jobs):,} jobs in {queued:.1f} s")
        counts = run_jobs(fleet, "jobs", jobs, 4 * 3600)
        elapsed = time.perf_counter() - started
        with fleet.store() as st:
            fx = F.effects(st, ids)
        console.print(f"jobs: {dict(counts)} of {len(jobs):,} in {elapsed:.0f} s")
        console.print(
            f"rechecks: {fx.recheck_rows:,} rows for {fx.targets_rechecked:,} targets "
            f"(most for one target: {fx.max_rechecks_per_target}); captures by status: "
            f"{dict(fx.captures)}, targets with a complete capture {fx.capture_targets_done:,} "
            f"(most for one target: {fx.complete_per_target_max}); "
            f"jobs with two effects: {fx.duplicate_markers}"
        )
        console.print(
            f"worker memory (one process with its pool): {idle:.0f} MB idle, peak "
            f"{fleet.peak_rss_mb:.0f} MB; largest single process {fleet.peak_process_mb:.0f} MB"
        )
        ok = (
            counts["done"] == len(jobs)
            and fx.recheck_rows == fx.targets_rechecked == args.rechecks
            and fx.capture_targets_done == args.captures
            and fx.complete_per_target_max == 1
            and fx.duplicate_markers == 0
        )
        console.print("RESULT: " + ("all done, none lost, none twice" if ok else "FAILED"))
        if not ok:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
