"""The browser-mode capture engine: a fresh Chromium context behind the recording proxy.

Each capture loads the page in Chromium, whose traffic the proxy writes to WARC; the
screenshot, PDF, DOM, text and (optionally) video are added to the WARC as resources and
kept as loose artefacts; the network facts and the browser's environment (profile,
viewport, locale, launch flags) are attested in the WARC's metadata.
"""

from __future__ import annotations

import asyncio
import shutil
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from rightsguard.domain.enums import CaptureStatus
from rightsguard.evidence.browser import LOCALE, TIMEZONE, VIEWPORT, BrowserSession
from rightsguard.evidence.capture_package import CapturePackager, dns_method, json_file, media_type
from rightsguard.evidence.limits import CaptureLimits
from rightsguard.evidence.netguard import Resolver, StaticResolver
from rightsguard.evidence.wacz import Page
from rightsguard.evidence.warc import WarcBuilder, iter_records

if TYPE_CHECKING:
    from rightsguard.evidence.capture import CaptureOutcome


class BrowserEngine:
    """Captures with one browser for the whole run."""

    def __init__(
        self,
        packager: CapturePackager,
        root: Path,
        *,
        resolver: Resolver,
        limits: CaptureLimits,
        chromium_path: str,
        allow_private: bool,
        video: bool,
    ) -> None:
        self.packager = packager
        self.root = root
        self.resolver = resolver
        self.limits = limits
        self.chromium_path = chromium_path
        self.allow_private = allow_private
        self.video = video
        self._session: BrowserSession | None = None

    async def open(self) -> None:
        hosts, ports = _resolver_maps(self.resolver)
        self._session = BrowserSession(
            self.root,
            chromium_path=_chromium_path_checked(self.chromium_path),
            hosts=hosts,
            ports=ports,
            allow_private=self.allow_private,
            limits=self.limits,
        )
        await self._session.__aenter__()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.__aexit__(None, None, None)
            self._session = None

    async def capture(
        self, url: str, workdir: Path, started: datetime, outcome: CaptureOutcome
    ) -> None:
        assert self._session is not None
        workdir.mkdir()
        result = await self._session.capture(url, workdir, video=self.video)
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
            "hosts": await self.packager.network(result.hosts, ips),
            "refused": recorded.refused if recorded else [],
            "truncated": recorded.truncated if recorded else [],
            "dns_method": dns_method(),
        }
        assert self._session is not None
        env = self.packager.environment(
            started,
            {
                "mode": "browser",
                "user_agent": result.user_agent,
                "viewport": dict(VIEWPORT),
                "locale": LOCALE,
                "timezone": TIMEZONE,
                "software": {**self.packager.software, **self._session.versions},
                "browser": {
                    **self._session.launch_facts(),
                    "navigator_webdriver": result.webdriver,
                },
                "profile": {
                    "fresh_context": True,
                    "persistent_profile": False,
                    "cache": "empty (new context)",
                    "cookies_at_start": 0,
                    "extensions": "none (--disable-extensions)",
                    "service_workers": "blocked",
                    "downloads": "refused",
                },
                "settle": result.settle,
                "notes": result.notes,
                "requests": result.requests,
                "network": network,
            },
        )
        with WarcBuilder(warc_path, self.packager.info(url, "browser")) as warc:
            for part in recorded.files if recorded else []:
                warc.append_raw(part)
            for role in ("screenshot", "pdf", "dom", "text", "video"):
                path = result.files.get(role)
                if path is not None and path.exists():
                    warc.resource(f"urn:rightsguard:{role}:{url}", media_type(role, path), path)
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
        loose["network"] = json_file(workdir, network)
        pages = [
            Page(result.final_url or url, started.isoformat(), result.title, result.text[:20000])
        ]
        outcome.artefacts = await asyncio.to_thread(
            self.packager.package, workdir, warc_path, pages, loose
        )
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


def _resolver_maps(resolver: Resolver) -> tuple[dict[str, str], dict[str, dict[str, int]]]:
    if isinstance(resolver, StaticResolver):
        ports = {k: {str(p): q for p, q in v.items()} for k, v in resolver.ports.items()}
        return dict(resolver.hosts), ports
    return {}, {}


def _chromium_path_checked(path: str) -> str:
    found = shutil.which(path) if not Path(path).exists() else path
    return found or path


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
