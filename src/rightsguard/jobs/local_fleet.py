"""Worker processes on this machine for a batch of jobs.

``rightsguard worker`` is started N times over one workspace (Celery when the
workspace's broker answers, inline otherwise), watched until the given jobs have
finished, then stopped. Each process stands for a machine of a deployment: they
share only the database, the broker and the evidence folder. The demo uses it to
show scale-out on one machine; ``bench/scale.py`` measures the same shape at size.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from urllib.parse import urlsplit

from rightsguard.domain.errors import InvalidValue, OperationalError
from rightsguard.jobs.celery_runner import make_celery
from rightsguard.store import Store
from rightsguard.store import jobs as job_rows
from rightsguard.workspace import Workspace

FINISHED = ("done", "failed", "cancelled")
BROKER_PORTS = {"redis": 6379, "rediss": 6380, "amqp": 5672, "amqps": 5671, "pyamqp": 5672}


class FleetDied(OperationalError):
    """Every worker process exited while jobs were left."""

    code = "fleet_died"


@dataclass(frozen=True)
class JobOutcome:
    """Where one job of the batch ended, and which worker process ran it last."""

    id: int
    name: str
    queue: str
    status: str
    attempts: int
    args: dict[str, Any]
    result: dict[str, Any] | None
    error: str | None
    worker: str | None

    @property
    def process(self) -> str | None:
        """The process id in the worker's name (``host:pid/thread``, ``celery:host:pid``)."""
        if not self.worker:
            return None
        return self.worker.rsplit(":", 1)[-1].split("/", 1)[0]


def broker_problem(url: str, timeout: float = 1.0) -> str | None:
    """None when something listens at the broker's address; else what is wrong."""
    parts = urlsplit(url)
    if parts.scheme not in BROKER_PORTS:
        return f"{url!r} is not a redis:// or amqp:// URL"
    host = parts.hostname or "127.0.0.1"
    port = parts.port or BROKER_PORTS[parts.scheme]
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        return f"nothing answers at {host}:{port} ({exc.strerror or exc})"
    return None


def choose_runner(ws: Workspace) -> tuple[str, str]:
    """Celery where the workspace's broker answers, else inline; and why."""
    url = ws.settings.broker_url
    problem = broker_problem(url)
    if problem is None:
        parts = urlsplit(url)
        shown = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
        return "celery", f"Celery on {shown}"
    return "inline", f"inline worker processes, as the broker is not reachable: {problem}"


def outcomes(store: Store, job_ids: Sequence[int]) -> list[JobOutcome]:
    """The jobs' current state, each with the worker that last finished an attempt."""
    ids = [int(i) for i in job_ids]
    with store.transaction() as session:
        rows = job_rows.by_id(session, ids)
        workers = job_rows.last_workers(session, ids)
        missing = [i for i in ids if i not in rows]
        if missing:
            raise InvalidValue("jobs", f"no job with id {', '.join(map(str, missing))}")
        return [
            JobOutcome(
                id=r.id,
                name=r.name,
                queue=r.queue,
                status=r.status,
                attempts=r.attempts,
                args=dict(r.args or {}),
                result=dict(r.result) if r.result else None,
                error=r.error,
                worker=workers.get(r.id),
            )
            for r in (rows[i] for i in ids)
        ]


@dataclass
class LocalFleet:
    """``processes`` worker processes over ``ws``, each running ``concurrency`` jobs at
    a time from ``queues``; their output goes to ``log_dir/worker-N.log``."""

    ws: Workspace
    runner: str
    processes: int = 2
    queues: Sequence[str] = ("capture", "recheck")
    concurrency: int = 1
    log_dir: Path | None = None
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    _logs: list[IO[bytes]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.runner not in ("inline", "celery"):
            raise InvalidValue("runner", f"{self.runner!r} is not inline or celery")
        if self.processes < 1:
            raise InvalidValue("processes", "at least one worker process")

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "rightsguard",
            "--workspace",
            str(self.ws.root),
            "worker",
            "--runner",
            self.runner,
            "--queues",
            ",".join(self.queues),
            "--concurrency",
            str(self.concurrency),
        ]

    def log_path(self, n: int) -> Path:
        return (self.log_dir or self.ws.root / "logs") / f"worker-{n}.log"

    def __enter__(self) -> LocalFleet:
        try:
            for n in range(1, self.processes + 1):
                path = self.log_path(n)
                path.parent.mkdir(parents=True, exist_ok=True)
                log = path.open("ab")
                self._logs.append(log)
                self.workers.append(
                    subprocess.Popen(
                        self.command(),
                        stdin=subprocess.DEVNULL,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def ready(self, timeout: float = 60.0) -> None:
        """Block until every worker process takes work: answers a Celery ping, or (inline)
        has printed its banner. Raises if one exits or ``timeout`` passes first."""
        deadline = time.monotonic() + timeout
        app = None
        if self.runner == "celery":
            app = make_celery(self.ws.settings.broker_url)
        try:
            while True:
                dead = [n for n, w in enumerate(self.workers, 1) if w.poll() is not None]
                if dead:
                    tail = self.log_path(dead[0]).read_text("utf-8", "replace")[-800:]
                    raise FleetDied(
                        f"worker {dead[0]} exited on start; {self.log_path(dead[0])}:\n{tail}"
                    )
                if app is not None:
                    answered = len(app.control.ping(timeout=0.5) or [])
                else:
                    answered = sum(
                        1
                        for n in range(1, len(self.workers) + 1)
                        if "inline worker:" in self.log_path(n).read_text("utf-8", "replace")
                    )
                if answered >= len(self.workers):
                    return
                if time.monotonic() > deadline:
                    raise FleetDied(
                        f"{answered} of {len(self.workers)} worker processes ready after "
                        f"{timeout:.0f} s; see {self.log_path(1).parent}"
                    )
                time.sleep(0.2)
        finally:
            if app is not None:
                app.close()

    def wait(
        self,
        store: Store,
        job_ids: Sequence[int],
        *,
        timeout: float = 300.0,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[JobOutcome]:
        """Poll until every job has finished (or ``timeout``: the rest are returned as
        they stand, still queued for any later worker). Raises if every worker died."""
        deadline = time.monotonic() + timeout
        ids = [int(i) for i in job_ids]
        outcomes(store, ids)  # an unknown id is named now, not after the timeout
        while True:
            # Polled: only the jobs' statuses; their outcomes (and workers) once, at the end.
            with store.transaction() as session:
                finished = job_rows.count_in(session, ids, FINISHED)
            if progress is not None:
                progress(finished, len(ids))
            if finished == len(ids) or time.monotonic() > deadline:
                return outcomes(store, ids)
            if self.workers and all(w.poll() is not None for w in self.workers):
                tail = self.log_path(1).read_text("utf-8", "replace")[-800:]
                raise FleetDied(
                    f"every worker process exited (codes "
                    f"{[w.returncode for w in self.workers]}) with {len(ids) - finished} "
                    f"job(s) left; the end of {self.log_path(1)}:\n{tail}"
                )
            time.sleep(0.25)

    def stop(self, grace: float = 20.0) -> None:
        """SIGTERM (a warm shutdown: running jobs finish), then SIGKILL after ``grace``."""
        for w in self.workers:
            if w.poll() is None:
                w.send_signal(signal.SIGTERM)
        until = time.monotonic() + grace
        for w in self.workers:
            try:
                w.wait(max(0.1, until - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(w.pid, signal.SIGKILL)
                w.wait()
        for w in self.workers:  # a Celery pool child left behind by its parent
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(w.pid, signal.SIGKILL)
        for log in self._logs:
            log.close()
        self._logs.clear()
