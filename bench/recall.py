"""Recall of real disputed look-alike domains: our combination generator against dnstwist.

``bench/data/disputed_domains.csv`` lists look-alike domains that brand owners
took to domain-dispute panels (WIPO, the Forum, the Czech Arbitration Court,
Nominet), each with the decision and the public page it was read from. For
each brand, both tools start from the brand's own domain:

* ours: ``discover.combos`` with the brand's Nice classes and ``--budget``
  names (the likeliest first), plus, in the "all" column, every other fuzzer
  of ``discover.generate``;
* dnstwist: all its fuzzers, given our dictionary and TLD list (the most it
  can make).

A disputed domain counts as found when a tool's candidates hold it exactly
(full name, TLD included). The table prints, per brand, the disputed names,
each tool's candidates and found names, recall, and ours/dnstwist.

Run: ``.venv/bin/python bench/recall.py [--budget N] [--year Y]`` (no network).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

import dnstwist  # type: ignore[import-untyped]

from rightsguard.discover import generate, parse_seed
from rightsguard.discover.combos import combos
from rightsguard.discover.words import dictionary_words, tld_list

DATA = Path(__file__).with_name("data") / "disputed_domains.csv"
#: brand -> (the brand's own domain, its Nice classes, the year its cases were filed around).
BRANDS: dict[str, tuple[str, tuple[int, ...], int]] = {
    "pandora": ("pandora.net", (14,), 2021),
    "skechers": ("skechers.com", (25,), 2023),
    "ugg": ("ugg.com", (25,), 2010),
    "louisvuitton": ("louisvuitton.com", (18,), 2010),
    "moncler": ("moncler.com", (25,), 2010),
    "manoloblahnik": ("manoloblahnik.com", (25,), 2018),
    "karenmillen": ("karenmillen.com", (25,), 2012),
    "longchamp": ("longchamp.com", (18,), 2006),
    "lancaster": ("lancaster.com", (18,), 2025),
}


def disputed() -> dict[str, set[str]]:
    by_brand: dict[str, set[str]] = defaultdict(set)
    with DATA.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            by_brand[row["brand"]].add(row["domain"].strip().lower())
    return by_brand


def dnstwist_names(domain: str) -> set[str]:
    fuzz = dnstwist.Fuzzer(domain, dictionary=dictionary_words(), tld_dictionary=list(tld_list()))
    fuzz.generate()
    return {p["domain"] for p in fuzz.domains if p["fuzzer"] != "*original"}


def ours(domain: str, classes: tuple[int, ...], year: int, budget: int) -> set[str]:
    seed = parse_seed(domain)
    return {r.candidate.domain for r in combos([seed], year=year, budget=budget, classes=classes)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=int, default=10_000, help="combination names per brand")
    parser.add_argument("--year", type=int, default=None, help="one year for every brand")
    parser.add_argument("--with-fuzzers", action="store_true", help="add our other fuzzers")
    args = parser.parse_args(argv)
    truth = disputed()
    header = (
        f"{'brand':<14}{'disputed':>9}{'dnstwist':>10}{'found':>6}{'recall':>8}"
        f"{'ours':>8}{'found':>6}{'recall':>8}{'ratio':>7}"
    )
    print(f"budget {args.budget} combination names per brand")
    print(header)
    totals = [0, 0, 0, 0, 0]
    for brand, (domain, classes, year) in BRANDS.items():
        names = truth.get(brand, set())
        if not names:
            continue
        theirs = dnstwist_names(domain)
        mine = ours(domain, classes, args.year or year, args.budget)
        if args.with_fuzzers:
            mine |= {c.domain for c in generate([parse_seed(domain)])}
        found_t = len(names & theirs)
        found_o = len(names & mine)
        ratio = f"{found_o / found_t:.1f}x" if found_t else ("inf" if found_o else "-")
        print(
            f"{brand:<14}{len(names):>9}{len(theirs):>10}{found_t:>6}{found_t / len(names):>8.0%}"
            f"{len(mine):>8}{found_o:>6}{found_o / len(names):>8.0%}{ratio:>7}"
        )
        for i, value in enumerate((len(names), len(theirs), found_t, len(mine), found_o)):
            totals[i] += value
    n, t, ft, o, fo = totals
    ratio = f"{fo / ft:.1f}x" if ft else ("inf" if fo else "-")
    print(
        f"{'all':<14}{n:>9}{t:>10}{ft:>6}{ft / max(n, 1):>8.0%}"
        f"{o:>8}{fo:>6}{fo / max(n, 1):>8.0%}{ratio:>7}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
