"""Capturing URLs as evidence: the one entry point the CLI, jobs and tests call.

:class:`CaptureRunner` captures URLs (browser or HTTP mode) with a bounded
concurrency, packages each capture as one WACZ, stores the WACZ and the loose
artefacts (screenshot, PDF, DOM, text, video, network context) in the
content-addressed evidence store, and records the capture (artefacts with
role, SHA-256, size and media type; the environment attestation; the status
and its reason) through :class:`~rightsguard.store.captures.CaptureRepo`.

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
import functools
import getpass
import hashlib
import importlib.metadata as md
import platform
import shutil
import socket
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

from rightsguard import __version__
from rightsguard.domain.enums import CaptureStatus
from rightsguard.domain.errors import InvalidValue, RightsGuardError
from rightsguard.domain.nouns import Artefact
from rightsguard.evidence.blobstore import BlobStore
from rightsguard.evidence.errors import CaptureRefused
from rightsguard.evidence.limits import CaptureLimits
from rightsguard.evidence.netguard import Guard, NetworkPolicy, Resolver, StaticResolver
from rightsguard.evidence.netinfo import certificate_chain
from rightsguard.evidence.wacz import Page, write_wacz
from rightsguard.evidence.warc import WarcBuilder, iter_records
from rightsguard.netretry import CircuitBreaker, CircuitOpen
from rightsguard.store.captures import Finish

#: Captures of one host in a row that ended short, after which a run stops trying it.
HOST_FAILURES = 5
HOST_PAUSE_SECONDS = 3600.0

if TYPE_CHECKING:
    from rightsguard.evidence.browser import BrowserSession
    from rightsguard.evidence.seal import CaptureSealer
    from rightsguard.store.base import Store

MODES = ("browser", "http")
MEDIA = {
    "wacz": "application/wacz",
    "screenshot": "image/png",
    "pdf": "application/pdf",
    "dom": "text/html; charset=utf-8",
    "text": "text/plain; charset=utf-8",
    "video": "video/webm",
    "network": "application/json",
}
SOFTWARE = f"RightsGuard {__version__}"
BATCH = 32  # finished captures written to the store per transaction
SPOOL = 8 << 20  # WARC and WACZ of HTTP mode stay in memory up to this size


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


def _version(name: str) -> str:
    try:
        return md.version(name)
    except md.PackageNotFoundError:
        return "not installed"


def _chromium_path_checked(path: str) -> str:
    found = shutil.which(path) if not Path(path).exists() else path
    return found or path


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
        from rightsguard.store.captures import CaptureRepo

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
        self._browser: BrowserSession | None = None
        self._client: Any = None
        self._batch: list[Finish] | None = None
        self._software = {
            "rightsguard": __version__,
            "warcio": _version("warcio"),
            "httpx": _version("httpx"),
        }
        self._static = {
            "operator": self.operator,
            "hostname": socket.gethostname(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        }
        self._warcinfo = {
            "software": SOFTWARE,
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "hostname": self._static["hostname"],
            "operator": self.operator,
        }

    # --- lifecycle --------------------------------------------------------

    async def __aenter__(self) -> CaptureRunner:
        self._tmp = tempfile.TemporaryDirectory(prefix="rightsguard-capture-")
        root = Path(self._tmp.name)
        try:
            if self.options.mode == "browser":
                from rightsguard.evidence.browser import BrowserSession

                hosts, ports = self._resolver_maps()
                self._browser = BrowserSession(
                    root,
                    chromium_path=_chromium_path_checked(self.options.chromium_path),
                    hosts=hosts,
                    ports=ports,
                    allow_private=self.options.allow_private,
                    limits=self.limits,
                )
                await self._browser.__aenter__()
            else:
                from rightsguard.evidence.httpfetch import make_client

                self._client = make_client(self.guard, self.limits)
        except BaseException:
            await self.__aexit__(None, None, None)
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._browser is not None:
            await self._browser.__aexit__(None, None, None)
            self._browser = None
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def _resolver_maps(self) -> tuple[dict[str, str], dict[str, dict[str, int]]]:
        resolver = self.resolver
        if isinstance(resolver, StaticResolver):
            ports = {k: {str(p): q for p, q in v.items()} for k, v in resolver.ports.items()}
            return dict(resolver.hosts), ports
        return {}, {}

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
            if mode == "browser":
                workdir.mkdir()
                await self._browser_capture(url, workdir, started, outcome)
            else:
                await self._http_capture(url, started, outcome)
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

    # --- environment ------------------------------------------------------

    def _info(self, url: str, mode: str) -> dict[str, Any]:
        return {**self._warcinfo, "description": f"RightsGuard {mode} capture of {url}"}

    def _environment(self, started: datetime, extra: dict[str, Any]) -> dict[str, Any]:
        return {
            **self._static,
            "started_at": started.isoformat(),
            "finished_at": datetime.now(UTC).isoformat(),
            "software": self._software,
            "limits": self.limits.as_dict(),
            "allow_private_targets": self.options.allow_private,
            **extra,
        }

    async def _network(self, hosts: dict[str, str], ips: dict[str, set[str]]) -> dict[str, Any]:
        """DNS answers and, for HTTPS hosts, the certificate chain, per host."""
        out: dict[str, Any] = {}

        async def one(hostport: str, scheme: str) -> None:
            parts = urlsplit(f"{scheme}://{hostport}/")
            host = parts.hostname or hostport
            port = parts.port or (443 if scheme == "https" else 80)
            entry: dict[str, Any] = {"scheme": scheme, "port": port}
            try:
                resolution = await self.guard.aresolve(host)
                entry["dns"] = resolution.as_dict()
                if scheme == "https":
                    address, real_port = self.guard.connect_target(host, port)
                    entry["tls"] = await asyncio.to_thread(
                        certificate_chain, host, real_port, address, 5.0
                    )
            except CaptureRefused as exc:
                entry["refused"] = exc.message
            entry["connected_ips"] = sorted(ips.get(host, set()))
            out[hostport] = entry

        await asyncio.gather(*(one(h, s) for h, s in list(hosts.items())[:50]))
        return out

    # --- HTTP mode ----------------------------------------------------------

    async def _http_capture(self, url: str, started: datetime, outcome: CaptureOutcome) -> None:
        with tempfile.SpooledTemporaryFile(max_size=SPOOL) as spool:
            await self._http_capture_into(spool, url, started, outcome)  # type: ignore[arg-type]

    async def _http_capture_into(
        self, spool: IO[bytes], url: str, started: datetime, outcome: CaptureOutcome
    ) -> None:
        from rightsguard.evidence.httpfetch import fetch

        deadline = time.monotonic() + self.limits.timeout
        with WarcBuilder(spool, self._info(url, "http")) as warc:
            result = await fetch(url, self._client, warc, self.limits, deadline=deadline)
            hosts: dict[str, str] = {}
            ips: dict[str, set[str]] = {}
            for hop in result.hops:
                parts = urlsplit(hop.url)
                hosts.setdefault(parts.netloc, parts.scheme)
                if hop.ip and parts.hostname:
                    ips.setdefault(parts.hostname, set()).add(hop.ip)
            network = {
                "redirects": [
                    {
                        "url": h.url,
                        "status": h.status,
                        "location": h.location,
                        "ip": h.ip,
                        "bytes": h.bytes,
                        "truncated": h.truncated,
                        "error": h.error,
                    }
                    for h in result.hops
                ],
                "response_headers": result.final.headers if result.final else [],
                "hosts": await self._network(hosts, ips),
                "dns_method": _dns_method(),
            }
            env = self._environment(
                started, {"mode": "http", "user_agent": _http_user_agent(), "network": network}
            )
            warc.metadata(f"urn:rightsguard:network:{url}", network)
            warc.metadata(f"urn:rightsguard:environment:{url}", env)
        outcome.http_status = result.status
        outcome.final_url = result.final_url
        outcome.title = result.title()
        outcome.environment = env
        if result.error and not any(h.status for h in result.hops):
            outcome.status = CaptureStatus.FAILED
            outcome.reason = result.error
        pages = [Page(result.final_url, started.isoformat(), outcome.title, result.text()[:20000])]
        outcome.artefacts = await asyncio.to_thread(
            self._package_memory, spool, pages, warc.cdxj("data.warc.gz")
        )
        if outcome.status is CaptureStatus.PENDING:
            reason = result.limit_reason or result.error
            outcome.status = CaptureStatus.PARTIAL if reason else CaptureStatus.COMPLETE
            outcome.reason = reason

    # --- browser mode -------------------------------------------------------

    async def _browser_capture(
        self, url: str, workdir: Path, started: datetime, outcome: CaptureOutcome
    ) -> None:
        assert self._browser is not None
        result = await self._browser.capture(url, workdir, video=self.options.video)
        recorded = result.recorded
        warc_path = workdir / "data.warc.gz"
        exchanges = _exchanges(recorded.files if recorded else [])
        ips: dict[str, set[str]] = {}
        for ex in exchanges:
            host = urlsplit(ex["url"]).hostname
            if host and ex.get("ip"):
                ips.setdefault(host, set()).add(ex["ip"])
        main = next((e for e in exchanges if e["url"] == (result.final_url or url)), None)
        network = {
            "redirects": result.redirects,
            "response_headers": main["headers"] if main else [],
            "exchanges": [{k: v for k, v in e.items() if k != "headers"} for e in exchanges],
            "hosts": await self._network(result.hosts, ips),
            "refused": recorded.refused if recorded else [],
            "truncated": recorded.truncated if recorded else [],
            "dns_method": _dns_method(),
        }
        assert self._browser is not None
        env = self._environment(
            started,
            {
                "mode": "browser",
                "user_agent": result.user_agent,
                "viewport": dict(_viewport()),
                "locale": _locale(),
                "timezone": _timezone(),
                "software": {**self._software, **self._browser.versions},
                "browser": self._browser.launch_facts(),
                "profile": {
                    "fresh_context": True,
                    "persistent_profile": False,
                    "cache": "empty (new context)",
                    "cookies_at_start": 0,
                    "extensions": "none (--disable-extensions)",
                    "service_workers": "blocked",
                    "downloads": "refused",
                },
                "notes": result.notes,
                "requests": result.requests,
                "network": network,
            },
        )
        with WarcBuilder(warc_path, self._info(url, "browser")) as warc:
            for part in recorded.files if recorded else []:
                warc.append_raw(part)
            for role in ("screenshot", "pdf", "dom", "text", "video"):
                path = result.files.get(role)
                if path is not None and path.exists():
                    warc.resource(f"urn:rightsguard:{role}:{url}", _media(role, path), path)
            warc.metadata(f"urn:rightsguard:network:{url}", network)
            warc.metadata(f"urn:rightsguard:environment:{url}", env)
        outcome.http_status = result.status
        outcome.final_url = result.final_url
        outcome.title = result.title
        outcome.environment = env
        refused = recorded.refused if recorded is not None else []
        refused_main = any(
            r.get("host") == urlsplit(result.final_url or url).hostname for r in refused
        )
        loose = {role: p for role, p in result.files.items() if p.exists()}
        loose["network"] = _json_file(workdir, network)
        pages = [
            Page(result.final_url or url, started.isoformat(), result.title, result.text[:20000])
        ]
        outcome.artefacts = await asyncio.to_thread(self._package, workdir, warc_path, pages, loose)
        truncated = (
            "response size limit: truncated " + ", ".join(recorded.truncated)
            if recorded is not None and recorded.truncated
            else None
        )
        if refused_main:
            outcome.status = CaptureStatus.FAILED
            outcome.reason = "refused: " + "; ".join(
                f"{r['host']} resolves to {r['address']}, {r['reason']}" for r in refused
            )
            return
        too_big = (
            f"total size limit: {recorded.bytes} bytes received, "
            f"limit {self.limits.max_total_bytes}"
            if recorded is not None and recorded.bytes > self.limits.max_total_bytes
            else None
        )
        reasons = [r for r in (result.limit_reason, truncated, too_big, result.error) if r]
        if result.error and not exchanges and "screenshot" not in result.files:
            outcome.status = CaptureStatus.FAILED
        elif reasons:
            outcome.status = CaptureStatus.PARTIAL
        else:
            outcome.status = CaptureStatus.COMPLETE
        outcome.reason = "; ".join(reasons) or None

    # --- packaging ----------------------------------------------------------

    def _package_memory(
        self, warc: IO[bytes], pages: list[Page], index: bytes | None
    ) -> tuple[Artefact, ...]:
        """The WACZ of a WARC held in a (spooled) file object: HTTP mode, no loose files."""
        with tempfile.SpooledTemporaryFile(max_size=SPOOL) as out:
            write_wacz(
                out,
                warc,
                pages,
                title=f"RightsGuard capture of {pages[0].url}",
                software=SOFTWARE,
                index=index,
            )
            out.seek(0)
            blob = self.blobs.put_stream(out)  # type: ignore[arg-type]
        return (Artefact("wacz", blob.sha256, blob.size, MEDIA["wacz"]),)

    def _package(
        self,
        workdir: Path,
        warc_path: Path,
        pages: list[Page],
        loose: dict[str, Path],
        index: bytes | None = None,
    ) -> tuple[Artefact, ...]:
        wacz_path = workdir / "capture.wacz"
        write_wacz(
            wacz_path,
            warc_path,
            pages,
            title=f"RightsGuard capture of {pages[0].url}",
            software=SOFTWARE,
            index=index,
        )
        artefacts = []
        for role, path in [("wacz", wacz_path), *loose.items()]:
            blob = self.blobs.put_file(path)
            artefacts.append(Artefact(role, blob.sha256, blob.size, _media(role, path)))
        return tuple(artefacts)


# --- helpers ------------------------------------------------------------------


def _media(role: str, path: Path) -> str:
    if role == "video" and path.suffix == ".zip":
        return "application/zip"  # JPEG frames + frames.json (no ffmpeg to make a WebM)
    return MEDIA[role]


def _operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _viewport() -> dict[str, int]:
    from rightsguard.evidence.browser import VIEWPORT

    return VIEWPORT


def _locale() -> str:
    from rightsguard.evidence.browser import LOCALE

    return LOCALE


def _timezone() -> str:
    from rightsguard.evidence.browser import TIMEZONE

    return TIMEZONE


def _http_user_agent() -> str:
    from rightsguard.evidence.httpfetch import USER_AGENT

    return USER_AGENT


@functools.cache
def _dns_method() -> str:
    try:
        import dns.resolver  # noqa: F401
    except ImportError:
        return "getaddrinfo (dnspython not installed)"
    return "dnspython (A, AAAA, CNAME); names in the resolver map answer from the map"


def _json_file(workdir: Path, data: Any) -> Path:
    import json

    path = workdir / f"network-{uuid.uuid4().hex[:8]}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
    return path


def _exchanges(files: list[Path]) -> list[dict[str, Any]]:
    """The response records of the proxy's WARC files, in order."""
    out = []
    for path in files:
        for record in iter_records(path):
            if record.rec_type != "response":
                continue
            headers = record.http_headers
            out.append(
                {
                    "url": record.rec_headers.get_header("WARC-Target-URI"),
                    "ip": record.rec_headers.get_header("WARC-IP-Address"),
                    "date": record.rec_headers.get_header("WARC-Date"),
                    "status": int(headers.get_statuscode()) if headers else None,
                    "content_type": headers.get_header("Content-Type") if headers else None,
                    "payload_digest": record.rec_headers.get_header("WARC-Payload-Digest"),
                    "truncated": record.rec_headers.get_header("WARC-Truncated"),
                    "headers": list(headers.headers) if headers else [],
                }
            )
    return out


def digest_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


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
    import dataclasses
    import os
    import pickle
    import selectors
    import struct
    import sys
    import traceback

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
                from rightsguard.store.base import Store as StoreClass

                own = StoreClass(store.url, store.actor) if store is not None else None
                own_sealer = None
                if sealer is not None and own is not None:
                    from rightsguard.evidence.ledger import Ledger

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
