"""HTTP mode: fetch a URL and its redirects with httpx straight into WARC records.

Every hop is resolved and checked by the :class:`~rightsguard.evidence.netguard.Guard`
and the connection is pinned to the checked address (:class:`PinnedTransport`:
the URL's host becomes the address, ``Host`` and TLS SNI keep the name), so
DNS rebinding cannot redirect it. The response header block is recorded as the
server sent it (order and case kept) and the body as received on the wire
after de-chunking (``Content-Encoding`` kept, not decoded); a
``Transfer-Encoding`` header is recorded as ``X-Archive-Orig-Transfer-Encoding``
because the chunk framing is not kept.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from rightsguard.evidence.errors import CaptureRefused
from rightsguard.evidence.limits import CaptureLimits, LimitReached
from rightsguard.evidence.netguard import Guard
from rightsguard.evidence.warc import WarcBuilder

USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) RightsGuard-evidence/0.1 (httpx)"
REDIRECTS = {301, 302, 303, 307, 308}


class PinnedTransport(httpx.AsyncBaseTransport):
    """Connects to the address the guard checked for each request's host."""

    def __init__(self, guard: Guard, inner: httpx.AsyncBaseTransport) -> None:
        self.guard = guard
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        port = request.url.port or (443 if request.url.scheme == "https" else 80)
        await self.guard.aresolve(request.url.host, port)
        return await self.inner.handle_async_request(self.guard.pinned(request))

    async def aclose(self) -> None:
        await self.inner.aclose()


def make_client(
    guard: Guard, limits: CaptureLimits, *, verify: Any = False, max_connections: int = 200
) -> httpx.AsyncClient:
    """An httpx client for captures: pinned, no proxies from the environment, no redirects."""
    inner = httpx.AsyncHTTPTransport(verify=verify, retries=0)
    return httpx.AsyncClient(
        transport=PinnedTransport(guard, inner),
        trust_env=False,
        follow_redirects=False,
        timeout=httpx.Timeout(min(30.0, limits.timeout), connect=10.0),
        headers={"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": "gzip, deflate"},
        limits=httpx.Limits(
            max_connections=max_connections,
            max_keepalive_connections=min(100, max_connections),
        ),
    )


@dataclass
class Hop:
    url: str
    status: int | None = None
    location: str | None = None
    ip: str | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    bytes: int = 0
    truncated: str | None = None
    error: str | None = None


@dataclass
class HttpResult:
    url: str
    hops: list[Hop] = field(default_factory=list)
    body_head: bytes = b""  # the first bytes of the final body, for title and text
    content_type: str = ""
    limit_reason: str | None = None
    error: str | None = None
    total_bytes: int = 0

    @property
    def final(self) -> Hop | None:
        return self.hops[-1] if self.hops else None

    @property
    def final_url(self) -> str:
        return self.hops[-1].url if self.hops else self.url

    @property
    def status(self) -> int | None:
        return self.hops[-1].status if self.hops else None

    def title(self) -> str:
        m = re.search(rb"<title[^>]*>(.*?)</title>", self.body_head, re.I | re.S)
        return m.group(1).decode("utf-8", "replace").strip() if m else ""

    def text(self) -> str:
        if "html" not in self.content_type and "text" not in self.content_type:
            return ""
        raw = self.body_head.decode("utf-8", "replace")
        raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
        return re.sub(r"\s+", " ", re.sub(r"(?s)<[^>]+>", " ", raw)).strip()


def _recorded_headers(raw: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    out = []
    for name, value in raw:
        key = name.decode("latin-1")
        if key.lower() == "transfer-encoding":
            key = "X-Archive-Orig-Transfer-Encoding"
        out.append((key, value.decode("latin-1")))
    return out


async def fetch(
    url: str,
    client: httpx.AsyncClient,
    warc: WarcBuilder,
    limits: CaptureLimits,
    *,
    deadline: float,
    budget: list[int] | None = None,
    keep_head: int = 1 << 20,
) -> HttpResult:
    """Fetch ``url`` and follow redirects, writing every exchange to ``warc``.

    Stops at the limits (time, bytes per response, total bytes, redirects),
    keeping what was received; ``limit_reason`` says which limit was hit.
    ``budget`` is a one-item list of bytes left for the whole capture.
    """
    budget = budget if budget is not None else [limits.max_total_bytes]
    result = HttpResult(url)
    seen: set[str] = set()
    current = url
    for _hop_no in range(limits.max_redirects + 1):
        hop = Hop(current)
        result.hops.append(hop)
        try:
            location = await _one_hop(
                current, client, warc, limits, hop, result, deadline, budget, keep_head
            )
        except LimitReached as hit:
            result.limit_reason = hit.reason
            return result
        except CaptureRefused:
            raise
        except (httpx.HTTPError, OSError) as exc:
            hop.error = f"{type(exc).__name__}: {exc}"
            result.error = f"{current}: {hop.error}"
            return result
        if location is None:
            return result
        if location in seen:
            result.limit_reason = f"redirect loop: {location} was already visited"
            return result
        seen.add(current)
        current = location
    result.limit_reason = f"redirect limit: more than {limits.max_redirects} redirects"
    return result


async def _one_hop(
    url: str,
    client: httpx.AsyncClient,
    warc: WarcBuilder,
    limits: CaptureLimits,
    hop: Hop,
    result: HttpResult,
    deadline: float,
    budget: list[int],
    keep_head: int,
) -> str | None:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise LimitReached(f"time limit: {limits.timeout:g} s")
    started = datetime.now(UTC)
    request = client.build_request("GET", url)
    try:
        response = await asyncio.wait_for(client.send(request, stream=True), remaining)
    except TimeoutError:
        raise LimitReached(f"time limit: {limits.timeout:g} s waiting for {url}") from None
    reason: str | None = None
    try:
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        hop.ip = str(peer[0]) if peer else None
        hop.status = response.status_code
        hop.headers = _recorded_headers(response.headers.raw)
        limit = min(limits.max_response_bytes, budget[0])
        head = bytearray()
        with tempfile.SpooledTemporaryFile(max_size=4 << 20) as body:
            chunks = response.aiter_raw()
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    reason = f"time limit: {limits.timeout:g} s while reading {url}"
                    break
                try:
                    chunk = await asyncio.wait_for(anext(chunks), remaining)
                except StopAsyncIteration:
                    break
                except TimeoutError:
                    reason = f"time limit: {limits.timeout:g} s while reading {url}"
                    break
                take = chunk[: max(0, limit - hop.bytes)]
                body.write(take)
                hop.bytes += len(take)
                if len(head) < keep_head:
                    head += take[: keep_head - len(head)]
                if len(take) < len(chunk):
                    if limit == limits.max_response_bytes:
                        reason = f"response size limit: {limits.max_response_bytes} bytes of {url}"
                    else:
                        reason = f"total size limit: {limits.max_total_bytes} bytes"
                    break
            hop.truncated = ("time" if reason.startswith("time") else "length") if reason else None
            budget[0] -= hop.bytes
            result.total_bytes += hop.bytes
            body.seek(0)
            parts = urlsplit(url)
            target = parts.path or "/"
            if parts.query:
                target += "?" + parts.query
            req_headers = [
                (k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw
            ]
            warc.request_response(
                url,
                request_line=("GET", target, "HTTP/1.1"),
                request_headers=req_headers,
                status_line=f"{response.status_code} {response.reason_phrase}",
                response_headers=hop.headers,
                body=body,  # type: ignore[arg-type]
                body_length=hop.bytes,
                ip=hop.ip,
                when=started,
                truncated=hop.truncated,
                protocol=response.http_version,
            )
    finally:
        await response.aclose()
    result.content_type = response.headers.get("content-type", "")
    result.body_head = bytes(head)
    if reason:
        raise LimitReached(reason)
    if response.status_code in REDIRECTS and "location" in response.headers:
        hop.location = urljoin(url, response.headers["location"])
        return hop.location
    return None
