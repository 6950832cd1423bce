"""Rechecks: is an infringement still there, gone, changed or back?

``classify`` is pure: an HTTP answer (or none) and the page's normalised text
against the last look give ``live``, ``removed`` (404/410, a platform's "item
removed" page, a parked page, no DNS), ``redirected`` or ``changed``.
``recheck_targets`` fetches in HTTP mode, records each look, and acts on what
changed: the target's status moves (gone after an action: ``removed``, and the
action's outcome and time-to-takedown are recorded; live again after removal:
``reappeared``, flagged as a repeat), a cease-and-desist letter whose deadline
passed while the site stays live marks the infringement as continuing (wilful),
and every change of state asks for a full capture, as evidence of removal or of
persistence.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

import httpx

from rightsguard.domain.enums import TargetStatus
from rightsguard.identify.netio import retry_after_seconds
from rightsguard.netretry import CircuitBreaker, Retry, RetryPolicy, aretry
from rightsguard.store.models import utcnow

if TYPE_CHECKING:
    from rightsguard.store import Store

REMOVED_MARKERS = (
    "商品已下架",
    "该商品已下架",
    "宝贝不存在",
    "页面不存在",
    "已删除",
    "item removed",
    "listing has been removed",
    "this item is no longer available",
    "page not found",
    "domain is parked",
    "this domain may be for sale",
    "域名出售",
)
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)
_SPACE = re.compile(r"\s+")


def normalised_text(html: str) -> str:
    """Visible text with scripts, styles, tags and runs of space removed."""
    return _SPACE.sub(" ", _TAGS.sub(" ", html)).strip().lower()


@dataclass(frozen=True)
class Look:
    url: str
    http_status: int | None
    final_url: str | None
    text: str
    error: str | None = None


@dataclass(frozen=True)
class RecheckResult:
    target_id: int
    url: str
    state: str  # live | removed | redirected | changed | error
    http_status: int | None
    reason: str
    text_sha256: str | None
    status_change: tuple[str, str] | None = None
    repeat: bool = False


def classify(look: Look, previous_sha256: str | None) -> tuple[str, str, str | None]:
    """(state, reason, text hash) for one look; pure."""
    if look.error is not None and look.http_status is None:
        if "name" in look.error.lower() or "resolve" in look.error.lower():
            return "removed", f"the name no longer resolves ({look.error})", None
        return "error", look.error, None
    if look.http_status is not None and (look.http_status == 429 or look.http_status >= 500):
        # rate limited or failing: says nothing about whether the page is still up
        return "error", look.error or f"HTTP {look.http_status}", None
    text = normalised_text(look.text)
    digest = hashlib.sha256(text.encode()).hexdigest() if text else None
    if look.http_status in (404, 410):
        return "removed", f"HTTP {look.http_status}", digest
    marker = next((m for m in REMOVED_MARKERS if m in text), None)
    if marker is not None:
        return "removed", f"the page says {marker!r}", digest
    if look.final_url and look.final_url.rstrip("/") != look.url.rstrip("/"):
        return "redirected", f"now redirects to {look.final_url}", digest
    if previous_sha256 is not None and digest != previous_sha256:
        return "changed", "the page's text changed", digest
    return "live", f"HTTP {look.http_status}", digest


async def fetch_all(
    client: httpx.AsyncClient,
    urls: Sequence[str],
    concurrency: int,
    *,
    policy: RetryPolicy | None = None,
    breaker: CircuitBreaker | None = None,
) -> list[Look]:
    """One look per URL. 429/503 answers and dropped connections are retried with
    backoff and jitter (``Retry-After`` honoured); a host failing again and again opens
    its circuit, and its remaining URLs are recorded as errors without a request."""
    semaphore = asyncio.Semaphore(concurrency)
    breaker = breaker if breaker is not None else CircuitBreaker(threshold=5, cooldown=300)

    async def one(url: str) -> Look:
        async with semaphore:
            last: httpx.Response | None = None

            async def get() -> httpx.Response:
                nonlocal last
                last = await client.get(url, follow_redirects=True)
                if last.status_code in (429, 503):
                    raise Retry(
                        f"HTTP {last.status_code}",
                        retry_after_seconds(last.headers.get("Retry-After")),
                    )
                return last

            tries = policy or RetryPolicy(attempts=3, base=0.5, max_wait=10.0)
            try:
                response = await aretry(
                    get,
                    tries,
                    host=httpx.URL(url).host,
                    breaker=breaker,
                    retry_on=(httpx.TransportError,),
                )
            except Retry as exc:
                assert last is not None
                why = f"{exc} after {tries.attempts} attempts"
                return Look(url, last.status_code, str(last.url), "", why)
            except Exception as exc:  # refused by the SSRF guard, DNS, TLS, timeouts
                return Look(url, None, None, "", f"{exc.__class__.__name__}: {exc}")
            return Look(url, response.status_code, str(response.url), response.text)

    return list(await asyncio.gather(*(one(u) for u in urls)))


def recheck_targets(
    store: Store,
    target_ids: Sequence[int],
    client_factory: Callable[[], httpx.AsyncClient],
    *,
    concurrency: int = 50,
    today: date | None = None,
) -> list[RecheckResult]:
    """Look at each target once, record the look, and act on what changed."""
    targets = store.targets.list(ids=list(target_ids))

    async def run() -> list[Look]:
        async with client_factory() as client:
            return await fetch_all(client, [t.url for t in targets], concurrency)

    looks = asyncio.run(run())
    today = today or datetime.now(UTC).date()
    results: list[RecheckResult] = []
    with store.transaction() as session:
        last, statuses = store.rechecks.last_looks(session, [t.id for t in targets])
        for target, look in zip(targets, looks, strict=True):
            previous = last.get(target.id)
            state, reason, digest = classify(look, previous)
            store.rechecks.add(
                session, target.id, state, look.http_status, look.final_url, digest, reason
            )
            current = TargetStatus(statuses[target.id])
            new: TargetStatus | None = None
            repeat = False
            if state == "removed" and current in (
                TargetStatus.ACTIONED,
                TargetStatus.PERSISTING,
                TargetStatus.REAPPEARED,
            ):
                new = TargetStatus.REMOVED
                store.rechecks.record_takedown(session, target.id, reason)
            elif state in ("live", "changed", "redirected"):
                if current is TargetStatus.REMOVED:
                    new, repeat = TargetStatus.REAPPEARED, True
                elif current is TargetStatus.ACTIONED and store.rechecks.letter_ignored(
                    session, target.id, today
                ):
                    new = TargetStatus.PERSISTING
            change = None
            if new is not None and new is not current:
                store.targets.move(session, target.id, new, reason=f"recheck: {reason}")
                change = (current.value, new.value)
                if repeat:
                    store.record(
                        session,
                        "target.repeat_infringement",
                        "target",
                        target.id,
                        after={"url": target.url},
                        reason="back after removal",
                    )
            results.append(
                RecheckResult(
                    target.id, target.url, state, look.http_status, reason, digest, change, repeat
                )
            )
    return results


DEFAULT_SCHEDULE = (14, 7)  # daily for 14 days after an action, then weekly


def parse_schedules(raw: dict[str, str]) -> dict[str, tuple[int, int]]:
    """The ``recheck_schedules`` setting: action type (or ``*``) -> "DAILY_DAYS,EVERY_DAYS"."""
    out: dict[str, tuple[int, int]] = {"*": DEFAULT_SCHEDULE}
    for key, value in raw.items():
        try:
            daily, every = (int(x) for x in str(value).split(","))
        except ValueError:
            raise ValueError(f"recheck_schedules[{key!r}]: {value!r} is not DAYS,EVERY") from None
        if daily < 0 or every < 1:
            raise ValueError(f"recheck_schedules[{key!r}]: days must be >= 0, every >= 1")
        out[key] = (daily, every)
    return out


def next_recheck(
    sent: datetime | None,
    action_type: str | None,
    last: datetime | None,
    schedules: dict[str, tuple[int, int]],
) -> datetime:
    """When a target is next due (pure): daily while the action is fresh, then every N."""
    daily, every = schedules.get(action_type or "*", schedules["*"])
    if last is None:
        return sent or datetime.min.replace(tzinfo=UTC)
    fresh = sent is not None and (last - sent).days < daily
    return last + timedelta(days=1 if fresh else every)


def due_targets(
    store: Store, schedules: dict[str, tuple[int, int]], now: datetime | None = None
) -> list[int]:
    """Targets under watch whose next recheck is due."""
    now = now or utcnow()
    watched = [
        TargetStatus.ACTIONED,
        TargetStatus.PERSISTING,
        TargetStatus.REMOVED,
        TargetStatus.REAPPEARED,
    ]
    state = store.rechecks.watch_state([s.value for s in watched])
    targets, last_look, latest = state.targets, state.last_look, state.latest_action
    due = []
    for target_id in targets:
        sent, action_type = latest.get(target_id, (None, None))
        last = last_look.get(target_id)
        if last is not None and last.tzinfo is None:
            last = last.replace(tzinfo=UTC)
        if next_recheck(sent, action_type, last, schedules) <= now:
            due.append(target_id)
    return due
