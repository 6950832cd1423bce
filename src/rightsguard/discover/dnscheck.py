"""Which candidates are registered: concurrent DNS look-ups (asyncio).

For each candidate the checker asks for NS first; NXDOMAIN means the name
does not exist and nothing more is asked. Otherwise A, AAAA and MX are asked
together. A candidate with any record is *registered*. Timeouts and server
failures are kept as the result's ``error``, never raised.

Three backends answer the same ``LookupBackend`` protocol, chosen by
measurement against NSD on loopback (19,343 names, NS then A/AAAA/MX):

* ``cares`` (default): pycares driven by the event loop, ~20,000-27,000
  names/s and the least CPU per name;
* ``aiodns``: aiodns, c-ares in a helper thread, ~19,000-20,000 names/s, about
  15% more CPU per name;
* ``dnspython``: dnspython's asyncio resolver, ~2,200 names/s.
The resolver is chosen by ``--resolver``, else the ``dns_resolvers`` setting,
else the system's resolv.conf.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from rightsguard.discover.model import Candidate
from rightsguard.domain.errors import InvalidValue
from rightsguard.identify.errors import LookupFailed

RECORD_TYPES = ("NS", "A", "AAAA", "MX")
DEFAULT_CONCURRENCY = 200
DEFAULT_TIMEOUT = 2.0
DEFAULT_TRIES = 2
#: The second look at names whose lookups failed: how many at once, and up to how
#: many names (or a tenth of the run, if more) before the resolver counts as down.
RETRY_CONCURRENCY = 20
RETRY_AT_MOST = 50


class NoSuchName(Exception):
    """NXDOMAIN: the name does not exist."""


@dataclass(frozen=True, slots=True)
class ResolverAddress:
    host: str
    port: int = 53

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def parse_resolver(text: str) -> ResolverAddress:
    """``host``, ``host:port``, ``[v6]`` or ``[v6]:port``; the host must be an IP address."""
    raw = text.strip()
    host, port_text = raw, ""
    if raw.startswith("["):
        host, _, rest = raw[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else rest
    elif raw.count(":") == 1:
        host, port_text = raw.split(":")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise InvalidValue(
            "resolver", f"{text!r} is not an IP address (host or host:port)"
        ) from None
    port = 53
    if port_text:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise InvalidValue("resolver", f"{text!r} has a bad port")
        port = int(port_text)
    return ResolverAddress(host, port)


class LookupBackend(Protocol):
    async def lookup(self, name: str, rtype: str) -> tuple[str, ...]:
        """Records' texts (empty: no data); ``NoSuchName`` or ``identify.errors.LookupFailed``."""
        ...

    async def close(self) -> None: ...


class AresBackend:
    """aiodns (c-ares in a helper thread). All resolvers must share one port."""

    def __init__(
        self,
        resolvers: Sequence[ResolverAddress] = (),
        *,
        timeout: float = DEFAULT_TIMEOUT,
        tries: int = DEFAULT_TRIES,
    ) -> None:
        import aiodns

        ports = {r.port for r in resolvers}
        if len(ports) > 1:
            raise InvalidValue("resolver", "with c-ares, all resolvers must use the same port")
        port = ports.pop() if ports else None
        servers = [r.host for r in resolvers] or None
        self._resolver = aiodns.DNSResolver(
            nameservers=servers, timeout=timeout, tries=tries, udp_port=port, tcp_port=port
        )

    async def lookup(self, name: str, rtype: str) -> tuple[str, ...]:
        import aiodns

        try:
            result = await self._resolver.query_dns(name, rtype)
        except aiodns.error.DNSError as exc:
            code = exc.args[0] if exc.args else None
            if code in (aiodns.error.ARES_ENOTFOUND, aiodns.error.ARES_ENONAME):
                raise NoSuchName(name) from None
            if code == aiodns.error.ARES_ENODATA:
                return ()
            raise LookupFailed(
                str(exc.args[1] if len(exc.args) > 1 else exc), lookup="dns"
            ) from None
        return tuple(_ares_text(rr) for rr in result.answer if _ares_type(rr) == rtype)

    async def close(self) -> None:
        await self._resolver.close()


class CaresBackend:
    """pycares (c-ares) driven by the event loop itself: no helper thread.

    aiodns runs c-ares in its own thread and hands every answer to the loop
    through ``call_soon_threadsafe`` (a wake-up per answer); here the loop
    watches c-ares' sockets and one wake-up settles every answer that arrived,
    which costs less CPU per name. All resolvers must share one port.
    """

    def __init__(
        self,
        resolvers: Sequence[ResolverAddress] = (),
        *,
        timeout: float = DEFAULT_TIMEOUT,
        tries: int = DEFAULT_TRIES,
    ) -> None:
        import pycares

        ports = {r.port for r in resolvers}
        if len(ports) > 1:
            raise InvalidValue("resolver", "with c-ares, all resolvers must use the same port")
        port = ports.pop() if ports else None
        self._loop = asyncio.get_running_loop()
        self._timeout = timeout
        self._fds: set[int] = set()
        self._timer: asyncio.TimerHandle | None = None
        self._channel = pycares.Channel(
            timeout=timeout,
            tries=tries,
            udp_port=port,
            tcp_port=port,
            servers=[r.host for r in resolvers] or None,
            sock_state_cb=self._sock_state,
        )

    def _sock_state(self, fd: int, readable: bool, writable: bool) -> None:  # noqa: FBT001
        import pycares

        if readable or writable:
            if fd not in self._fds:
                self._fds.add(fd)
                self._loop.add_reader(fd, self._channel.process_fd, fd, pycares.ARES_SOCKET_BAD)
            if writable:
                self._loop.add_writer(fd, self._channel.process_fd, pycares.ARES_SOCKET_BAD, fd)
            else:
                self._loop.remove_writer(fd)
            if self._timer is None:
                self._timer = self._loop.call_later(min(self._timeout, 1.0) / 2, self._tick)
        elif fd in self._fds:
            self._fds.discard(fd)
            self._loop.remove_reader(fd)
            self._loop.remove_writer(fd)

    def _tick(self) -> None:
        import pycares

        self._timer = None
        if self._fds:
            self._channel.process_fd(pycares.ARES_SOCKET_BAD, pycares.ARES_SOCKET_BAD)
            if self._timer is None and self._fds:
                self._timer = self._loop.call_later(min(self._timeout, 1.0) / 2, self._tick)

    async def lookup(self, name: str, rtype: str) -> tuple[str, ...]:
        import pycares

        future: asyncio.Future[object] = self._loop.create_future()

        def done(result: object, error: int | None) -> None:
            if future.done():
                return
            if error is not None:
                future.set_exception(_CaresError(error))
            else:
                future.set_result(result)

        qtype = getattr(pycares, f"QUERY_TYPE_{rtype}")
        self._channel.query(name, qtype, callback=done)
        try:
            result = await future
        except _CaresError as exc:
            if exc.code in (pycares.errno.ARES_ENOTFOUND, pycares.errno.ARES_ENONAME):
                raise NoSuchName(name) from None
            if exc.code == pycares.errno.ARES_ENODATA:
                return ()
            raise LookupFailed(str(pycares.errno.strerror(exc.code)), lookup="dns") from None
        answer = getattr(result, "answer", ())
        return tuple(_ares_text(rr) for rr in answer if _ares_type(rr) == rtype)

    async def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        for fd in list(self._fds):
            self._loop.remove_reader(fd)
            self._loop.remove_writer(fd)
        self._fds.clear()
        self._channel.cancel()
        self._channel.close()


class _CaresError(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _ares_type(rr: object) -> str:
    import pycares

    rtype = getattr(rr, "type", None)
    names = {pycares.QUERY_TYPE_A: "A", pycares.QUERY_TYPE_AAAA: "AAAA"}
    names |= {pycares.QUERY_TYPE_MX: "MX", pycares.QUERY_TYPE_NS: "NS"}
    return names.get(rtype, str(rtype)) if isinstance(rtype, int) else str(rtype)


def _ares_text(rr: object) -> str:
    data = getattr(rr, "data", None)
    for attr in ("addr", "nsdname", "exchange"):
        value = getattr(data, attr, None)
        if value is not None:
            pref = getattr(data, "priority", None)
            text = str(value)
            return f"{pref} {text}" if attr == "exchange" and pref is not None else text
    return str(data)


class DnspythonBackend:
    """dnspython's asyncio resolver (pure Python; any port per resolver)."""

    def __init__(
        self,
        resolvers: Sequence[ResolverAddress] = (),
        *,
        timeout: float = DEFAULT_TIMEOUT,
        tries: int = DEFAULT_TRIES,
    ) -> None:
        import dns.asyncresolver

        self._resolver = dns.asyncresolver.Resolver(configure=not resolvers)
        if resolvers:
            self._resolver.nameservers = [r.host for r in resolvers]
            self._resolver.port = resolvers[0].port
        self._resolver.timeout = timeout
        self._resolver.lifetime = timeout * tries
        self._resolver.cache = None

    async def lookup(self, name: str, rtype: str) -> tuple[str, ...]:
        import dns.exception
        import dns.resolver

        try:
            answer = await self._resolver.resolve(name, rtype, search=False)
        except dns.resolver.NXDOMAIN:
            raise NoSuchName(name) from None
        except dns.resolver.NoAnswer:
            return ()
        except (dns.exception.DNSException, OSError) as exc:
            raise LookupFailed(str(exc), lookup="dns") from None
        return tuple(rr.to_text() for rr in answer)

    async def close(self) -> None:
        return None


BACKENDS: dict[str, Callable[..., LookupBackend]] = {
    "cares": CaresBackend,
    "aiodns": AresBackend,
    "dnspython": DnspythonBackend,
}


@dataclass(frozen=True, slots=True)
class DnsResult:
    """What DNS said about one candidate."""

    candidate: Candidate
    registered: bool
    records: dict[str, tuple[str, ...]] = field(default_factory=dict)
    error: str | None = None


async def check_one(backend: LookupBackend, candidate: Candidate) -> DnsResult:
    name = candidate.domain
    try:
        ns = await backend.lookup(name, "NS")
    except NoSuchName:
        return DnsResult(candidate, registered=False)
    except LookupFailed as exc:
        return DnsResult(candidate, registered=False, error=f"NS: {exc}")
    records: dict[str, tuple[str, ...]] = {"NS": ns} if ns else {}
    rest = RECORD_TYPES[1:]
    answers = await asyncio.gather(*(backend.lookup(name, t) for t in rest), return_exceptions=True)
    errors = []
    for rtype, answer in zip(rest, answers, strict=True):
        if isinstance(answer, tuple):
            if answer:
                records[rtype] = answer
        elif isinstance(answer, NoSuchName | LookupFailed):
            if isinstance(answer, LookupFailed):
                errors.append(f"{rtype}: {answer}")
        else:
            raise answer
    return DnsResult(
        candidate,
        registered=bool(records),
        records=records,
        error="; ".join(errors) or None,
    )


async def check_candidates(
    candidates: Sequence[Candidate],
    backend: LookupBackend,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_result: Callable[[DnsResult], None] | None = None,
) -> list[DnsResult]:
    """Check every candidate with at most ``concurrency`` in flight; input order kept.

    Names whose lookups failed (a timeout, a refusal) are asked once more at the end
    with at most ``RETRY_CONCURRENCY`` in flight, when they are a few: a resolver that
    fell behind in the burst usually answers then. When most failed, the resolver
    is down, and the errors stand. ``on_result`` hears each name once, first answer."""
    if concurrency < 1:
        raise InvalidValue("concurrency", "must be at least 1")
    results = await _check_all(candidates, backend, concurrency, on_result)
    failed = [i for i, r in enumerate(results) if r.error]
    if failed and len(failed) <= max(RETRY_AT_MOST, len(candidates) // 10):
        again = await _check_all(
            [candidates[i] for i in failed], backend, min(concurrency, RETRY_CONCURRENCY), None
        )
        for index, result in zip(failed, again, strict=True):
            results[index] = result
    return results


async def _check_all(
    candidates: Sequence[Candidate],
    backend: LookupBackend,
    concurrency: int,
    on_result: Callable[[DnsResult], None] | None,
) -> list[DnsResult]:
    results: list[DnsResult | None] = [None] * len(candidates)
    next_index = 0

    async def worker() -> None:
        nonlocal next_index
        while next_index < len(candidates):
            index = next_index
            next_index += 1
            result = await check_one(backend, candidates[index])
            results[index] = result
            if on_result is not None:
                on_result(result)

    await asyncio.gather(*(worker() for _ in range(min(concurrency, len(candidates)))))
    return [r for r in results if r is not None]


def check_domains(
    candidates: Sequence[Candidate],
    *,
    resolvers: Sequence[str] = (),
    backend: str = "cares",
    concurrency: int = DEFAULT_CONCURRENCY,
    timeout: float = DEFAULT_TIMEOUT,
    tries: int = DEFAULT_TRIES,
    on_result: Callable[[DnsResult], None] | None = None,
) -> list[DnsResult]:
    """Synchronous entry point: make a backend, check, close it."""
    if backend not in BACKENDS:
        raise InvalidValue("backend", f"{backend!r} is not one of {', '.join(BACKENDS)}")
    addresses = [parse_resolver(r) for r in resolvers]

    async def run() -> list[DnsResult]:
        client = BACKENDS[backend](addresses, timeout=timeout, tries=tries)
        try:
            return await check_candidates(
                candidates, client, concurrency=concurrency, on_result=on_result
            )
        finally:
            await client.close()

    return asyncio.run(run())
