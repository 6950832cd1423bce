"""Scale-out, small: Celery worker processes on PostgreSQL and Redis share rechecks
and captures of sandbox pages; every job is done once, none is lost, and killing
workers with SIGKILL mid-run changes nothing visible (``bench/scale.py``,
``bench/load.py`` and ``bench/chaos.py`` run the same at full size).

The two tests share one fleet (starting Celery workers is the slow part)."""

from __future__ import annotations

import itertools
import random
import subprocess
import time
from collections.abc import Callable, Iterator

import fleet as F
import pytest

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

BROKER = "redis://127.0.0.1:6379/12"
PAGES = itertools.count()


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory, missing_service: Callable[[str], None]
) -> Iterator[tuple[F.Fleet, F.SandboxProcess]]:
    for problem in (F.postgres_reachable(), F.redis_reachable(BROKER)):
        if problem:
            missing_service(problem)
    root = tmp_path_factory.mktemp("fleet")
    url = F.fresh_database()
    sandbox = F.SandboxProcess(root / "sandbox")
    fleet = F.Fleet(
        root,
        url,
        BROKER,
        sandbox.state_dir,
        settings={"job_lease_seconds": 2, "capture_timeout_seconds": 10},
    )
    try:
        fleet.start_worker()
        fleet.start_worker()
        fleet.wait_ready()
        yield fleet, sandbox
    finally:
        fleet.stop(graceful=False)
        sandbox.close()
        F.drop_database(url)
        F.redis_reachable(BROKER)  # flushes what is left in the broker


def _queue(fleet: F.Fleet, sandbox: F.SandboxProcess, batch: int) -> tuple[list[int], list[int]]:
    """40 rechecks in batches of ``batch`` and 6 captures (one per job) of fresh pages."""
    ids = fleet.targets(sandbox.page(next(PAGES)) for _ in range(46))
    jobs = fleet.submit("recheck.targets", F.batches(ids[:40], batch), sandbox=True)
    jobs += fleet.submit("capture.once", F.batches(ids[40:], 1), sandbox=True, mode="http")
    return ids, jobs


def _assert_once(fleet: F.Fleet, ids: list[int]) -> F.Effects:
    with fleet.store() as st:
        fx = F.effects(st, ids)
    assert fx.recheck_rows == 40 and fx.targets_rechecked == 40
    assert fx.max_rechecks_per_target == 1, "a target was rechecked twice"
    assert fx.capture_targets_done == 6 and fx.complete_per_target_max == 1
    assert fx.captures["pending"] == 0
    assert fx.duplicate_markers == 0, "a job took effect twice"
    return fx


def test_workers_share_the_work_once_each(world: tuple[F.Fleet, F.SandboxProcess]) -> None:
    fleet, sandbox = world
    ids, jobs = _queue(fleet, sandbox, 5)
    assert fleet.wait(jobs, 90) == {"done": len(jobs)}
    fx = _assert_once(fleet, ids)
    assert fx.captures == {"complete": 6}
    assert 0 < fleet.peak_rss_mb < 2048, "worker memory was not sampled, or unbounded"


def test_workers_killed_mid_run_lose_nothing_and_repeat_nothing(
    world: tuple[F.Fleet, F.SandboxProcess],
) -> None:
    fleet, sandbox = world
    rng = random.Random(7)
    ids, jobs = _queue(fleet, sandbox, 1)
    kills = 0
    deadline = time.monotonic() + 60
    while kills < 2 and time.monotonic() < deadline:
        # Kill the moment a job is being worked on: on a quiet machine the whole
        # queue can be done within a second, so a fixed pause may miss the run.
        with fleet.store() as st:
            counts = F.job_counts(st, jobs)
        if counts["running"] == 0:
            if counts["done"] == len(jobs):
                break
            time.sleep(0.01)
            continue
        fleet.kill_random(rng)
        fleet.start_worker()
        kills += 1
        time.sleep(0.3)
    assert kills >= 1, "no kill landed while a job was running"
    assert fleet.wait(jobs, 120) == {"done": len(jobs)}
    # every job is done, so a capture still pending was cut short by a kill: reap it
    [reap] = fleet.submit_args("capture.reap", [{"older_than_seconds": 0}])
    assert fleet.wait([reap], 60) == {"done": 1}
    fx = _assert_once(fleet, ids)
    assert set(fx.captures) <= {"complete", "failed"}
    verified = subprocess.run(
        [str(F.RIGHTSGUARD), "-w", str(fleet.workspace.root), "verify", "--ledger"],
        capture_output=True,
        text=True,
        env=F.worker_env(fleet.sandbox_dir),
        check=False,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
