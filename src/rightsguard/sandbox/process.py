"""Running a sandbox as a process: foreground ``serve``, background ``up``/``down``.

A serving process writes ``sandbox.json`` in its state dir once it answers
(pid, endpoints, host names, the CA path and the :class:`SandboxMap`) and
removes it when it stops. ``up`` starts ``python -m rightsguard.sandbox serve
--detach``, which forks the server into its own session and exits as soon as
the server is ready or has failed, so the caller learns the outcome without
polling and never holds the server as a child. POSIX only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

from rightsguard.domain.errors import RightsGuardError
from rightsguard.sandbox.clients import SandboxMap
from rightsguard.sandbox.core import DEFAULT_HOST, Sandbox, default_state_dir
from rightsguard.sandbox.errors import PortInUse, SandboxNotRunning, SandboxStartFailed

STATE_FILE = "sandbox.json"
LOG_FILE = "sandbox.log"
DEFAULT_HTTP_PORT = 18080
DEFAULT_HTTPS_PORT = 18443
#: Fixed ports of the other services under `sandbox up` and the demo, so that the
#: URLs a workspace keeps (e.g. its tsa_url) stay valid across restarts.
DEFAULT_SERVICE_PORTS = {
    "tsa": 18318,
    "smtp": 18025,
    "rdap": 18180,
    "whois": 18043,
    "whois_registrar": 18044,
    "dns": 18053,
}
START_TIMEOUT = 30.0

log = logging.getLogger(__name__)


def state_path(state_dir: Path) -> Path:
    return state_dir / STATE_FILE


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    os.replace(tmp, path)


def describe(sandbox: Sandbox) -> dict[str, Any]:
    """The state-file record of a running sandbox."""
    sb_map = sandbox.map()
    sites = {
        name: {scheme: sb_map.url(name, "/", scheme) for scheme in ("http", "https")}
        for name in sandbox.sites.hostnames
    }
    return {
        "pid": os.getpid(),
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "host": sandbox.host,
        "state_dir": str(sandbox.state_dir),
        "ca_cert_path": str(sandbox.ca_cert_path),
        "endpoints": {name: ep.address for name, ep in sb_map.endpoints().items()},
        "hosts": {name: list(addr) for name, addr in sb_map.hosts.items()},
        "sites": sites,
        "host_resolver_rules": sb_map.host_resolver_rules(),
        "map": sb_map.to_json(),
    }


# --- the serving process ------------------------------------------------------


@contextlib.contextmanager
def announced(sandbox: Sandbox) -> Iterator[dict[str, Any]]:
    """Keep ``sandbox.json`` for a sandbox this process runs, so that clients in other
    processes (``sandbox=True`` jobs, ``sandbox status``) find it; removed on exit
    unless another process has taken the file over since."""
    state = describe(sandbox)
    path = state_path(sandbox.state_dir)
    _write_json(path, state)
    try:
        yield state
    finally:
        current = _read_state(path)
        if current is not None and current.get("pid") == os.getpid():
            path.unlink(missing_ok=True)


def serve(
    host: str = DEFAULT_HOST,
    http_port: int = DEFAULT_HTTP_PORT,
    https_port: int = DEFAULT_HTTPS_PORT,
    state_dir: Path | None = None,
    *,
    ready: Callable[[dict[str, Any]], None] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Run a sandbox until SIGTERM/SIGINT (or ``stop`` is set); keep the state file."""
    sandbox = Sandbox(host, http_port, https_port, state_dir, ports=DEFAULT_SERVICE_PORTS)
    stop = stop or threading.Event()
    in_main = threading.current_thread() is threading.main_thread()
    previous = {}
    if in_main:
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, lambda *_: stop.set())
    try:
        with sandbox, announced(sandbox) as state:
            log.info("sandbox serving: %s", json.dumps(state["endpoints"]))
            if ready is not None:
                ready(state)
            while not stop.wait(0.5):
                pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def serve_detached(host: str, http_port: int, https_port: int, state_dir: Path) -> int:
    """Fork the server into its own session; print its outcome as JSON; return an exit code."""
    state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the server
        os.close(read_fd)
        os.setsid()
        log_fd = os.open(state_dir / LOG_FILE, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        null_fd = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null_fd, 0)
        os.dup2(log_fd, 1)
        os.dup2(log_fd, 2)
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

        def report(data: dict[str, Any]) -> None:
            with contextlib.suppress(OSError):
                os.write(write_fd, json.dumps(data, ensure_ascii=False).encode())
                os.close(write_fd)

        code = 0
        try:
            serve(
                host,
                http_port,
                https_port,
                state_dir,
                ready=lambda state: report({"ok": True, "state": state}),
            )
        except RightsGuardError as exc:
            report({"ok": False, "error": {"code": exc.code, "message": exc.message}})
            code = 3
        except BaseException as exc:
            log.exception("sandbox failed")
            report({"ok": False, "error": {"code": "sandbox_start_failed", "message": str(exc)}})
            code = 4
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    os.close(write_fd)
    chunks = []
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    text = b"".join(chunks).decode() or json.dumps(
        {
            "ok": False,
            "error": {
                "code": "sandbox_start_failed",
                "message": f"the server exited early; see {state_dir / LOG_FILE}",
            },
        }
    )
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
    return 0 if json.loads(text).get("ok") else 3


# --- controlling it from another process --------------------------------------


def _read_state(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie waiting for its parent to reap it is gone for our purposes
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def health(state: dict[str, Any], timeout: float = 2.0) -> dict[str, Any] | None:
    url = state["endpoints"].get("sites.http")
    if not url:
        return None
    try:
        with httpx.Client(trust_env=False, timeout=timeout) as client:
            response = client.get(f"{url}/__sandbox__/health")
        data = response.json() if response.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def status(state_dir: Path) -> dict[str, Any] | None:
    """The state of the sandbox running for ``state_dir``, or None; drops a stale file."""
    path = state_path(state_dir)
    state = _read_state(path)
    if state is None:
        return None
    pid = int(state.get("pid", 0))
    if pid <= 0 or not pid_alive(pid):
        path.unlink(missing_ok=True)
        return None
    answer = health(state)
    state["answering"] = bool(answer and answer.get("pid") == pid)
    return state


def running_map(state_dir: Path) -> SandboxMap:
    """The address book of the background sandbox, for clients in other processes."""
    state = status(state_dir)
    if state is None:
        raise SandboxNotRunning(f"no sandbox is running for {state_dir}")
    return SandboxMap.from_json(state["map"])


def up(
    host: str = DEFAULT_HOST,
    http_port: int = DEFAULT_HTTP_PORT,
    https_port: int = DEFAULT_HTTPS_PORT,
    state_dir: Path | None = None,
    *,
    timeout: float = START_TIMEOUT,
) -> tuple[dict[str, Any], bool]:
    """Start a background sandbox; return its state and whether it was already running."""
    state_dir = state_dir or default_state_dir()
    current = status(state_dir)
    if current is not None:
        return current, True
    cmd = [
        sys.executable,
        "-m",
        "rightsguard.sandbox",
        "serve",
        "--detach",
        "--host",
        host,
        "--http-port",
        str(http_port),
        "--https-port",
        str(https_port),
        "--state-dir",
        str(state_dir),
    ]
    try:
        done = subprocess.run(
            cmd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SandboxStartFailed(
            f"the sandbox did not answer within {timeout:.0f} s; see {state_dir / LOG_FILE}"
        ) from None
    try:
        outcome = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise SandboxStartFailed(f"the sandbox failed to start: {detail[0]}") from None
    if not outcome.get("ok"):
        error = outcome.get("error", {})
        message = error.get("message", "unknown error")
        if error.get("code") == PortInUse.code:
            raise PortInUse(message)
        raise SandboxStartFailed(f"the sandbox failed to start: {message}")
    return outcome["state"], False


def down(state_dir: Path, timeout: float = 10.0) -> dict[str, Any] | None:
    """Stop the background sandbox; return the state it had, or None if none ran."""
    path = state_path(state_dir)
    state = status(state_dir)
    if state is None:
        return None
    pid = int(state["pid"])
    answer = health(state)
    if answer is not None and answer.get("pid") != pid:
        path.unlink(missing_ok=True)  # a different process answers there: not ours to kill
        return None
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while pid_alive(pid):
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    path.unlink(missing_ok=True)
    return state
