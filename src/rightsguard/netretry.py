"""Retries for network clients: exponential backoff with jitter that honours
``Retry-After``, and a per-host circuit breaker.

* :func:`wait_for` is the wait before the next attempt: the server's ``Retry-After``
  when it gave one (never less), else ``delay`` stretched by up to ``jitter`` of
  itself at random, so many clients that failed together do not retry together.
* :class:`CircuitBreaker` counts consecutive failures per host; after ``threshold``
  of them the host is *open* for ``cooldown`` seconds: calls to it fail at once
  instead of waiting on a server that is down. One success closes it again.
* :func:`aretry` runs an async call under both (the recheck fetch uses it; the
  identify lookups' ``netio.with_backoff`` uses :func:`wait_for` and the breaker).
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")


def wait_for(
    delay: float,
    retry_after: float | None,
    *,
    jitter: float = 0.5,
    max_wait: float = 30.0,
    rng: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait before the next attempt."""
    if retry_after is not None:
        return min(max(0.0, retry_after), max_wait)
    return min(delay * (1.0 + jitter * rng()), max_wait)


class CircuitOpen(Exception):
    """The host failed too often lately; no call is made until the cooldown ends."""

    def __init__(self, host: str, until: float) -> None:
        super().__init__(f"{host}: circuit open after repeated failures (retry later)")
        self.host = host
        self.until = until


@dataclass
class CircuitBreaker:
    threshold: int = 5
    cooldown: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, int] = field(default_factory=dict)
    _open_until: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def check(self, host: str) -> None:
        """Raise :class:`CircuitOpen` while ``host`` is open (half-open after the cooldown:
        one call is let through, and its outcome decides)."""
        with self._lock:
            until = self._open_until.get(host)
            if until is not None and self.clock() < until:
                raise CircuitOpen(host, until)

    def success(self, host: str) -> None:
        with self._lock:
            self._failures.pop(host, None)
            self._open_until.pop(host, None)

    def failure(self, host: str) -> None:
        with self._lock:
            count = self._failures.get(host, 0) + 1
            self._failures[host] = count
            if count >= self.threshold:
                self._open_until[host] = self.clock() + self.cooldown

    def is_open(self, host: str) -> bool:
        try:
            self.check(host)
        except CircuitOpen:
            return True
        return False


class Retry(Exception):
    """Raised by a call under :func:`aretry` for an answer worth retrying (429, 503)."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


@dataclass
class RetryPolicy:
    attempts: int = 3
    base: float = 0.5
    max_wait: float = 30.0
    jitter: float = 0.5
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    waits: list[float] = field(default_factory=list)  # what was slept, for reports and tests


async def aretry(
    call: Callable[[], Awaitable[T]],
    policy: RetryPolicy,
    *,
    host: str,
    breaker: CircuitBreaker | None = None,
    retry_on: tuple[type[BaseException], ...] = (OSError,),
) -> T:
    """``call()`` until it succeeds or ``policy.attempts`` are used; re-raises the last
    failure (a :class:`Retry` or one of ``retry_on``), or :class:`CircuitOpen`."""
    delay = policy.base
    for attempt in range(policy.attempts):
        if breaker is not None:
            breaker.check(host)
        try:
            result = await call()
        except (Retry, *retry_on) as exc:
            if breaker is not None:
                breaker.failure(host)
            if attempt == policy.attempts - 1:
                raise
            retry_after = exc.retry_after if isinstance(exc, Retry) else None
            wait = wait_for(delay, retry_after, jitter=policy.jitter, max_wait=policy.max_wait)
            policy.waits.append(wait)
            await policy.sleep(wait)
            delay = min(delay * 2, policy.max_wait)
            continue
        if breaker is not None:
            breaker.success(host)
        return result
    raise AssertionError("unreachable")  # pragma: no cover
