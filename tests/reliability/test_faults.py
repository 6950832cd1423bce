"""Fault modes of the sandbox's external servers, and how RightsGuard's clients end.

Each server (RDAP, WHOIS, DNS, TSA, SMTP, the captured sites) can be down, slow,
rate limited, answer garbage or drop the connection halfway (``sandbox/faults.py``).
Every client must end in a clear state: retried with backoff where it retries, a
lookup that fails says why, a stamp stays ``awaiting_timestamp`` with the reason,
a send fails with the reason (the action stays unsent), a recheck records an
``error`` look (never "live", never "removed").
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dns.exception
import dns.message
import dns.query
import dns.rcode
import httpx
import pytest

from rightsguard.actions.errors import DispatchFailed
from rightsguard.actions.mail import SmtpConfig, send_message
from rightsguard.discover.recheck import Look, classify, fetch_all
from rightsguard.domain.errors import InvalidValue
from rightsguard.evidence.errors import TimestampUnavailable
from rightsguard.evidence.items import add_files, stamp_pending
from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.timestamp import TsaClient
from rightsguard.identify.errors import LookupFailed, RateLimited
from rightsguard.identify.lookup import LookupConfig, Registrations
from rightsguard.identify.netio import Backoff
from rightsguard.netretry import CircuitBreaker, RetryPolicy, wait_for
from rightsguard.sandbox import Sandbox, smtp, world
from rightsguard.sandbox.faults import FAULTS
from rightsguard.sandbox.rdap import identify_settings
from rightsguard.store import Store
from rightsguard.store.blobs import BlobStore
from rightsguard.store.migrate import upgrade

BAD = ("down", "slow", "ratelimited", "garbage", "drop")


@pytest.fixture(scope="module")
def sb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    with Sandbox(state_dir=tmp_path_factory.mktemp("faults")) as sandbox:
        yield sandbox


_CLIENTS: list[httpx.Client] = []


@pytest.fixture(autouse=True)
def heal(sb: Sandbox) -> Iterator[None]:
    yield
    while _CLIENTS:
        _CLIENTS.pop().close()
    for service in ("rdap", "whois", "dns", "tsa", "smtp", "sites"):
        sb.set_fault(service, "ok")
    sb.service("tsa").set_mode("ok")  # type: ignore[attr-defined]


def test_every_external_server_has_every_fault_mode(sb: Sandbox) -> None:
    assert set(BAD) <= set(FAULTS)
    for service in ("rdap", "whois", "dns", "tsa", "smtp", "sites"):
        for mode in FAULTS:
            sb.set_fault(service, mode, slow_seconds=0.4)
    with pytest.raises(InvalidValue, match="mode"):
        sb.set_fault("rdap", "sleeping")
    with pytest.raises(InvalidValue, match="service"):
        sb.set_fault("nothing", "down")


# --- identify: RDAP and WHOIS -------------------------------------------------------


def _registrations(sb: Sandbox, sleeps: list[float], **backoff: Any) -> Registrations:
    settings = identify_settings(sb.endpoints())
    config = LookupConfig(
        rdap_servers=settings["rdap_servers"],
        whois_servers=settings["whois_servers"],
        use_iana_whois=False,
        timeout=0.5,
        backoff=Backoff(
            **{"attempts": 3, "base": 0.01, "max_wait": 5, "sleep": sleeps.append, **backoff}
        ),
    )
    client = sb.httpx_client(timeout=2)
    _CLIENTS.append(client)
    return Registrations(client, config)


@pytest.mark.parametrize(
    ("mode", "error", "match"),
    [
        ("down", LookupFailed, "HTTP 503"),
        ("slow", LookupFailed, "Timeout"),
        ("ratelimited", RateLimited, "still rate limited after 3 attempts"),
        ("garbage", LookupFailed, "not JSON"),
        ("drop", LookupFailed, "RemoteProtocolError|ReadError"),
    ],
)
def test_rdap_lookup_fails_with_the_reason_after_retries(
    sb: Sandbox, mode: str, error: type[Exception], match: str
) -> None:
    sb.set_fault("rdap", mode, slow_seconds=1.0)
    sleeps: list[float] = []
    with pytest.raises(error, match=match):
        _registrations(sb, sleeps).domain(world.OFFICIAL_HOST)
    # garbage is an answer (nothing to gain by asking again); the rest were retried
    assert len(sleeps) == (0 if mode == "garbage" else 2)


@pytest.mark.parametrize("mode", ["ratelimited", "drop", "down"])
def test_rdap_lookup_retries_through_a_passing_fault(sb: Sandbox, mode: str) -> None:
    sb.set_fault("rdap", mode, times=2, retry_after=1)
    sleeps: list[float] = []
    reg = _registrations(sb, sleeps).domain(world.OFFICIAL_HOST)
    assert reg.registrar and not reg.empty
    if mode == "ratelimited":
        assert sleeps == [1.0, 1.0]  # Retry-After honoured, exactly
    else:
        assert len(sleeps) == 2 and 0.01 <= sleeps[0] <= 0.015 and 0.02 <= sleeps[1] <= 0.03


def test_rdap_circuit_opens_for_a_host_that_keeps_failing(sb: Sandbox) -> None:
    sb.set_fault("rdap", "down")
    sleeps: list[float] = []
    breaker = CircuitBreaker(threshold=3, cooldown=60)
    registrations = _registrations(sb, sleeps, breaker=breaker)
    with pytest.raises(LookupFailed, match="HTTP 503"):
        registrations.domain(world.OFFICIAL_HOST)
    served = sb.service("rdap").faults.served["down"]  # type: ignore[attr-defined]
    with pytest.raises(LookupFailed, match="circuit open"):
        registrations.domain(world.OUTLET_HOST.replace(".cn", ".com"))
    assert sb.service("rdap").faults.served["down"] == served  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("mode", "match"),
    [
        ("down", "without a reply"),
        ("ratelimited", "still rate limited"),
        ("drop", "ConnectionResetError|without a reply"),
        ("slow", "timed out|TimeoutError"),
    ],
)
def test_whois_lookup_fails_with_the_reason(sb: Sandbox, mode: str, match: str) -> None:
    sb.set_fault("whois", mode, slow_seconds=1.0)
    sleeps: list[float] = []
    with pytest.raises(LookupFailed, match=match):
        _registrations(sb, sleeps).domain(world.OUTLET_HOST)
    assert len(sleeps) == 2


def test_whois_garbage_is_kept_but_yields_no_facts(sb: Sandbox) -> None:
    sb.set_fault("whois", "garbage")
    reg = _registrations(sb, []).domain(world.OUTLET_HOST)
    assert reg.empty and reg.evidence  # the raw reply is kept as evidence


def test_whois_retries_through_a_passing_fault(sb: Sandbox) -> None:
    sb.set_fault("whois", "drop", times=1)
    reg = _registrations(sb, []).domain(world.OUTLET_HOST)
    assert not reg.empty


# --- DNS -------------------------------------------------------------------------------


def _dns(sb: Sandbox, name: str) -> dns.message.Message:
    ep = sb.endpoints()["dns.dns"]
    query = dns.message.make_query(name, "A")
    return dns.query.udp(query, ep.host, port=ep.port, timeout=0.5)


@pytest.mark.parametrize(
    ("mode", "outcome"),
    [
        ("down", dns.exception.Timeout),
        ("garbage", dns.exception.DNSException),
        ("drop", dns.exception.DNSException),
        ("ratelimited", "REFUSED"),
        ("slow", dns.exception.Timeout),
    ],
)
def test_dns_server_faults(sb: Sandbox, mode: str, outcome: Any) -> None:
    sb.set_fault("dns", mode, slow_seconds=1.0)
    if isinstance(outcome, str):
        assert dns.rcode.to_text(_dns(sb, world.OUTLET_HOST).rcode()) == outcome
    else:
        with pytest.raises(outcome):
            _dns(sb, world.OUTLET_HOST)
    sb.set_fault("dns", "ok")
    assert _dns(sb, world.OUTLET_HOST).answer


# --- TSA stamping ----------------------------------------------------------------------


@pytest.fixture
def evidence_world(tmp_path: Path) -> Iterator[tuple[Store, BlobStore]]:
    url = f"sqlite:///{tmp_path / 'rg.db'}"
    upgrade(url)
    store = Store(url, "tester")
    store.cases.new("c")
    yield store, BlobStore(tmp_path / "evidence")
    store.close()


@pytest.mark.parametrize("mode", BAD)
def test_stamp_stays_awaiting_timestamp_with_the_reason(
    sb: Sandbox, evidence_world: tuple[Store, BlobStore], tmp_path: Path, mode: str
) -> None:
    store, blobs = evidence_world
    tsa_service = sb.service("tsa")
    sb.set_fault("tsa", mode, slow_seconds=1.5)
    tsa = TsaClient(tsa_service.url, tsa_service.ca_cert_path, timeout=0.5)  # type: ignore[attr-defined]
    try:
        receipt = tmp_path / "receipt.pdf"
        receipt.write_bytes(b"%PDF order " + mode.encode())
        (item,) = add_files(store, blobs, Ledger(store), tsa, [receipt], case_id=1, kind="receipt")
        assert item.status == "awaiting_timestamp" and item.tsa_error
        assert item.ledger_idx is not None  # kept and ledgered all the same
        sb.set_fault("tsa", "ok")
        assert stamp_pending(store, blobs, tsa) == (1, 0)
    finally:
        tsa.close()


# --- SMTP send -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "match"),
    [
        ("down", "421"),
        ("ratelimited", "451"),
        ("garbage", "refused|cannot deliver"),
        ("drop", "cannot deliver|421"),
        ("slow", "cannot deliver"),
    ],
)
def test_send_fails_with_the_reason(sb: Sandbox, mode: str, match: str) -> None:
    from email.message import EmailMessage

    service = sb.service("smtp")
    before = len(service.messages)  # type: ignore[attr-defined]
    sb.set_fault("smtp", mode)
    service.slow_seconds = 1.5  # type: ignore[attr-defined]
    ep = sb.endpoints()["smtp.smtp"]
    config = SmtpConfig(
        ep.host,
        ep.port,
        False,
        True,
        smtp.USER,
        smtp.PASSWORD,
        "legal@aurorix.com",
        sb.ca_cert_path,
        0.7,
    )
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "legal@aurorix.com", "abuse@host.example", "notice"
    msg.set_content("please remove")
    with pytest.raises(DispatchFailed, match=match):
        send_message(config, msg)
    assert len(service.messages) == before  # nothing was delivered  # type: ignore[attr-defined]


# --- recheck fetch ---------------------------------------------------------------------


def _looks(sb: Sandbox, urls: list[str], **kw: Any) -> list[Look]:
    async def run() -> list[Look]:
        async with sb.async_httpx_client(timeout=0.7) as client:
            return await fetch_all(client, urls, 4, **kw)

    return asyncio.run(run())


async def _no_sleep(_: float) -> None:
    return None


@pytest.mark.parametrize("mode", BAD)
def test_recheck_records_an_error_never_live_or_removed(sb: Sandbox, mode: str) -> None:
    sb.set_fault("sites", mode, slow_seconds=1.5)
    policy = RetryPolicy(attempts=2, base=0.01, sleep=_no_sleep)
    (look,) = _looks(sb, [sb.url(world.OUTLET_HOST, "/products.html")], policy=policy)
    state, reason, _ = classify(look, None)
    if mode == "garbage":  # an answer (200) that is not the page: recorded as changed/live
        assert state in ("live", "changed") and look.http_status == 200
        return
    assert state == "error", (state, reason)
    assert reason


def test_recheck_retries_a_429_honouring_retry_after(sb: Sandbox) -> None:
    sb.set_fault("sites", "ratelimited", times=2, retry_after=1)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    (look,) = _looks(
        sb, [sb.url(world.OUTLET_HOST)], policy=RetryPolicy(attempts=3, base=0.01, sleep=sleep)
    )
    assert look.http_status == 200 and waits == [1.0, 1.0]
    assert classify(look, None)[0] == "live"


def test_recheck_circuit_opens_for_a_failing_host(sb: Sandbox) -> None:
    sb.set_fault("sites", "drop")
    urls = [sb.url(world.OUTLET_HOST, f"/p{i}.html") for i in range(8)]
    breaker = CircuitBreaker(threshold=3, cooldown=60)

    async def run() -> list[Look]:
        async with sb.async_httpx_client(timeout=0.7) as client:
            policy = RetryPolicy(attempts=1, sleep=_no_sleep)
            return await fetch_all(client, urls, 1, policy=policy, breaker=breaker)

    looks = asyncio.run(run())
    assert all(classify(look, None)[0] == "error" for look in looks)
    assert sum("circuit open" in (look.error or "") for look in looks) == 5
    assert sb.service("sites").faults.served["drop"] == 3  # type: ignore[attr-defined]


def test_wait_honours_retry_after_and_jitters_otherwise() -> None:
    assert wait_for(0.5, 3.0, rng=lambda: 0.9) == 3.0
    assert wait_for(1.0, None, jitter=0.5, rng=lambda: 1.0) == 1.5
    assert wait_for(1.0, None, jitter=0.5, rng=lambda: 0.0) == 1.0
    assert wait_for(40.0, None, max_wait=30.0) == 30.0
    socket.setdefaulttimeout(None)


def test_a_failing_tsa_is_left_alone_for_a_while_then_asked_again(sb: Sandbox) -> None:
    """Per-authority circuit breaking: after three failures a bulk run stops waiting
    out the timeout for every item; after the pause one stamp is tried again."""
    import time

    tsa_service = sb.service("tsa")
    breaker = CircuitBreaker(threshold=3, cooldown=1.0)
    tsa = TsaClient(
        tsa_service.url,  # type: ignore[attr-defined]
        tsa_service.ca_cert_path,  # type: ignore[attr-defined]
        timeout=0.4,
        breaker=breaker,
    )
    try:
        sb.set_fault("tsa", "slow", slow_seconds=1.5)
        waited = []
        for n in range(5):
            t0 = time.perf_counter()
            with pytest.raises(TimestampUnavailable) as failed:
                tsa.stamp(f"item {n}".encode())
            waited.append(time.perf_counter() - t0)
            if n >= 3:
                assert "failed repeatedly" in str(failed.value)
        assert min(waited[:3]) >= 0.35 and max(waited[3:]) < 0.05  # no more waiting
        sb.set_fault("tsa", "ok")
        time.sleep(1.1)  # the pause ends: the next stamp is tried, and works
        token = tsa.stamp(b"after the pause")
        assert token.gen_time is not None and not breaker.is_open(tsa.url)
    finally:
        tsa.close()


def test_a_capture_run_stops_waiting_on_a_stalling_site(sb: Sandbox, tmp_path: Path) -> None:
    """Per-host circuit breaking in a capture run: after five captures of a host in a
    row end short, its other URLs fail at once, with the reason; a later run tries
    them again."""
    import time

    from rightsguard.domain.enums import CaptureStatus
    from rightsguard.evidence.capture import HOST_FAILURES, CaptureOptions, capture_urls
    from rightsguard.evidence.limits import CaptureLimits

    options = CaptureOptions(
        mode="http",
        concurrency=1,
        allow_private=True,
        resolver=sb.map().static_resolver(),
        limits=CaptureLimits(timeout=1, settle=1),
        processes=1,
    )
    urls = [(sb.url(world.OUTLET_HOST, f"/?n={n}"), None) for n in range(12)]
    sb.set_fault("sites", "slow", slow_seconds=3.0)
    t0 = time.perf_counter()
    outcomes = capture_urls(BlobStore(tmp_path / "a"), urls, options)
    took = time.perf_counter() - t0
    short = [o for o in outcomes if o.status is CaptureStatus.PARTIAL]
    skipped = [o for o in outcomes if "not tried" in (o.reason or "")]
    assert len(short) == HOST_FAILURES and all("time limit" in (o.reason or "") for o in short)
    assert len(skipped) == len(urls) - HOST_FAILURES
    assert all(o.status is CaptureStatus.FAILED for o in skipped)
    assert took < HOST_FAILURES * 1.0 + 3.0, f"{took:.1f} s: the stalled site was waited on"
    sb.set_fault("sites", "ok")
    again = capture_urls(BlobStore(tmp_path / "b"), urls, options)
    assert {o.status for o in again} == {CaptureStatus.COMPLETE}


def test_an_unreachable_mail_server_is_left_alone_for_a_while(sb: Sandbox) -> None:
    """Per-server circuit breaking for SMTP: three failures to reach it, then sends fail
    at once with the reason; a refusal (the server answered) does not count."""
    import time
    from email.message import EmailMessage

    ep = sb.endpoints()["smtp.smtp"]

    def config(port: int, timeout: float = 0.5) -> SmtpConfig:
        return SmtpConfig(
            ep.host, port, False, True, smtp.USER, smtp.PASSWORD, "legal@aurorix.com",
            sb.ca_cert_path, timeout,
        )  # fmt: skip

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "legal@aurorix.com", "abuse@host.example", "n"
    msg.set_content("please remove")
    breaker = CircuitBreaker(threshold=3, cooldown=1.0)
    with socket.socket() as s:  # a port nothing listens on
        s.bind((ep.host, 0))
        dead = s.getsockname()[1]
    for _ in range(3):
        with pytest.raises(DispatchFailed, match="cannot deliver"):
            send_message(config(dead), msg, breaker)
    t0 = time.perf_counter()
    with pytest.raises(DispatchFailed, match="not tried until its pause ends"):
        send_message(config(dead), msg, breaker)
    assert time.perf_counter() - t0 < 0.05
    # A server that answers with a refusal is reachable: its circuit stays closed.
    sb.set_fault("smtp", "down")
    for _ in range(4):
        with pytest.raises(DispatchFailed, match="421"):
            send_message(config(ep.port), msg, breaker)
    assert not breaker.is_open(f"{ep.host}:{ep.port}")
    sb.set_fault("smtp", "ok")
    send_message(config(ep.port), msg, breaker)
    time.sleep(1.1)  # the dead server's pause ends: it is tried (and fails) again
    with pytest.raises(DispatchFailed, match="cannot deliver"):
        send_message(config(dead), msg, breaker)


def test_identify_stops_waiting_on_a_resolver_that_does_not_answer(sb: Sandbox) -> None:
    """Per-resolver circuit breaking in identification's DNS lookups: three timeouts,
    then every record type says CircuitOpen at once; after the pause it is asked."""
    import time

    from rightsguard.identify.network import dns_records
    from rightsguard.net.nameservers import resolver_from

    ep = sb.endpoints()["dns.dns"]
    resolver = resolver_from([f"{ep.host}:{ep.port}"], timeout=0.3)
    breaker = CircuitBreaker(threshold=3, cooldown=1.0)
    sb.set_fault("dns", "down")
    first = dns_records(world.OUTLET_HOST, resolver, ("A", "AAAA", "MX", "NS"), breaker)
    assert [first.errors[t] for t in ("A", "AAAA", "MX")] == ["LifetimeTimeout"] * 3
    assert first.errors["NS"] == "CircuitOpen"
    t0 = time.perf_counter()
    second = dns_records(world.OUTLET_HOST, resolver, ("A", "MX"), breaker)
    assert set(second.errors.values()) == {"CircuitOpen"} and time.perf_counter() - t0 < 0.05
    sb.set_fault("dns", "ok")
    time.sleep(1.1)
    again = dns_records(world.OUTLET_HOST, resolver, ("A",), breaker)
    assert again.exists and again.records["A"] and not again.errors
