"""Network plumbing shared by the lookups: a TTL cache, back-off, raw-reply evidence.

* :class:`TtlCache` keeps replies as JSON files under a folder (one file per key,
  written atomically), each with the time it was stored; entries older than the
  TTL are ignored.
* :func:`with_backoff` retries a call on rate limiting (HTTP 429, honouring
  ``Retry-After``) and on timeouts / connection errors, doubling the wait from
  ``base`` up to ``max_wait`` with jitter, behind a per-host circuit breaker
  (``rightsguard.netretry``); ``sleep`` is injectable for tests.
* :class:`Evidence` puts every raw reply into the content-addressed blob store
  and returns its SHA-256, recorded on each observable derived from it.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from rightsguard.identify.errors import Lookup, LookupFailed, RateLimited
from rightsguard.netretry import CircuitBreaker, CircuitOpen, wait_for
from rightsguard.store.blobs import BlobStore

T = TypeVar("T")


class TtlCache:
    def __init__(self, root: Path | None, ttl_seconds: float = 86400.0) -> None:
        self.root = root
        self.ttl = ttl_seconds

    def _path(self, key: str) -> Path:
        assert self.root is not None
        digest = hashlib.sha256(key.encode()).hexdigest()
        return self.root / digest[:2] / f"{digest}.json"

    def get(self, key: str, now: float | None = None) -> Any | None:
        if self.root is None:
            return None
        path = self._path(key)
        try:
            entry = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if (now or time.time()) - float(entry.get("at", 0)) > self.ttl:
            return None
        return entry.get("value")

    def put(self, key: str, value: Any, now: float | None = None) -> None:
        if self.root is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(
            {"key": key, "at": now or time.time(), "value": value}, ensure_ascii=False
        )
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


class RetryableStatus(Exception):
    """Raised inside a retried call for 429/503; carries the Retry-After seconds."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now or time.time()))


@dataclass
class Backoff:
    attempts: int = 4
    base: float = 0.5
    max_wait: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    waits: list[float] = field(default_factory=list)  # what was slept, for reports and tests
    jitter: float = 0.5  # a computed wait grows by up to this share at random
    breaker: CircuitBreaker | None = field(default_factory=CircuitBreaker)  # per host


def with_backoff(
    call: Callable[[], T], policy: Backoff, what: str, host: str = "", *, lookup: Lookup
) -> T:
    """``call()`` with retries (``netretry.wait_for``: Retry-After honoured, jitter
    otherwise); ``host`` keys the circuit breaker, which fails fast while it is open;
    ``lookup`` names the kind of lookup in the ``LookupFailed`` raised at the end."""
    import httpx

    delay = policy.base
    last: Exception | None = None
    breaker = policy.breaker if host else None
    for attempt in range(policy.attempts):
        if breaker is not None:
            try:
                breaker.check(host)
            except CircuitOpen as exc:
                raise LookupFailed(f"{what}: {exc}", lookup=lookup) from None
        try:
            result = call()
        except RetryableStatus as exc:
            last = exc
            retry_after = exc.retry_after
        except (httpx.TimeoutException, httpx.TransportError, TimeoutError, ConnectionError) as exc:
            last = exc
            retry_after = None
        else:
            if breaker is not None:
                breaker.success(host)
            return result
        if breaker is not None:
            breaker.failure(host)
        if attempt == policy.attempts - 1:
            break
        wait = wait_for(delay, retry_after, jitter=policy.jitter, max_wait=policy.max_wait)
        policy.waits.append(wait)
        policy.sleep(wait)
        delay = min(delay * 2, policy.max_wait)
    if isinstance(last, RetryableStatus) and last.status == 429:
        raise RateLimited(
            f"{what}: still rate limited after {policy.attempts} attempts",
            last.retry_after,
            lookup=lookup,
        )
    raise LookupFailed(f"{what}: {type(last).__name__}: {last}" if last else what, lookup=lookup)


class Evidence:
    """Keeps raw replies in a BlobStore (or nowhere, when ``root`` is None)."""

    def __init__(self, root: Path | None) -> None:
        self._store = None
        if root is not None:
            self._store = BlobStore(root)

    def read(self, digest: str) -> bytes | None:
        """A kept blob (of this workspace's evidence store), or None when it is not there."""
        if self._store is None or not self._store.has(digest):
            return None
        return self._store.read(digest)

    def keep(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        if self._store is not None and not self._store.has(digest):
            self._store.put_bytes(data)
        return digest
