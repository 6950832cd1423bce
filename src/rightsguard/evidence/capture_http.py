"""The HTTP-mode capture engine: one guarded HTTP client for the whole run.

Each capture follows the URL's redirects with the client (every hop checked against the
SSRF rule), writes the exchanges to a WARC held in memory (spooled to disk when large),
attests the network facts and the environment in the WARC's metadata and packages the
WARC as one WACZ; there are no loose artefacts.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import urlsplit

import httpx

from rightsguard.domain.enums import CaptureStatus
from rightsguard.evidence.capture_package import SPOOL, CapturePackager, dns_method
from rightsguard.evidence.httpfetch import USER_AGENT, fetch, make_client
from rightsguard.evidence.limits import CaptureLimits
from rightsguard.evidence.netguard import Guard
from rightsguard.evidence.wacz import Page
from rightsguard.evidence.warc import WarcBuilder

if TYPE_CHECKING:
    from rightsguard.evidence.capture import CaptureOutcome


class HttpEngine:
    """Captures with one HTTP client for the whole run."""

    def __init__(self, packager: CapturePackager, guard: Guard, limits: CaptureLimits) -> None:
        self.packager = packager
        self.guard = guard
        self.limits = limits
        self._client: httpx.AsyncClient | None = None

    async def open(self) -> None:
        self._client = make_client(self.guard, self.limits)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def capture(
        self, url: str, workdir: Path, started: datetime, outcome: CaptureOutcome
    ) -> None:
        """``workdir`` is not used: the WARC and the WACZ stay in (spooled) memory."""
        with tempfile.SpooledTemporaryFile(max_size=SPOOL) as spool:
            await self._capture_into(spool, url, started, outcome)  # type: ignore[arg-type]

    async def _capture_into(
        self, spool: IO[bytes], url: str, started: datetime, outcome: CaptureOutcome
    ) -> None:
        assert self._client is not None, "open the engine first"
        deadline = time.monotonic() + self.limits.timeout
        with WarcBuilder(spool, self.packager.info(url, "http")) as warc:
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
                "hosts": await self.packager.network(hosts, ips),
                "dns_method": dns_method(),
            }
            env = self.packager.environment(
                started, {"mode": "http", "user_agent": USER_AGENT, "network": network}
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
            self.packager.package_memory, spool, pages, warc.cdxj("data.warc.gz")
        )
        if outcome.status is CaptureStatus.PENDING:
            reason = result.limit_reason or result.error
            outcome.status = CaptureStatus.PARTIAL if reason else CaptureStatus.COMPLETE
            outcome.reason = reason
