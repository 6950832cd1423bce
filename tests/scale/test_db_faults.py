"""Storage faults during work: the database server restarting under running Celery
workers, and the evidence disk filling up during a capture.

The restart uses a private PostgreSQL server (``initdb`` + ``pg_ctl`` in a temporary
folder on a free port, run as the ``postgres`` user): the machine's shared server
is never touched. The full disk is a 2 MB tmpfs mounted as the evidence folder.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import fleet as F
import pytest
from sqlalchemy import select

from rightsguard.jobs.core import enqueue, get_job
from rightsguard.jobs.inline import InlineWorker
from rightsguard.store import Store
from rightsguard.store.captures import find_or_add_target
from rightsguard.store.models import CaptureRow
from rightsguard.workspace import init_workspace

BROKER = "redis://127.0.0.1:6379/10"
TARGETS = 120


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrivatePostgres:
    """A throwaway PostgreSQL server of our own (trust auth, loopback only)."""

    def __init__(self, folder: Path) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found or shutil.which("runuser") is None:
            raise FileNotFoundError("pg_ctl or runuser")
        self.bin = Path(found[-1]).parent
        self.folder = folder
        self.data = folder / "data"
        self.port = _free_port()
        folder.mkdir(parents=True, exist_ok=True)
        shutil.chown(folder, "postgres", "postgres")
        self._as_postgres(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync"
        )
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, tool: str, *args: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(self.bin / tool), *args],
            check=True,
            capture_output=True,
            cwd=self.folder,
        )

    def start(self) -> None:
        opts = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            opts,
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._as_postgres("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


@pytest.fixture
def private_pg(missing_service: Callable[[str], None]) -> Iterator[PrivatePostgres]:
    # not under tmp_path: the postgres user cannot enter root's pytest folders
    folder = Path(tempfile.mkdtemp(prefix="rg-private-pg-"))
    folder.chmod(0o755)
    try:
        server = PrivatePostgres(folder / "pg")
        server.start()
    except subprocess.CalledProcessError as exc:
        why = (exc.stderr or b"").decode(errors="replace").strip()[-300:]
        missing_service(f"a private PostgreSQL server (initdb/pg_ctl as postgres: {why})")
    except (FileNotFoundError, LookupError) as exc:
        missing_service(f"a private PostgreSQL server ({exc})")
    try:
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


@pytest.mark.postgres
@pytest.mark.slow
def test_workers_ride_out_a_database_restart(
    private_pg: PrivatePostgres, tmp_path: Path, missing_service: Callable[[str], None]
) -> None:
    problem = F.redis_reachable(BROKER)
    if problem:
        missing_service(problem)
    url = F.fresh_database(private_pg.url)
    sandbox = F.SandboxProcess(tmp_path / "sandbox")
    fleet = F.Fleet(tmp_path, url, BROKER, sandbox.state_dir, settings={"job_lease_seconds": 2})
    try:
        # Enough work, from a slow server, that jobs are still running when the server
        # goes: a quick job could finish while pg_ctl is still stopping it.
        ids = fleet.targets(sandbox.page(i, delay_ms=400) for i in range(TARGETS))
        fleet.start_worker()
        fleet.wait_ready()
        jobs = fleet.submit("recheck.targets", F.batches(ids, 2), sandbox=True)
        with fleet.store() as st:
            while (counts := F.job_counts(st, jobs))["done"] < 3 or not counts.get("running"):
                time.sleep(0.05)
        private_pg.stop()  # mid-run: connections cut, every query refused
        time.sleep(3)
        private_pg.start()
        assert fleet.wait(jobs, 120) == {"done": len(jobs)}
        with fleet.store() as st:
            fx = F.effects(st, ids)
            retried = [j for j in jobs if F.attempts(st, j) > 1]
        assert fx.recheck_rows == fx.targets_rechecked == TARGETS, "a look lost or half-written"
        assert fx.max_rechecks_per_target == 1 and fx.duplicate_markers == 0
        assert retried, "no job was running when the server stopped: the test proved nothing"
    finally:
        fleet.stop(graceful=False)
        sandbox.close()
        F.redis_reachable(BROKER)


@pytest.fixture
def tiny_disk(tmp_path: Path, missing_service: Callable[[str], None]) -> Iterator[Path]:
    mount = tmp_path / "evidence"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        missing_service(f"a 2 MB tmpfs for the full-disk test ({done.stderr.strip()})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(path: Path) -> None:
    """Write until the disk is full."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)


def test_a_full_evidence_disk_fails_the_capture_cleanly(tiny_disk: Path, tmp_path: Path) -> None:
    sandbox = F.SandboxProcess(tmp_path / "sandbox")
    ws = init_workspace(
        tmp_path / "ws",
        {
            "evidence_dir": str(tiny_disk),
            "allow_private_targets": True,
            "timestamp_each_capture": False,
        },
    )
    store = Store(ws.database_url, "tester")
    try:
        target = find_or_add_target(store, sandbox.page(1))
        _fill(tiny_disk / "filler")
        before = {p for p in tiny_disk.rglob("*") if p.is_file()}
        job = enqueue(store, "capture.once", {"target_ids": [target], "sandbox": True})
        os.environ["RIGHTSGUARD_SANDBOX_DIR"] = str(sandbox.state_dir)
        try:
            InlineWorker(ws, store, lease_seconds=30).drain()
        finally:
            os.environ.pop("RIGHTSGUARD_SANDBOX_DIR")
        with store.transaction() as session:
            [capture] = session.scalars(select(CaptureRow).where(CaptureRow.target_id == target))
        assert capture.status == "failed", (capture.status, get_job(store, job).error)
        assert "space" in (capture.partial_reason or "").lower(), capture.partial_reason
        after = {p for p in tiny_disk.rglob("*") if p.is_file()}
        assert after == before, f"left behind on the full disk: {sorted(after - before)}"
        assert not list(tmp_path.rglob("*.wacz")), "a half-written WACZ was left"
    finally:
        store.close()
        sandbox.close()
