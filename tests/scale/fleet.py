"""A fleet of Celery worker processes over one PostgreSQL database, one Redis broker,
one shared evidence folder and the sandbox, for the scale, load and chaos proofs.

Each worker process stands for a machine: it gets a workspace folder of its own
(settings file and the shared signing key) whose ``database_url``, ``broker_url``
and absolute ``evidence_dir`` are the same for all, exactly as separate machines
running ``rightsguard worker`` would be configured. The tests in this folder run
it small; ``bench/scale.py``, ``bench/load.py`` and ``bench/chaos.py`` at full size.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func, select

from rightsguard.jobs.dispatch import submit_many
from rightsguard.sandbox.clients import SandboxMap
from rightsguard.sandbox.hostile import BENCH_HOST
from rightsguard.store import Store
from rightsguard.store.captures import find_or_add_target
from rightsguard.store.migrate import upgrade
from rightsguard.store.models import CaptureRow, EventRow, JobRow, RecheckRow
from rightsguard.workspace import init_workspace

PG_ADMIN = os.environ.get(
    "RIGHTSGUARD_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
RIGHTSGUARD = Path(sys.executable).with_name("rightsguard")

# The sandbox in a process of its own (as the worker machines would reach a site),
# with a state file so that ``sandbox=True`` tasks in any worker find its addresses.
SANDBOX = """
import json, os, sys
from pathlib import Path
from rightsguard.sandbox import Sandbox
from rightsguard.sandbox.hostile import make_service
state_dir = Path(sys.argv[1])
with Sandbox(state_dir=state_dir, services=[make_service]) as sb:
    state = {"pid": os.getpid(), "endpoints": {}, "map": sb.map().to_json()}
    tmp = state_dir / "sandbox.json.tmp"
    tmp.write_text(json.dumps(state))
    os.replace(tmp, state_dir / "sandbox.json")
    print(json.dumps(state["map"]), flush=True)
    sys.stdin.read()
"""


def fresh_database(admin_url: str = PG_ADMIN) -> str:
    """A new, migrated PostgreSQL database; its URL."""
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"rg_scale_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    url = sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    return url


def drop_database(url: str, admin_url: str = PG_ADMIN) -> None:
    name = sa.make_url(url).database
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def postgres_reachable(admin_url: str = PG_ADMIN) -> str | None:
    """None when PostgreSQL answers, else why not."""
    engine = sa.create_engine(admin_url)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
        return None
    except sa.exc.OperationalError as exc:
        return f"PostgreSQL at {admin_url} ({exc.orig})"
    finally:
        engine.dispose()


def redis_reachable(url: str) -> str | None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.ping()
        client.flushdb()
        return None
    except redis.exceptions.ConnectionError as exc:
        return f"Redis at {url} ({exc})"
    finally:
        client.close()


class SandboxProcess:
    """The benchmark catalogue (``/page/N`` on ``bench.example-trap.cn``) served by a
    child process, registered under ``state_dir`` for ``sandbox=True`` tasks."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        state_dir.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SANDBOX, str(state_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the sandbox process exited before serving")
        self.map = SandboxMap.from_json(json.loads(line))

    def page(self, n: int, delay_ms: int = 0) -> str:
        path = f"/page/{n}" + (f"?delay={delay_ms}" if delay_ms else "")
        return self.map.url(BENCH_HOST, path)

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def worker_env(sandbox_dir: Path) -> dict[str, str]:
    """The environment of a worker: its workspace's settings file decides, not ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RIGHTSGUARD_")}
    env["RIGHTSGUARD_SANDBOX_DIR"] = str(sandbox_dir)
    return env


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def process_group(pgid: int) -> list[int]:
    """The processes of group ``pgid``: a worker started in a session of its own and
    its pool children (they keep its group)."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid:
                members.append(int(entry.name))
    return members


@dataclass
class Fleet:
    """Worker processes ("machines") sharing one database, broker and evidence folder."""

    root: Path
    database_url: str
    broker_url: str
    sandbox_dir: Path
    queues: str = "capture,recheck"
    concurrency: int = 2
    settings: Mapping[str, Any] = field(default_factory=dict)
    workers: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)
    peak_rss_mb: float = 0.0  # largest sum over one worker's process tree
    peak_process_mb: float = 0.0  # largest single process
    _next: int = 0

    def __post_init__(self) -> None:
        self.evidence = self.root / "shared-evidence"
        self.workspace = init_workspace(
            self.root / "console",
            {
                "database_url": self.database_url,
                "evidence_dir": str(self.evidence),
                "job_runner": "celery",
                "broker_url": self.broker_url,
                "allow_private_targets": True,
                "timestamp_each_capture": False,
                **self.settings,
            },
        )

    @contextmanager
    def store(self) -> Iterator[Store]:
        st = Store(self.database_url, "scale")
        try:
            yield st
        finally:
            st.close()

    def _machine(self, n: int) -> Path:
        """A workspace folder of its own for worker ``n``: same settings, same key."""
        home = self.root / f"machine-{n}"
        if not home.exists():
            home.mkdir(parents=True)
            for item in self.workspace.root.iterdir():  # settings file and signing key
                if item.is_file():
                    shutil.copy2(item, home / item.name)
        return home

    def start_worker(self) -> int:
        n = self._next
        self._next += 1
        env = worker_env(self.sandbox_dir)
        self.workers[n] = subprocess.Popen(
            [
                str(RIGHTSGUARD),
                "-w",
                str(self._machine(n)),
                "worker",
                "--runner",
                "celery",
                "--queues",
                self.queues,
                "--concurrency",
                str(self.concurrency),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        return n

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Until every worker answers a Celery ping (started, connected, consuming)."""
        from rightsguard.jobs.celery_runner import make_celery

        app = make_celery(self.broker_url)
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if len(app.control.ping(timeout=1.0) or []) >= len(self.workers):
                    return
            raise RuntimeError(f"{len(self.workers)} worker(s) not ready after {timeout:.0f} s")
        finally:
            app.close()

    def kill(self, n: int) -> None:
        """SIGKILL worker ``n`` and its pool children (a machine lost mid-task)."""
        proc = self.workers.pop(n)
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    def kill_random(self, rng: random.Random) -> int:
        n = rng.choice(sorted(self.workers))
        self.kill(n)
        return n

    def sample_memory(self) -> None:
        for proc in self.workers.values():
            sizes = [rss_mb(p) for p in process_group(proc.pid)]
            self.peak_rss_mb = max(self.peak_rss_mb, sum(sizes))
            self.peak_process_mb = max(self.peak_process_mb, max(sizes, default=0.0))

    def stop(self, *, graceful: bool = True) -> None:
        if not graceful:
            for n in list(self.workers):
                self.kill(n)
            return
        for proc in self.workers.values():
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.workers.values():
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.workers.clear()

    # --- work -----------------------------------------------------------------

    def targets(self, urls: Iterable[str]) -> list[int]:
        with self.store() as st:
            return [find_or_add_target(st, u) for u in urls]

    def submit(self, name: str, batches: list[list[int]], **extra: Any) -> list[int]:
        return self.submit_args(name, [{"target_ids": b, **extra} for b in batches])

    def submit_args(self, name: str, many: list[Mapping[str, Any]]) -> list[int]:
        with self.store() as st:
            return submit_many(self.workspace, st, name, many)

    def wait(
        self,
        job_ids: list[int],
        timeout: float,
        *,
        tick: Callable[[Counter[str]], None] | None = None,
        every: float = 0.5,
    ) -> Counter[str]:
        """Poll until every job is done or failed (or ``timeout``); job counts by status."""
        deadline = time.monotonic() + timeout
        counts: Counter[str] = Counter()
        with self.store() as st:
            while True:
                counts = job_counts(st, job_ids)
                self.sample_memory()
                if tick is not None:
                    tick(counts)
                if counts["done"] + counts["failed"] >= len(job_ids):
                    return counts
                if time.monotonic() > deadline:
                    return counts
                time.sleep(every)


def job_counts(store: Store, job_ids: list[int]) -> Counter[str]:
    lo, hi = min(job_ids), max(job_ids)
    with store.transaction() as session:
        rows = session.execute(
            select(JobRow.status, func.count())
            .where(JobRow.id.between(lo, hi))
            .group_by(JobRow.status)
        )
        return Counter({str(s): int(n) for s, n in rows})


@dataclass(frozen=True)
class Effects:
    """What the work left behind, counted in the database."""

    recheck_rows: int
    targets_rechecked: int
    max_rechecks_per_target: int
    captures: Counter[str]
    complete_per_target_max: int
    capture_targets_done: int
    effect_markers: int
    duplicate_markers: int


def effects(store: Store, target_ids: list[int]) -> Effects:
    """Rechecks and captures of ``target_ids``, and the jobs' effect markers."""
    with store.transaction() as session:
        per_target = (
            select(RecheckRow.target_id, func.count().label("n"))
            .where(RecheckRow.target_id.in_(target_ids))
            .group_by(RecheckRow.target_id)
            .subquery()
        )
        rows, targets, most = session.execute(
            select(
                func.coalesce(func.sum(per_target.c.n), 0), func.count(), func.max(per_target.c.n)
            ).select_from(per_target)
        ).one()
        captures = Counter(
            {
                str(s): int(n)
                for s, n in session.execute(
                    select(CaptureRow.status, func.count())
                    .where(CaptureRow.target_id.in_(target_ids))
                    .group_by(CaptureRow.status)
                )
            }
        )
        good = (
            select(CaptureRow.target_id, func.count().label("n"))
            .where(
                CaptureRow.status.in_(("complete", "partial")), CaptureRow.target_id.in_(target_ids)
            )
            .group_by(CaptureRow.target_id)
            .subquery()
        )
        captured, most_complete = session.execute(
            select(func.count(), func.max(good.c.n)).select_from(good)
        ).one()
        markers = (
            select(EventRow.entity_id, func.count().label("n"))
            .where(EventRow.verb == "job.effect")
            .group_by(EventRow.entity_id)
            .subquery()
        )
        marked, doubled = session.execute(
            select(func.count(), func.count().filter(markers.c.n > 1)).select_from(markers)
        ).one()
    return Effects(
        int(rows),
        int(targets),
        int(most or 0),
        captures,
        int(most_complete or 0),
        int(captured),
        int(marked),
        int(doubled),
    )


def batches(ids: list[int], size: int) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def attempts(store: Store, job_id: int) -> int:
    with store.transaction() as session:
        return int(session.scalar(select(JobRow.attempts).where(JobRow.id == job_id)) or 0)
