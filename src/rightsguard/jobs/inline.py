"""The inline runner: worker threads in this process, job state in the database."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from rightsguard.domain.errors import RightsGuardError
from rightsguard.jobs.core import claim, execute_job, kept_leased, worker_id
from rightsguard.store import Store
from rightsguard.workspace import Workspace

log = logging.getLogger(__name__)


class InlineWorker:
    def __init__(
        self,
        workspace: Workspace | None,
        store: Store,
        *,
        queues: list[str] | None = None,
        concurrency: int = 2,
        lease_seconds: float = 60.0,
        poll_seconds: float = 0.5,
    ) -> None:
        self.workspace = workspace
        self.store = store
        self.queues = queues
        self.concurrency = max(1, concurrency)
        self.lease = timedelta(seconds=lease_seconds)
        self.poll = poll_seconds
        self.stopping = threading.Event()
        self.ran = 0
        self._lock = threading.Lock()

    def run_once(self, owner: str | None = None) -> bool:
        """Claim and run one job; False when nothing was runnable."""
        owner = owner or worker_id()
        row = claim(self.store, owner, self.queues, self.lease)
        if row is None:
            return False
        with kept_leased(self.store, row.id, owner, self.lease):
            execute_job(self.workspace, self.store, row, owner)
        with self._lock:
            self.ran += 1
        return True

    def drain(self) -> int:
        """Run jobs until none is runnable now; return how many ran."""
        before = self.ran
        while self.run_once():
            pass
        return self.ran - before

    def run(self, *, until_idle: bool = False) -> None:
        """Run ``concurrency`` threads until stopped (or, with until_idle, idle)."""

        def loop(n: int) -> None:
            owner = f"{worker_id()}/{n}"
            while not self.stopping.is_set():
                try:
                    ran = self.run_once(owner)
                except RightsGuardError as exc:
                    # The database went away (a restart, a lock): keep the thread,
                    # say so, and try again; the job's lease brings it back if needed.
                    log.warning("job worker %s: %s; retrying", owner, exc)
                    self.stopping.wait(max(self.poll, 1.0))
                    continue
                if not ran:
                    if until_idle:
                        return
                    self.stopping.wait(self.poll)

        threads = [
            threading.Thread(target=loop, args=(n,), daemon=True) for n in range(self.concurrency)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def stop(self) -> None:
        self.stopping.set()
