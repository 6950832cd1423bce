"""Worker processes on this machine (``jobs/local_fleet``): started, waited for,
stopped; the broker check that picks Celery or inline; a fleet that dies is said."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from rightsguard.domain.errors import InvalidValue
from rightsguard.jobs.dispatch import submit_many
from rightsguard.jobs.local_fleet import (
    FleetDied,
    LocalFleet,
    broker_problem,
    choose_runner,
    outcomes,
)
from rightsguard.store import open_store
from rightsguard.workspace import Workspace, init_workspace


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_broker_problem_names_what_does_not_answer() -> None:
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        port = listening.getsockname()[1]
        assert broker_problem(f"redis://127.0.0.1:{port}/3") is None
    closed = _closed_port()
    problem = broker_problem(f"redis://127.0.0.1:{closed}/0")
    assert problem is not None and f"127.0.0.1:{closed}" in problem
    assert "not a redis:// or amqp://" in (broker_problem("http://127.0.0.1:80/") or "")


def test_runner_falls_back_to_inline_and_hides_the_password(tmp_path: Path) -> None:
    closed = _closed_port()
    ws = init_workspace(tmp_path / "a", {"broker_url": f"redis://u:s3cret@127.0.0.1:{closed}/0"})
    runner, why = choose_runner(ws)
    assert runner == "inline" and f"127.0.0.1:{closed}" in why
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        port = listening.getsockname()[1]
        ws = init_workspace(tmp_path / "b", {"broker_url": f"redis://u:s3cret@127.0.0.1:{port}/4"})
        runner, why = choose_runner(ws)
    assert runner == "celery" and why == f"Celery on redis://127.0.0.1:{port}/4"
    assert "s3cret" not in why


def _jobs(ws: Workspace, n: int) -> list[int]:
    store = open_store(ws)
    try:
        return submit_many(
            ws,
            store,
            "worker.selftest",
            [{"token": f"t{i}", "seconds": 0.3} for i in range(n)],
            runner="inline",
        )
    finally:
        store.close()


@pytest.mark.processes
def test_two_inline_worker_processes_share_the_jobs(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    seen: list[tuple[int, int]] = []
    with LocalFleet(ws, "inline", processes=2, queues=("default",)) as fleet:
        fleet.ready(timeout=60)
        ids = _jobs(ws, 8)
        store = open_store(ws)
        try:
            results = fleet.wait(store, ids, timeout=120, progress=lambda a, b: seen.append((a, b)))
        finally:
            store.close()
        pids = {w.pid for w in fleet.workers}
    assert [r.status for r in results] == ["done"] * 8
    assert {r.result["token"] for r in results if r.result} == {f"t{i}" for i in range(8)}
    assert all(r.result and r.result["first"] for r in results)  # each effect once
    assert {int(r.process or 0) for r in results} == pids  # both processes took work
    assert seen[-1] == (8, 8) and seen[0][1] == 8
    assert all(w.returncode is not None for w in fleet.workers)  # stopped on exit
    assert "inline worker: 1 thread(s)" in fleet.log_path(1).read_text()


def test_a_fleet_whose_workers_die_says_so(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")

    class Dying(LocalFleet):
        def command(self) -> list[str]:
            return [sys.executable, "-c", "print('no database here'); raise SystemExit(3)"]

    with Dying(ws, "inline", processes=2) as fleet, pytest.raises(FleetDied) as died:
        fleet.ready(timeout=30)
    assert "exited on start" in died.value.message and "no database here" in died.value.message
    ids = _jobs(ws, 1)
    with Dying(ws, "inline", processes=1) as fleet:
        fleet.workers[0].wait()
        store = open_store(ws)
        try:
            with pytest.raises(FleetDied, match=r"every worker process exited \(codes \[3\]\)"):
                fleet.wait(store, ids, timeout=30)
            (left,) = outcomes(store, ids)
        finally:
            store.close()
    assert left.status == "queued"  # still there for a later worker: nothing lost


def test_bad_fleet_settings_are_refused(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    with pytest.raises(InvalidValue, match="runner"):
        LocalFleet(ws, "threads")
    with pytest.raises(InvalidValue, match="processes"):
        LocalFleet(ws, "inline", processes=0)
    store = open_store(ws)
    try:
        with pytest.raises(InvalidValue, match="no job with id 999"):
            outcomes(store, [999])
    finally:
        store.close()
