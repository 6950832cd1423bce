"""A workbench over the background sandbox, as a team uses it: sites to capture, an
SMTP server that receives what is sent, a right, the holder's identity, and a job
worker that runs captures in the background."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from webkit import Web, free_port, make_web_workspace, start_web

from rightsguard.demo import add_rights, record_holder
from rightsguard.jobs.inline import InlineWorker
from rightsguard.sandbox import process, smtp
from rightsguard.sandbox.clients import SandboxMap
from rightsguard.sandbox.core import STATE_DIR_ENV
from rightsguard.store import open_store
from rightsguard.web.replay import start_replay_server


@dataclass
class Journey:
    web: Web
    sandbox: SandboxMap
    state_dir: Path
    right_id: int

    @property
    def inbox(self) -> Path:
        return self.state_dir / "smtp" / "inbox"


@contextmanager
def journey_world(root: Path) -> Iterator[Journey]:
    state_dir = root / "sandbox"
    old = os.environ.get(STATE_DIR_ENV)
    os.environ[STATE_DIR_ENV] = str(state_dir)
    state, _ = process.up(http_port=free_port(), https_port=free_port(), state_dir=state_dir)
    worker = None
    web = None
    stop_replay = None
    try:
        sandbox = SandboxMap.from_json(state["map"])
        mail = sandbox.endpoints()["smtp.smtp"]
        tsa = sandbox.endpoints()["tsa.tsa"]
        ws = make_web_workspace(
            root / "ws",
            {
                "allow_private_targets": True,
                "smtp_url": f"smtp://{smtp.USER}:{smtp.PASSWORD}@{mail.host}:{mail.port}"
                "?starttls=true",
                "smtp_from": "legal@aurorix.com",
                "smtp_ca_file": str(state["ca_cert_path"]),
                "smtp_timeout_seconds": 5,
                "tsa_url": f"http://{tsa.host}:{tsa.port}/",
                "tsa_ca_file": str(state_dir / "tsa" / "ca.pem"),
            },
        )
        st = open_store(ws)
        try:
            right_id = add_rights(st)[0]  # the demo's: the brand's marks and photos
            record_holder(st)
        finally:
            st.close()
        worker = InlineWorker(ws, open_store(ws), concurrency=1, poll_seconds=0.2)
        threading.Thread(target=worker.run, daemon=True).start()
        replay = start_replay_server(ws, free_port())
        stop_replay = replay.stop
        web = start_web(ws, replay_origin=replay.origin, use_sandbox=True)
        yield Journey(web, sandbox, state_dir, right_id)
    finally:
        if web is not None:
            web.close()
        if stop_replay is not None:
            stop_replay()
        if worker is not None:
            worker.stop()
        process.down(state_dir)
        if old is None:
            os.environ.pop(STATE_DIR_ENV, None)
        else:
            os.environ[STATE_DIR_ENV] = old
