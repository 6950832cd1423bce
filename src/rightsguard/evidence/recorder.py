"""The asyncio side of the recording proxy (``proxyserver.py`` runs in its own process).

One :class:`RecordingProxy` serves every browser context of a capture run;
each capture uses its own ``warc-prefix`` and asks for its WARC with
:meth:`RecordingProxy.finish`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rightsguard.evidence.errors import CaptureFailed


@dataclass
class Recorded:
    files: list[Path]
    bytes: int = 0
    exchanges: int = 0
    truncated: list[str] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)
    aborted: int = 0
    requests: list[dict[str, Any]] = field(default_factory=list)  # refused: method, url, reason


class RecordingProxy:
    def __init__(
        self,
        workdir: Path,
        *,
        hosts: dict[str, str],
        ports: dict[str, dict[str, int]],
        allow_private: bool,
        max_resource_size: int,
        fetch_timeout: float,
    ) -> None:
        self.workdir = workdir
        self.config = {
            "hosts": hosts,
            "ports": ports,
            "allow_private": allow_private,
            "directory": str(workdir / "warcs"),
            "cacert": str(workdir / "proxy-ca.pem"),
            "certs_dir": str(workdir / "proxy-certs"),
            "max_resource_size": max_resource_size,
            "fetch_timeout": fetch_timeout,
            "socket_timeout": min(30.0, fetch_timeout),
        }
        self.port = 0
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._waiting: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._refused: dict[str, list[dict[str, Any]]] = {}
        self._requests: dict[str, list[dict[str, Any]]] = {}
        self._ready: asyncio.Future[int] | None = None
        self._stderr: Any = None

    @property
    def server(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, timeout: float = 30.0) -> None:
        (self.workdir / "warcs").mkdir(parents=True, exist_ok=True)
        config_path = self.workdir / "proxy.json"
        config_path.write_text(json.dumps(self.config), "utf-8")
        self._stderr = (self.workdir / "proxy.log").open("wb")
        self._proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "rightsguard.evidence.proxyserver",
            str(config_path),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=self._stderr,
        )
        self._ready = asyncio.get_running_loop().create_future()
        self._reader = asyncio.create_task(self._read())
        try:
            self.port = await asyncio.wait_for(self._ready, timeout)
        except (TimeoutError, EOFError) as exc:
            await self.stop()
            log = (self.workdir / "proxy.log").read_text("utf-8", "replace")[-800:]
            raise CaptureFailed(f"the recording proxy did not start: {exc or ''} {log}") from None

    async def _read(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        while line := await self._proc.stdout.readline():
            kind, _, rest = line.decode("utf-8", "replace").strip().partition(" ")
            if kind == "READY" and self._ready is not None and not self._ready.done():
                self._ready.set_result(int(rest))
            elif kind == "CLOSED":
                prefix, _, data = rest.partition(" ")
                future = self._waiting.pop(prefix, None)
                if future is not None and not future.done():
                    future.set_result(json.loads(data))
            elif kind == "REFUSED":
                prefix, _, data = rest.partition(" ")
                detail = json.loads(data)
                refused = self._requests if "method" in detail else self._refused
                refused.setdefault(prefix, []).append(detail)
        if self._ready is not None and not self._ready.done():
            self._ready.set_exception(EOFError("the proxy exited"))
        for future in self._waiting.values():
            if not future.done():
                future.set_exception(CaptureFailed("the recording proxy exited"))

    def refused(self, prefix: str) -> list[dict[str, Any]]:
        return list(self._refused.get(prefix, []))

    async def finish(self, prefix: str, timeout: float = 30.0) -> Recorded:
        """Wait for ``prefix``'s exchanges to be written; return its WARC files."""
        if self._proc is None or self._proc.stdin is None:
            raise CaptureFailed("the recording proxy is not running")
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[prefix] = future
        self._proc.stdin.write(f"CLOSE {prefix}\n".encode())
        await self._proc.stdin.drain()
        try:
            data = await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise CaptureFailed(f"the recording proxy did not close {prefix}") from None
        if data.get("error"):
            raise CaptureFailed(f"the recording proxy failed on {prefix}: {data['error']}")
        return Recorded(
            files=[Path(f) for f in data.get("files", [])],
            bytes=int(data.get("bytes", 0)),
            exchanges=int(data.get("exchanges", 0)),
            truncated=list(data.get("truncated", [])),
            refused=self._refused.pop(prefix, []),
            aborted=int(data.get("aborted", 0)),
            requests=self._requests.pop(prefix, []),
        )

    async def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            if proc.stdin is not None:
                with contextlib.suppress(OSError, RuntimeError):
                    proc.stdin.write(b"QUIT\n")
                    await proc.stdin.drain()
                    proc.stdin.close()
            try:
                await asyncio.wait_for(proc.wait(), 15)
            except TimeoutError:
                proc.kill()
                await proc.wait()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self._reader, 5)
            self._reader = None
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
