"""Domain discovery: look-alike names of a brand, and which are registered.

Public surface (what the CLI, jobs and other layers call):

* ``parse_seed(text) -> Seed`` and ``seeds_for_mark(mark) -> list[Seed]``:
  seeds from a domain or URL, or from a right's mark (``极光`` -> ``极光.com``,
  ``极光.cn``). Bad input raises ``InvalidValue``.
* ``generate(seeds, fuzzers=None) -> list[Candidate]``: every look-alike,
  each once with the fuzzer that made it, IDNA-valid, never a seed.
  ``FUZZERS`` names the fuzzers (``SHARED_FUZZERS``: the families dnstwist
  also has; ``EXTRA_FUZZERS``: affixes, numbers and Chinese marks).
* ``check_domains(candidates, resolvers=..., concurrency=...) -> list[DnsResult]``:
  NS, A, AAAA and MX over DNS, concurrently (aiodns by default).
* ``page.look_at_pages(results, seed_results, marks=...)``: the right's marks
  and the brand's favicon on registered look-alikes' pages (optional).
* ``assess_all(results, pages=...) -> list[Assessment]`` (score and reasons) and
  ``discovered_rows(results) -> list[dict]``: rows for the target importer.
"""

from __future__ import annotations

from rightsguard.discover.dnscheck import DnsResult, check_domains, parse_resolver
from rightsguard.discover.generate import (
    EXTRA_FUZZERS,
    FUZZERS,
    SHARED_FUZZERS,
    generate,
    seeds_for_mark,
)
from rightsguard.discover.model import Candidate, Seed, parse_seed
from rightsguard.discover.results import Assessment, assess, assess_all, discovered_rows

__all__ = [
    "EXTRA_FUZZERS",
    "FUZZERS",
    "SHARED_FUZZERS",
    "Assessment",
    "Candidate",
    "DnsResult",
    "Seed",
    "assess",
    "assess_all",
    "check_domains",
    "discovered_rows",
    "generate",
    "parse_resolver",
    "parse_seed",
    "seeds_for_mark",
]
