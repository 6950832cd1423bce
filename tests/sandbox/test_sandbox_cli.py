from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from rightsguard.cli.sandbox_cmds import sandbox_app
from rightsguard.sandbox import SandboxMap, world
from rightsguard.sandbox.errors import PortInUse
from rightsguard.sandbox.process import pid_alive

app = typer.Typer()
app.add_typer(sandbox_app, name="sandbox")
runner = CliRunner()


def _run(*args: str) -> object:
    return runner.invoke(app, ["sandbox", *args], catch_exceptions=True)


@pytest.fixture()
def state_dir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path
    _run("down", "--state-dir", str(tmp_path))  # never leave a server behind


def test_up_status_mode_down(state_dir: Path) -> None:
    d = str(state_dir)
    result = runner.invoke(
        app, ["sandbox", "up", "--http-port", "0", "--https-port", "0", "--state-dir", d, "--json"]
    )
    assert result.exit_code == 0, result.output
    state = json.loads(result.output)
    assert state["already_running"] is False
    pid = state["pid"]
    assert pid != os.getpid() and pid_alive(pid)
    assert (state_dir / "sandbox.json").exists()
    assert Path(state["ca_cert_path"]).exists()

    sb_map = SandboxMap.from_json(state["map"])
    with sb_map.httpx_client() as client:
        page = client.get(sb_map.url(world.OUTLET_HOST, "/", "https"))
        assert page.status_code == 200 and world.BAIDU_TONGJI_ID in page.text

        again = runner.invoke(app, ["sandbox", "up", "--state-dir", d])
        assert again.exit_code == 0 and "already running" in again.output

        status = runner.invoke(app, ["sandbox", "status", "--state-dir", d])
        assert "answering" in status.output and world.OUTLET_HOST in status.output
        assert "--host-resolver-rules=" in status.output

        mode = runner.invoke(
            app, ["sandbox", "mode", world.OUTLET_HOST, "removed", "--state-dir", d]
        )
        assert mode.exit_code == 0, mode.output
        assert client.get(sb_map.url(world.OUTLET_HOST)).status_code == 404
        bad = runner.invoke(app, ["sandbox", "mode", world.OUTLET_HOST, "asleep", "--state-dir", d])
        assert bad.exit_code != 0 and "asleep" in str(bad.exception)

    down = runner.invoke(app, ["sandbox", "down", "--state-dir", d])
    assert down.exit_code == 0 and f"pid {pid}" in down.output
    assert not pid_alive(pid)
    assert not (state_dir / "sandbox.json").exists()
    port = sb_map.endpoints()["sites.http"].port
    with httpx.Client(trust_env=False) as client, pytest.raises(httpx.ConnectError):
        client.get(f"http://127.0.0.5:{port}/")

    status = runner.invoke(app, ["sandbox", "status", "--state-dir", d, "--json"])
    assert json.loads(status.output) == {"running": False}
    again = runner.invoke(app, ["sandbox", "down", "--state-dir", d])
    assert again.exit_code == 0 and "not running" in again.output


def test_up_reports_a_busy_port(state_dir: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.5", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = runner.invoke(
            app,
            [
                "sandbox",
                "up",
                "--http-port",
                str(port),
                "--https-port",
                "0",
                "--state-dir",
                str(state_dir),
            ],
        )
    assert isinstance(result.exception, PortInUse)
    assert f"port {port}" in str(result.exception)
    assert not (state_dir / "sandbox.json").exists()


def test_serve_in_the_foreground_as_a_subprocess(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rightsguard.sandbox",
            "serve",
            "--http-port",
            "0",
            "--https-port",
            "0",
            "--state-dir",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        endpoints = json.loads(proc.stdout.readline())
        state = json.loads((tmp_path / "sandbox.json").read_text())
        assert state["pid"] == proc.pid and state["endpoints"] == endpoints
        with SandboxMap.from_json(state["map"]).httpx_client() as client:
            r = client.get(f"http://{world.MALL_HOST}:{endpoints['sites.http'].rsplit(':', 1)[1]}/")
            assert r.status_code == 200 and world.MALL_NAME_ZH in r.text
        proc.terminate()
        assert proc.wait(timeout=10) == 0
        assert not (tmp_path / "sandbox.json").exists()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
