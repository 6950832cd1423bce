"""Chaos: Celery worker processes killed with SIGKILL every few seconds while they
run 500 captures and 5,000 rechecks (a replacement is started after each kill).

Afterwards: every job is done (retried to done where a kill cut it short), the
ledger verifies (``rightsguard verify --ledger``), each capture is complete or
explicitly failed (pending ones left by killed workers are reaped by the
``capture.reap`` task), and no job took effect twice.

    python bench/chaos.py [--captures 500] [--rechecks 5000] [--every 6]
                          [--max-kills 40] [--workers 2]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import time

from scale import F, console, machine_note, run_jobs, world


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--captures", type=int, default=500)
    parser.add_argument("--rechecks", type=int, default=5_000)
    parser.add_argument("--recheck-batch", type=int, default=20)
    parser.add_argument("--every", type=float, default=6.0, help="seconds between kills")
    parser.add_argument("--max-kills", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    console.print(f"[bold]chaos[/]: {machine_note()}")
    rng = random.Random(args.seed)
    settings = {"job_lease_seconds": 5, "capture_timeout_seconds": 20}
    with world(settings) as (fleet, sandbox):
        ids = fleet.targets(sandbox.page(i) for i in range(args.captures + args.rechecks))
        for _ in range(args.workers):
            fleet.start_worker()
        fleet.wait_ready()
        started = time.perf_counter()
        jobs = fleet.submit("capture.once", F.batches(ids[: args.captures], 1), sandbox=True)
        jobs += fleet.submit(
            "recheck.targets", F.batches(ids[args.captures :], args.recheck_batch), sandbox=True
        )
        kills = 0
        with fleet.store() as st:
            while F.job_counts(st, jobs)["done"] < len(jobs) and kills < args.max_kills:
                time.sleep(rng.uniform(0.5, 1.5) * args.every)
                if F.job_counts(st, jobs)["done"] >= len(jobs):
                    break
                fleet.kill_random(rng)
                fleet.start_worker()
                kills += 1
                done = F.job_counts(st, jobs)["done"]
                console.print(f"kill {kills}: {done:,}/{len(jobs):,} jobs done")
        counts = run_jobs(fleet, "jobs", jobs, 3600)
        elapsed = time.perf_counter() - started
        [reap] = fleet.submit_args("capture.reap", [{"older_than_seconds": 0}])
        run_jobs(fleet, "reap", [reap], 300)
        with fleet.store() as st:
            fx = F.effects(st, ids)
            retried = sum(1 for j in jobs if F.attempts(st, j) > 1)
        verified = subprocess.run(
            [str(F.RIGHTSGUARD), "-w", str(fleet.workspace.root), "verify", "--ledger"],
            capture_output=True,
            text=True,
            env=F.worker_env(fleet.sandbox_dir),
            check=False,
        )
        console.print(f"{kills} kills in {elapsed:.0f} s; jobs {dict(counts)}, {retried} retried")
        console.print(
            f"captures by status {dict(fx.captures)}; targets with a complete capture "
            f"{fx.capture_targets_done}/{args.captures} (most for one: "
            f"{fx.complete_per_target_max}); recheck rows {fx.recheck_rows:,} for "
            f"{fx.targets_rechecked:,} targets (most for one: {fx.max_rechecks_per_target}); "
            f"jobs with two effects: {fx.duplicate_markers}"
        )
        console.print(f"rightsguard verify --ledger: exit {verified.returncode}")
        ok = (
            counts["done"] == len(jobs)
            and fx.captures["pending"] == 0
            and fx.capture_targets_done == args.captures
            and fx.complete_per_target_max == 1
            and fx.recheck_rows == fx.targets_rechecked == args.rechecks
            and fx.duplicate_markers == 0
            and verified.returncode == 0
        )
        console.print("RESULT: " + ("nothing lost, nothing twice" if ok else "FAILED"))
        if not ok:
            console.print(verified.stdout[-2000:] + verified.stderr[-2000:])
            raise SystemExit(1)


if __name__ == "__main__":
    main()
