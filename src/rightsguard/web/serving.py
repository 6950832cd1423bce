"""Several web server processes on one port, each with a listening socket of its own.

uvicorn's own ``--workers`` shares one listening socket among its processes, and
asyncio takes every connection waiting on a socket at once: a burst of new
kept-alive connections (a proxy's pool, a load test) could all land on one
process while the others idled, halving what the server answered. Here every
process binds the port itself with ``SO_REUSEPORT``, and the kernel spreads new
connections evenly among the sockets. The parent only supervises: it starts the
processes, starts another when one dies, and stops them all on SIGTERM or Ctrl-C.
Linux only; elsewhere ``serve --workers`` falls back to uvicorn's supervisor.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from typing import Any

from rightsguard.domain.errors import OperationalError

APP = "rightsguard.web.app:app_from_environment"
#: A process that exits sooner than this after its start is a failure, not a crash.
EARLY_EXIT_SECONDS = 10.0
#: More replacements than this within the window, and the server stops.
MAX_RESTARTS = 5
RESTART_WINDOW = 60.0


def supported() -> bool:
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket listening on host:port that shares the port with the other processes."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def serve_one(host: str, port: int, options: dict[str, Any]) -> None:
    """One server process: its own socket, the app from the environment (uvicorn's
    factory), served until SIGTERM or SIGINT."""
    import uvicorn

    sock = listening_socket(host, port)
    config = uvicorn.Config(APP, factory=True, **options)
    uvicorn.Server(config).run(sockets=[sock])


def serve_processes(
    host: str,
    port: int,
    processes: int,
    options: dict[str, Any],
    *,
    say: Callable[[str], None] = print,
    stop: threading.Event | None = None,
) -> None:
    """Run ``processes`` server processes until SIGTERM or SIGINT (or ``stop``)."""
    try:  # the port must be ours to share before any process starts
        listening_socket(host, port).close()
    except OSError as exc:
        raise OperationalError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    spawn = multiprocessing.get_context("spawn")
    stop = stop or threading.Event()
    previous = {
        sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)
    }

    def start() -> tuple[BaseProcess, float]:
        child = spawn.Process(target=serve_one, args=(host, port, options), daemon=False)
        child.start()
        return child, time.monotonic()

    children = [start() for _ in range(processes)]
    restarts: list[float] = []
    try:
        while not stop.wait(0.5):
            for n, (child, started) in enumerate(children):
                if child.is_alive():
                    continue
                code = child.exitcode or 0
                now = time.monotonic()
                # An error at start (the app cannot load) would only fail again; a
                # process killed by a signal, or gone later, is replaced, unless they
                # keep dying.
                if code > 0 and now - started < EARLY_EXIT_SECONDS:
                    raise OperationalError(
                        f"web server process {n + 1} exited at start (code {code})"
                    )
                restarts = [t for t in restarts if now - t < RESTART_WINDOW] + [now]
                if len(restarts) > MAX_RESTARTS:
                    raise OperationalError(
                        f"web server processes died {len(restarts)} times in "
                        f"{RESTART_WINDOW:.0f} s; stopping"
                    )
                say(f"web server process {n + 1} exited (code {code}); starting another")
                children[n] = start()
    finally:
        for child, _ in children:
            if child.is_alive():
                child.terminate()  # SIGTERM: uvicorn finishes the requests in flight
        deadline = time.monotonic() + 15
        for child, _ in children:
            child.join(max(0.1, deadline - time.monotonic()))
            if child.is_alive():
                child.kill()
                child.join()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
