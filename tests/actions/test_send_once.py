"""A send goes out once: two sends of one action at the same moment (two clicks, a
job and a person) deliver one message, on SQLite and PostgreSQL; a claim left by a
process that died is taken over with the same Message-ID."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_actions_flow import _capture, _holder, case_world, mail

from rightsguard.actions import dispatch, drafting, gating
from rightsguard.domain.enums import ActionStatus
from rightsguard.domain.errors import InvalidValue
from rightsguard.sandbox.smtp import SmtpService
from rightsguard.store import Store
from rightsguard.store.actions import ActionRepo
from rightsguard.workspace import Workspace

__all__ = ["mail"]


def _approved_notice(
    tmp_path: Path, db_url: str, server: SmtpService, ca: Path, to: str
) -> tuple[Workspace, Store, int]:
    ws, store, case_id = case_world(tmp_path / "ws", server, ca, database_url=db_url, timeout=10)
    _holder(store)
    _capture(store)
    action, _ = drafting.draft(
        ws,
        store,
        case_id=case_id,
        kind_id="notice.civil_code",
        lang="zh-CN",
        recipient=gating.Recipient("某主机商", None, to),
    )
    drafting.approve(store, action.id, role="counsel")
    return ws, store, action.id


def test_two_sends_at_once_deliver_one_message(
    tmp_path: Path, db_url: str, mail: tuple[SmtpService, Path]
) -> None:
    server, ca = mail
    to = f"ipr@once-{tmp_path.name[-8:]}.example"
    ws, store, action_id = _approved_notice(tmp_path, db_url, server, ca, to)
    server.slow_seconds = 1.5
    server.set_mode("slow")
    results: list[object] = []
    start = threading.Barrier(2)

    def send() -> None:
        start.wait()
        try:
            results.append(dispatch.send(ws, store, action_id)[0].status)
        except InvalidValue as refused:
            results.append(refused.message)

    try:
        threads = [threading.Thread(target=send) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        server.set_mode("ok")
        store.close()
    assert len(server.to(to)) == 1, (results, [m.message_id for m in server.to(to)])
    assert ActionStatus.SENT in results, results
    refused = [r for r in results if not isinstance(r, ActionStatus)]
    assert len(refused) == 1 and "is being sent" in str(refused[0])


def test_sent_is_reached_once() -> None:
    from rightsguard.domain.lifecycle import check_action_transition

    with pytest.raises(InvalidValue, match="already sent"):
        check_action_transition(ActionStatus.SENT, ActionStatus.SENT)
    check_action_transition(ActionStatus.ACKNOWLEDGED, ActionStatus.ACKNOWLEDGED)


def test_a_claim_left_by_a_dead_process_is_taken_over_with_its_message_id(
    tmp_path: Path, mail: tuple[SmtpService, Path]
) -> None:
    server, ca = mail
    to = "ipr@dead-sender.example"
    ws, store, action_id = _approved_notice(
        tmp_path, f"sqlite:///{tmp_path / 'rg.db'}", server, ca, to
    )
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(dead.stdout)

    def left_behind(row: object, d: dict[str, object]) -> None:
        import socket
        from datetime import UTC, datetime

        d["dispatch"] = {
            "channel": "smtp",
            "message_id": "<rg-left-behind@rightsguard.local>",
            "state": "sending",
            "to": to,
            "attempts": 1,
            "claimed_by": f"{socket.gethostname()}:{pid}:0000",
            "claimed_at": datetime.now(UTC).isoformat(),
        }

    repo = ActionRepo(store)
    repo.change(action_id, "action.dispatching", left_behind)
    sent, data = dispatch.send(ws, store, action_id)
    assert sent.status is ActionStatus.SENT
    assert [m.message_id for m in server.to(to)] == ["<rg-left-behind@rightsguard.local>"]
    assert data["dispatch"]["attempts"] == 2
    store.close()
