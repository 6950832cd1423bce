"""DNS checking against a real authoritative server (NSD) on loopback."""

from __future__ import annotations

import asyncio

import idna
import pytest

from rightsguard.discover import check_domains, discovered_rows, parse_resolver
from rightsguard.discover.dnscheck import RETRY_CONCURRENCY, DnsResult, check_candidates
from rightsguard.discover.model import Candidate
from rightsguard.discover.nsd import LocalNsd, free_port
from rightsguard.discover.results import assess_all
from rightsguard.domain.errors import InvalidValue
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.identify.errors import LookupFailed


@pytest.mark.parametrize("backend", ["cares", "aiodns", "dnspython"])
def test_finds_every_registered_lookalike(
    nsd: LocalNsd,
    registered: set[str],
    brand_candidates: list[Candidate],
    brand_results: list[DnsResult],
    backend: str,
) -> None:
    candidates = brand_candidates
    if backend == "cares":  # the default backend: the session's shared run
        results = brand_results
    else:  # the registered ones and a slice of the rest
        candidates = [c for c in candidates if c.domain in registered] + candidates[:1500]
        results = check_domains(candidates, resolvers=[nsd.resolver], backend=backend)
    assert len(results) == len(candidates)
    assert [r.candidate for r in results] == candidates  # order kept
    assert not [r for r in results if r.error]
    found = {r.candidate.domain for r in results if r.registered}
    assert found == registered  # the unrelated names are never candidates
    by_name = {r.candidate.domain: r for r in results}
    hit = by_name["jiguang-guanwang.cn"]
    assert hit.records["A"] == ("127.0.0.80",)
    assert hit.records["AAAA"] == ("::1",)
    assert hit.records["MX"][0].startswith("10 mail.jiguang-guanwang.cn")
    assert "NS" not in hit.records  # NSD answers NODATA for NS below the apex


def test_rows_for_the_importer(brand_results: list[DnsResult], registered: set[str]) -> None:
    results = brand_results
    rows = discovered_rows(results)
    assert {r["url"] for r in rows} == registered
    for row in rows:
        draft = parse_target_row(row)
        assert draft.kind.value == "domain" and draft.control.value == "infringer"
        assert "score" in row["note"]
    trad = next(r for r in rows if r["url"] == idna.encode("極光.cn").decode())
    assert trad["title"].startswith("極光.cn")
    best = assess_all(results)
    assert best[0].score >= best[-1].score
    assert all(a.registered for a in best)
    assert any("receives mail" in reason for reason in best[0].reasons)


@pytest.mark.parametrize("backend", ["cares", "aiodns", "dnspython"])
def test_timeouts_become_errors_not_exceptions(backend: str) -> None:
    port = free_port("127.0.0.1")  # nothing listens there
    cands = [Candidate("aurrix.com", "aurrix.com", "omission", "aurorix.com")]
    results = check_domains(
        cands, resolvers=[f"127.0.0.1:{port}"], timeout=0.2, tries=1, backend=backend
    )
    assert results[0].registered is False and results[0].error


def test_concurrency_is_bounded() -> None:
    in_flight = 0
    peak = 0

    class Slow:
        async def lookup(self, name: str, rtype: str) -> tuple[str, ...]:
            nonlocal in_flight, peak
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.001)
            in_flight -= 1
            return ("127.0.0.1",) if rtype == "A" else ()

        async def close(self) -> None:
            return None

    cands = [Candidate(f"x{i}.com", f"x{i}.com", "addition", "x.com") for i in range(50)]
    results: list[DnsResult] = asyncio.run(check_candidates(cands, Slow(), concurrency=5))
    assert all(r.registered for r in results)
    assert peak <= 5 * 3  # A, AAAA and MX of one name go together


@pytest.mark.parametrize(
    ("text", "host", "port"),
    [
        ("127.0.0.1", "127.0.0.1", 53),
        ("127.0.0.54:5353", "127.0.0.54", 5353),
        ("[::1]:53", "::1", 53),
    ],
)
def test_parse_resolver(text: str, host: str, port: int) -> None:
    addr = parse_resolver(text)
    assert (addr.host, addr.port) == (host, port)


@pytest.mark.parametrize("text", ["dns.google", "127.0.0.1:0", "127.0.0.1:x", ""])
def test_bad_resolver(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_resolver(text)


def test_names_that_timed_out_are_asked_once_more_gently() -> None:
    asked: dict[str, int] = {}
    in_flight = 0
    peak_after_first_pass = 0
    first_pass_done = False
    heard: list[str] = []

    class Overwhelmed:
        """Times out on the first question about some names; answers the second."""

        async def lookup(self, name: str, rtype: str) -> tuple[str, ...]:
            nonlocal in_flight, peak_after_first_pass
            in_flight += 1
            if first_pass_done:
                peak_after_first_pass = max(peak_after_first_pass, in_flight)
            try:
                await asyncio.sleep(0.001)
                key = f"{name}/{rtype}"
                asked[key] = asked.get(key, 0) + 1
                failing = name.startswith("dead") or (name.startswith("slow") and asked[key] == 1)
                if failing and rtype == "A":
                    raise LookupFailed("Timeout while contacting DNS servers", lookup="dns")
                return ("127.0.0.1",) if rtype in ("NS", "A") else ()
            finally:
                in_flight -= 1

        async def close(self) -> None:
            return None

    def hear(result: DnsResult) -> None:
        nonlocal first_pass_done
        heard.append(result.candidate.domain)
        first_pass_done = len(heard) == len(cands)

    cands = [Candidate(f"ok{i}.com", f"ok{i}.com", "addition", "x.com") for i in range(60)]
    cands += [Candidate(f"slow{i}.com", f"slow{i}.com", "addition", "x.com") for i in range(30)]
    cands.append(Candidate("dead.com", "dead.com", "addition", "x.com"))
    results = asyncio.run(check_candidates(cands, Overwhelmed(), concurrency=200, on_result=hear))
    by_name = {r.candidate.domain: r for r in results}
    assert [r.candidate.domain for r in results] == [c.domain for c in cands]  # order kept
    assert all(by_name[f"slow{i}.com"].error is None for i in range(30))  # the second look
    assert all(by_name[f"slow{i}.com"].records.get("A") for i in range(30))
    assert by_name["dead.com"].error and "A: Timeout" in by_name["dead.com"].error
    assert asked["dead.com/A"] == 2 and asked["ok1.com/A"] == 1  # only failures asked again
    assert sorted(heard) == sorted(c.domain for c in cands)  # each name heard once
    assert 0 < peak_after_first_pass <= RETRY_CONCURRENCY * 3


def test_a_resolver_that_is_down_is_not_asked_everything_twice() -> None:
    asked = 0

    class Down:
        async def lookup(self, name: str, rtype: str) -> tuple[str, ...]:
            nonlocal asked
            asked += 1
            raise LookupFailed("Timeout while contacting DNS servers", lookup="dns")

        async def close(self) -> None:
            return None

    cands = [Candidate(f"x{i}.com", f"x{i}.com", "addition", "x.com") for i in range(600)]
    results = asyncio.run(check_candidates(cands, Down(), concurrency=50))
    assert all(r.error and not r.registered for r in results)
    assert asked == 600  # one NS question each: no second look when most failed
