"""Capturing URLs as evidence: the one entry point the CLI, jobs and tests call.

:class:`CaptureRunner` captures URLs with a bounded concurrency through the
engine of its mode (``capture_browser.BrowserEngine`` or
``capture_http.HttpEngine``), which packages each capture as one WACZ and
stores it with the loose artefacts (screenshot, PDF, DOM, text, video, network
context) in the content-addressed evidence store (``capture_package``). The
runner keeps the books: it starts and finishes the capture records (artefacts
with role, SHA-256, size and media type; the environment attestation; the
status and its reason) through :class:`~rightsguard.store.captures.CaptureRepo`
in batches, seals them (``seal.CaptureSealer``), stops trying a host whose
captures keep ending short, and in HTTP mode may fork worker processes.

A capture is ``complete`` only when every artefact is durable in the store;
``partial`` when a limit stopped it (what it got is kept, the reason recorded);
``failed`` when nothing usable was got or the URL was refused (SSRF rule).

Public surface::

    CaptureOptions(mode="browser"|"http", video=False, concurrency=4, limits=CaptureLimits(),
                   allow_private=False, chromium_path="/usr/bin/chromium", resolver=None)
    CaptureRunner(blobs, options, store=None, operator="")  # async context manager
        await runner.capture(url, target_id=None) -> CaptureOutcome
        await runner.run([(url, target_id), ...], on_done=None) -> list[CaptureOutcome]
    capture_urls(blobs, items, options, store=None, operator="", on_done=None)  # sync
"""

from __future__ import annotations

import asyncio
import dataclasses
import getpass
import os
import pickle
import selectors
import shutil
import struct
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from rightsguard.domain.enums import CaptureStatus
from rightsguard.domain.errors import InvalidValue, RightsGuardError
from rightsguard.domain.nouns import Artefact
from rightsguard.evidence.capture_browser import BrowserEngine
from rightsguard.evidence.capture_http import HttpEngine
from rightsguard.evidence.capture_package import CapturePackager
from rightsguard.evidence.cleanenv import clean_environment
from rightsguard.evidence.errors import CaptureRefused
from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.limits import CaptureLimits
from rightsguard.evidence.netguard import Guard, NetworkPolicy, Resolver, StaticResolver
from rightsguard.netretry import CircuitBreaker, CircuitOpen
from rightsguard.store.base import Store
from rightsguard.store.blobs import BlobStore
from rightsguard.store.captures import CaptureRepo, Finish

if TYPE_CHECKING:
    from rightsguard.evidence.seal import CaptureSealer

#: Captures of one host in a row that ended short, after which a run stops trying it.
HOST_FAILURES = 5
HOST_PAUSE_SECONDS = 3600.0
MODES = ("browser", "http")
BATCH = 32  # finished captures written to the store per transaction


@dataclass(frozen=True)
class CaptureOptions:
    mode: str = "browser"
    video: bool = False
    concurrency: int = 4
    limits: CaptureLimits = field(default_factory=CaptureLimits)
    allow_private: bool = False
    chromium_path: str = "/usr/bin/chromium"
    resolver: Resolver | None = None
    #: HTTP mode: worker processes sharing the concurrency (1 = none).
    processes: int = 1

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise InvalidValue("mode", f"{self.mode!r} is not one of {', '.join(MODES)}")
        if self.concurrency < 1:
            raise InvalidValue("concurrency", "must be at least 1")


@dataclass
class CaptureOutcome:
    url: str
    target_id: int | None
    capture_id: int | None
    status: CaptureStatus
    reason: str | None = None
    artefacts: tuple[Artefact, ...] = ()
    seconds: float = 0.0
    http_status: int | None = None
    final_url: str = ""
    title: str = ""
    environment: dict[str, Any] = field(default_factory=dict)

    def artefact(self, role: str) -> Artefact | None:
        return next((a for a in self.artefacts if a.role == role), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "target_id": self.target_id,
            "capture_id": self.capture_id,
            "status": self.status.value,
            "reason": self.reason,
            "http_status": self.http_status,
            "final_url": self.final_url,
            "title": self.title,
            "seconds": round(self.seconds, 3),
            "artefacts": [
                {"role": a.role, "sha256": a.sha256, "size": a.size, "media_type": a.media_type}
                for a in self.artefacts
            ],
        }


def _check_url(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidValue("url", f"{url!r} is not an http(s) URL")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


class CaptureEngine(Protocol):
    """One way of capturing a URL (a mode): opened once per run, then one call per URL
    that fills in the outcome's facts, artefacts, status and reason."""

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def capture(
        self, url: str, workdir: Path, started: datetime, outcome: CaptureOutcome
    ) -> None: ...


class CaptureRunner:
    """Captures URLs with one browser (or one HTTP client) for the whole run."""

    def __init__(
        self,
        blobs: BlobStore,
        options: CaptureOptions,
        *,
        store: Store | None = None,
        operator: str = "",
        sealer: CaptureSealer | None = None,
    ) -> None:
        self.sealer = sealer
        self.blobs = blobs
        self.options = options
        self.limits = options.limits
        self.store = store
        self.repo = CaptureRepo(store) if store is not None else None
        self.operator = operator or _operator()
        self.resolver = options.resolver or StaticResolver({})
        self.guard = Guard(self.resolver, NetworkPolicy(options.allow_private))
        # Per-host circuit breaking within a run: once HOST_FAILURES captures of one
        # host in a row ended short (failed, or partial: cut off, timed out), its
        # other URLs in the run fail at once with that reason instead of each
        # waiting out the time limit on a site that is down or stalling.
        self.breaker = CircuitBreaker(threshold=HOST_FAILURES, cooldown=HOST_PAUSE_SECONDS)
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._engine: CaptureEngine | None = None
        self._batch: list[Finish] | None = None
        self.packager = CapturePackager(
            blobs,
            self.guard,
            self.limits,
            operator=self.operator,
            allow_private=options.allow_private,
        )

    # --- lifecycle --------------------------------------------------------

    async def __aenter__(self) -> CaptureRunner:
        self._tmp = tempfile.TemporaryDirectory(prefix="rightsguard-capture-")
        tsa = self.sealer.tsa if self.sealer is not None else None
        self.packager.clean = await asyncio.to_thread(
            clean_environment, self.resolver, self.options.mode, tsa
        )
        try:
            self._engine = self._make_engine(Path(self._tmp.name))
            await self._engine.open()
        except BaseException:
            await self.__aexit__(None, None, None)
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._engine is not None:
            await self._engine.close()
            self._engine = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def _make_engine(self, root: Path) -> CaptureEngine:
        if self.options.mode == "browser":
            return BrowserEngine(
                self.packager,
                root,
                resolver=self.resolver,
                limits=self.limits,
                chromium_path=self.options.chromium_path,
                allow_private=self.options.allow_private,
                video=self.options.video,
            )
        return HttpEngine(self.packager, self.guard, self.limits)

    # --- many -------------------------------------------------------------

    async def run(
        self,
        items: Iterable[tuple[str, int | None]],
        on_done: Callable[[CaptureOutcome], None] | None = None,
    ) -> list[CaptureOutcome]:
        """Capture many; captures of targets are started, and finished, in batches."""
        items = list(items)
        ids: dict[int, int] = {}
        if self.repo is not None:
            with_target = [(i, t) for i, (_, t) in enumerate(items) if t is not None]
            for start in range(0, len(with_target), 500):
                chunk = with_target[start : start + 500]
                started = await asyncio.to_thread(
                    self.repo.start_many, [(t, self.options.mode) for _, t in chunk]
                )
                ids.update({i: cid for (i, _), cid in zip(chunk, started, strict=True)})
        semaphore = asyncio.Semaphore(self.options.concurrency)
        self._batch = []

        async def one(index: int, url: str, target_id: int | None) -> CaptureOutcome:
            async with semaphore:
                outcome = await self.capture(url, target_id, capture_id=ids.get(index))
                if self._batch is not None and len(self._batch) >= BATCH:
                    await self._flush()
            if on_done is not None:
                on_done(outcome)
            return outcome

        try:
            return list(await asyncio.gather(*(one(i, u, t) for i, (u, t) in enumerate(items))))
        finally:
            await self._flush()
            self._batch = None

    async def _flush(self) -> None:
        batch = self._batch or []
        if self._batch is not None:
            self._batch = []
        if batch and self.repo is not None:
            await asyncio.to_thread(self._finish, batch)

    def _finish(self, batch: list[Finish]) -> None:
        assert self.repo is not None
        self.repo.finish_many(batch, on_finished=self.sealer.leaf if self.sealer else None)

    # --- one --------------------------------------------------------------

    async def capture(
        self, url: str, target_id: int | None = None, *, capture_id: int | None = None
    ) -> CaptureOutcome:
        """Capture one URL; never raises for the URL's own failures (see the outcome).

        ``capture_id`` is a capture already started (by :meth:`run`)."""
        assert self._tmp is not None, "use CaptureRunner as an async context manager"
        assert self._engine is not None
        started_mono = time.monotonic()
        started = datetime.now(UTC)
        mode = self.options.mode
        if capture_id is None and self.repo is not None and target_id is not None:
            capture_id = await asyncio.to_thread(self.repo.start, target_id, mode)
        workdir = Path(self._tmp.name) / f"cap-{uuid.uuid4().hex}"
        outcome = CaptureOutcome(url, target_id, capture_id, CaptureStatus.PENDING)
        host = ""
        skipped = False
        try:
            host, _port = _check_url(url)
            try:
                self.breaker.check(host)
            except CircuitOpen:
                skipped = True
                raise CaptureRefused(
                    f"{host}: the last {HOST_FAILURES} captures of this host in this run "
                    "ended short; not tried (capture it again later)"
                ) from None
            await self.guard.aresolve(host)
            await self._engine.capture(url, workdir, started, outcome)
        except RightsGuardError as exc:
            outcome.status = CaptureStatus.FAILED
            outcome.reason = exc.message
        except Exception as exc:  # a capture never takes the run down with it
            outcome.status = CaptureStatus.FAILED
            outcome.reason = f"{type(exc).__name__}: {exc}"
        finally:
            if workdir.exists():
                await asyncio.to_thread(shutil.rmtree, workdir, ignore_errors=True)
        outcome.seconds = time.monotonic() - started_mono
        if host and not skipped:
            if outcome.status is CaptureStatus.COMPLETE:
                self.breaker.success(host)
            else:
                self.breaker.failure(host)
        await self._record(outcome)
        return outcome

    async def _record(self, outcome: CaptureOutcome) -> None:
        if self.repo is None or outcome.capture_id is None:
            return
        if self.sealer is not None:
            await asyncio.to_thread(self.sealer.stamp, outcome)
        status = outcome.status
        if status is CaptureStatus.PENDING:  # cannot happen; never leave one pending
            status, outcome.reason = CaptureStatus.FAILED, outcome.reason or "unfinished"
        reason = outcome.reason
        if status is not CaptureStatus.COMPLETE and not reason:
            reason = status.value
        finish = Finish(
            outcome.capture_id,
            status,
            outcome.artefacts,
            outcome.environment,
            reason if status is not CaptureStatus.COMPLETE else None,
            outcome.http_status,
        )
        if self._batch is not None:
            self._batch.append(finish)
        else:
            await asyncio.to_thread(self._finish, [finish])


def _operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def capture_urls(
    blobs: BlobStore,
    items: Iterable[tuple[str, int | None]],
    options: CaptureOptions,
    *,
    store: Store | None = None,
    operator: str = "",
    on_done: Callable[[CaptureOutcome], None] | None = None,
    sealer: CaptureSealer | None = None,
) -> list[CaptureOutcome]:
    """Capture ``items`` (URL, target id or None) in one asyncio run.

    HTTP mode with ``options.processes`` > 1 forks that many workers (POSIX), each
    capturing a share of the items with its share of the concurrency, so the work
    uses more than one core; outcomes stream back to ``on_done`` as they come.
    """
    items = list(items)
    if options.mode == "http" and options.processes > 1 and len(items) >= 2 * options.processes:
        return _capture_forked(blobs, items, options, store, operator, on_done, sealer)

    async def main() -> list[CaptureOutcome]:
        async with CaptureRunner(
            blobs, options, store=store, operator=operator, sealer=sealer
        ) as runner:
            return await runner.run(items, on_done)

    return asyncio.run(main())


def _capture_forked(
    blobs: BlobStore,
    items: list[tuple[str, int | None]],
    options: CaptureOptions,
    store: Store | None,
    operator: str,
    on_done: Callable[[CaptureOutcome], None] | None,
    sealer: CaptureSealer | None = None,
) -> list[CaptureOutcome]:
    workers = options.processes
    each = dataclasses.replace(
        options, processes=1, concurrency=max(1, options.concurrency // workers)
    )
    shares = [list(range(len(items)))[w::workers] for w in range(workers)]
    children: dict[int, int] = {}  # read fd -> pid
    for share in shares:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: capture its share, send (index, outcome) frames
            os.close(read_fd)
            code = 0
            try:
                own = Store(store.url, store.actor) if store is not None else None
                own_sealer = None
                if sealer is not None and own is not None:
                    own_sealer = dataclasses.replace(sealer, ledger=Ledger(own))
                with os.fdopen(write_fd, "wb") as out:
                    pending = list(share)

                    def send(outcome: CaptureOutcome, pending: list[int] = pending) -> None:
                        index = next(
                            i
                            for i in pending
                            if items[i][0] == outcome.url and items[i][1] == outcome.target_id
                        )
                        pending.remove(index)
                        data = pickle.dumps((index, outcome))
                        out.write(struct.pack(">I", len(data)) + data)
                        out.flush()

                    capture_urls(
                        blobs,
                        [items[i] for i in share],
                        each,
                        store=own,
                        operator=operator,
                        on_done=send,
                        sealer=own_sealer,
                    )
            except BaseException:
                traceback.print_exc(file=sys.stderr)
                code = 1
            finally:
                os._exit(code)
        os.close(write_fd)
        children[read_fd] = pid
    results: dict[int, CaptureOutcome] = {}
    buffers = {fd: b"" for fd in children}
    with selectors.DefaultSelector() as selector:
        for fd in children:
            selector.register(fd, selectors.EVENT_READ)
        open_fds = set(children)
        while open_fds:
            for key, _ in selector.select():
                fd = int(key.fd)
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    selector.unregister(fd)
                    os.close(fd)
                    open_fds.discard(fd)
                    continue
                buffers[fd] += chunk
                while len(buffers[fd]) >= 4:
                    size = struct.unpack(">I", buffers[fd][:4])[0]
                    if len(buffers[fd]) < 4 + size:
                        break
                    index, outcome = pickle.loads(buffers[fd][4 : 4 + size])
                    buffers[fd] = buffers[fd][4 + size :]
                    results[index] = outcome
                    if on_done is not None:
                        on_done(outcome)
    for pid in children.values():
        os.waitpid(pid, 0)
    ordered = []
    for i, (url, target_id) in enumerate(items):
        outcome = results.get(i) or CaptureOutcome(
            url, target_id, None, CaptureStatus.FAILED, "the capture worker process died"
        )
        ordered.append(outcome)
    return ordered
