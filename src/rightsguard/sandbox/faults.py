"""Fault modes shared by the sandbox's external servers, so tests can make any of them fail.

Every external server (RDAP, WHOIS, DNS, TSA, SMTP and the captured sites) holds a
:class:`Faults` switch, set with ``Sandbox.set_fault(service, mode, times=None)``:

* ``ok``           normal answers
* ``down``         HTTP 503; WHOIS closes at once with no reply; DNS never answers;
                   SMTP ``421`` (service not available)
* ``slow``         every answer waits ``slow_seconds`` first
* ``ratelimited``  HTTP 429 with ``Retry-After: retry_after``; WHOIS "Query rate limit
                   exceeded"; DNS ``REFUSED``; SMTP ``451`` (try again later)
* ``garbage``      an answer that is not the protocol's (random bytes, an HTTP 200 that
                   is not what was asked for, an SMTP reply line without a code)
* ``drop``         the connection is cut halfway: an HTTP body stops mid-way, a WHOIS
                   reply is reset after half, a DNS answer arrives truncated, SMTP
                   closes during DATA

``times`` limits the fault to the next N requests (then the server is ``ok`` again),
which is how tests show that a client retries its way through a passing fault.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

from rightsguard.sandbox.httpserver import Request, Response

FAULTS = ("ok", "down", "slow", "ratelimited", "garbage", "drop")
GARBAGE = b"\x00\xff\xfeGARBAGE{<\x81\x30not the protocol\r\n\x1b[0m"


class Faults:
    """One server's fault switch (thread-safe)."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.mode = "ok"
        self.slow_seconds = 2.0
        self.retry_after = 1
        self.remaining: int | None = None
        self.served: dict[str, int] = {}  # faults served, by mode (for tests)
        self._lock = threading.Lock()

    def set(
        self,
        mode: str,
        *,
        times: int | None = None,
        slow_seconds: float | None = None,
        retry_after: int | None = None,
    ) -> None:
        if mode not in FAULTS:
            raise ValueError(f"fault mode must be one of {', '.join(FAULTS)}")
        with self._lock:
            self.mode = mode
            self.remaining = times
            if slow_seconds is not None:
                self.slow_seconds = slow_seconds
            if retry_after is not None:
                self.retry_after = retry_after
            self.served = {}

    def take(self) -> str:
        """The fault for the request being served now (``ok`` when none)."""
        with self._lock:
            mode = self.mode
            if mode == "ok":
                return mode
            if self.remaining is not None:
                if self.remaining <= 0:
                    return "ok"
                self.remaining -= 1
            self.served[mode] = self.served.get(mode, 0) + 1
            return mode


def _cut(body: bytes) -> Iterator[bytes]:
    yield body[: max(1, len(body) // 2)]
    raise ConnectionAbortedError("sandbox fault: connection dropped halfway")


def faulty(app: Callable[[Request], Response], faults: Faults) -> Callable[[Request], Response]:
    """``app`` behind ``faults`` (HTTP servers; the ``/__sandbox__/`` admin paths never fail)."""

    def wrapped(request: Request) -> Response:
        if request.path.startswith("/__sandbox__/"):
            return app(request)
        mode = faults.take()
        if mode == "down":
            return Response(503, b"service unavailable\n", "text/plain")
        if mode == "ratelimited":
            return Response(
                429,
                b"too many requests\n",
                "text/plain",
                {"Retry-After": str(faults.retry_after)},
            )
        if mode == "garbage":
            return Response(200, GARBAGE, "application/octet-stream")
        if mode == "slow":
            time.sleep(faults.slow_seconds)
        response = app(request)
        if mode == "drop":
            body = response.body if isinstance(response.body, bytes) else b"".join(response.body)
            return Response(response.status, _cut(body), response.content_type, response.headers)
        return response

    return wrapped
