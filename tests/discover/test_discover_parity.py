"""Our shared fuzzers make every candidate dnstwist makes (dnstwist: a dev-only tool)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from rightsguard.discover import SHARED_FUZZERS, parse_seed
from rightsguard.discover.generate import generate_one
from rightsguard.discover.words import dictionary_words, tld_list

dnstwist = pytest.importorskip("dnstwist")


@pytest.mark.parametrize(
    "seed",
    ["nike.com", "huawei.com", "aurorix.com", "极光.cn", "apple.com", "xiaomi.com.cn", "a-b.de"],
)
def test_superset_of_dnstwist_per_fuzzer(seed: str) -> None:
    fuzz = dnstwist.Fuzzer(seed, dictionary=dictionary_words(), tld_dictionary=list(tld_list()))
    fuzz.generate()
    theirs: dict[str, set[str]] = defaultdict(set)
    for perm in fuzz.domains:
        if perm["fuzzer"] != "*original":
            theirs[perm["fuzzer"]].add(perm["domain"])
    parsed = parse_seed(seed)
    for name, domains in theirs.items():
        assert name in SHARED_FUZZERS
        missing = domains - set(generate_one(parsed, name))
        assert not missing, (name, sorted(missing)[:5])
