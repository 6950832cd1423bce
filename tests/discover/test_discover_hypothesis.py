"""Any seed text gives valid candidates or a clean InvalidValue."""

from __future__ import annotations

import idna
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightsguard.discover import generate, parse_seed
from rightsguard.domain.errors import InvalidValue

FAST = ["omission", "hyphenation", "tld-swap", "pinyin", "simp-trad", "homoglyph", "cyrillic"]

labels = st.text(
    alphabet=st.sampled_from([*"abcxyz019-极光長城é", "ı", "а"]), min_size=1, max_size=12
)
seeds = st.one_of(
    st.text(max_size=40),
    st.builds(lambda a, b: f"{a}.{b}", labels, st.sampled_from(["com", "cn", "com.cn", "中国"])),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seeds)
def test_any_seed_gives_candidates_or_invalid_value(text: str) -> None:
    try:
        seed = parse_seed(text)
    except InvalidValue:
        return
    candidates = generate([seed], FAST)
    domains = [c.domain for c in candidates]
    assert len(domains) == len(set(domains))
    assert seed.ascii not in domains
    for c in candidates[:200]:
        assert idna.encode(c.unicode, uts46=False).decode() == c.domain


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seeds)
def test_every_fuzzer_on_any_seed(text: str) -> None:
    try:
        seed = parse_seed(text)
    except InvalidValue:
        return
    candidates = generate([seed])
    assert seed.ascii not in {c.domain for c in candidates}
