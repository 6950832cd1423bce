"""Each Latin fuzzer: expected look-alikes, IDNA validity, no duplicates, never the seed."""

from __future__ import annotations

import idna
import pytest

from rightsguard.discover import FUZZERS, SHARED_FUZZERS, generate, parse_seed
from rightsguard.discover.generate import generate_one
from rightsguard.discover.typo import keyboard_neighbours
from rightsguard.domain.errors import InvalidValue

SEED = "aurorix.com"

EXPECTED: dict[str, set[str]] = {
    "addition": {"aurorixa.com", "aurorix1.com"},
    "bitsquatting": {"curorix.com", "aurorhx.com"},
    "homoglyph": {"aurorlx.com", "aur0rix.com", "aur0r1x.com", "аurorix.com", "aurorıx.com"},
    "hyphenation": {"au-rorix.com", "auror-ix.com"},
    "insertion": {"aqurorix.com", "aurorixz.com"},
    "omission": {"aurrix.com", "urorix.com", "aurori.com"},
    "plural": {"aurorixes.com", "aurorsix.com"},
    "repetition": {"aurrorix.com", "aurorixx.com"},
    "replacement": {"surorix.com", "aurotix.com"},
    "subdomain": {"auror.ix.com", "a.urorix.com"},
    "transposition": {"uarorix.com", "auroirx.com"},
    "vowel-swap": {"aurorex.com", "eurorix.com"},
    "dictionary": {"aurorix-login.com", "myaurorix.com", "aurorixguanwang.com"},
    "tld-swap": {"aurorix.net", "aurorix.cn", "aurorix.com.cn", "aurorix.中国"},
    "various": {"aurorixcom.com"},
    "affix": {"aurorix-outlet.cn", "aurorix-official-store.com", "officialaurorix.com"},
    "numeric": {"aurorix888.com", "aurorix-520.cn", "aur0rix.com", "4ur0r1x.com"},
}


def names(seed: str, fuzzer: str) -> list[str]:
    return list(generate_one(parse_seed(seed), fuzzer))


def as_ascii(name: str) -> str:
    return idna.encode(name).decode() if not name.isascii() else name


@pytest.mark.parametrize("fuzzer", sorted(EXPECTED))
def test_expected_lookalikes(fuzzer: str) -> None:
    made = set(names(SEED, fuzzer))
    wanted = {as_ascii(n) for n in EXPECTED[fuzzer]}
    assert wanted <= made, wanted - made


def test_cyrillic_is_whole_label() -> None:
    made = set(names("apple.com", "cyrillic"))
    assert as_ascii("аррӏе.com") in made
    # aurorix has a u, which has no Cyrillic look-alike: no mixed-script label is made.
    assert names(SEED, "cyrillic") == []


def test_homoglyph_on_cn_uses_ascii_swaps_only() -> None:
    made = names("aurorix.cn", "homoglyph")
    assert "aur0rix.cn" in made
    assert all(n.isascii() and "xn--" not in n for n in made)


def test_keyboard_neighbours_from_rows() -> None:
    near = keyboard_neighbours()
    assert set("qwsz") <= set(near["a"])
    assert set(near["p"]) >= {"o", "l", "0"}


@pytest.mark.parametrize("seed", ["aurorix.com", "nike.com", "shop.huawei.com.cn", "极光.cn"])
@pytest.mark.parametrize("fuzzer", sorted(FUZZERS))
def test_valid_unique_never_the_seed(seed: str, fuzzer: str) -> None:
    parsed = parse_seed(seed)
    candidates = generate([parsed], [fuzzer])
    domains = [c.domain for c in candidates]
    assert len(domains) == len(set(domains))
    assert parsed.ascii not in domains
    for c in candidates:
        assert c.fuzzer == fuzzer
        assert c.seed == parsed.ascii
        assert idna.encode(c.unicode, uts46=False).decode() == c.domain
        assert idna.decode(c.domain) == c.unicode or c.domain == c.unicode


def test_generate_dedupes_across_fuzzers_and_seeds() -> None:
    seeds = [parse_seed("aurorix.com"), parse_seed("aurorix.cn")]
    candidates = generate(seeds)
    domains = [c.domain for c in candidates]
    assert len(domains) == len(set(domains))
    assert "aurorix.com" not in domains and "aurorix.cn" not in domains
    assert set(c.fuzzer for c in candidates) <= set(FUZZERS)


def test_shared_fuzzers_are_dnstwists_names() -> None:
    assert {"addition", "bitsquatting", "cyrillic", "homoglyph", "vowel-swap"} <= set(
        SHARED_FUZZERS
    )


def test_unknown_fuzzer_is_named() -> None:
    with pytest.raises(InvalidValue, match="nosuch"):
        generate([parse_seed(SEED)], ["nosuch"])


@pytest.mark.parametrize(
    ("raw", "domain"),
    [
        ("https://Shop.Aurorix.com/path?q=1", "shop.aurorix.com"),
        ("xn--54q120d.cn", "極光.cn"),
        ("aurorix.com.cn.", "aurorix.com.cn"),
    ],
)
def test_parse_seed(raw: str, domain: str) -> None:
    assert parse_seed(raw).domain == domain


def test_seed_split_at_two_label_suffix() -> None:
    seed = parse_seed("shop.aurorix.com.cn")
    assert (seed.sub, seed.label, seed.suffix) == ("shop", "aurorix", "com.cn")
    assert "shop.aurrix.com.cn" in names("shop.aurorix.com.cn", "omission")
    assert {"aurorixcom.cn", "aurorix.cn"} <= set(names("aurorix.com.cn", "various"))


@pytest.mark.parametrize("raw", ["", "  ", "nodot", "a..b", "-x.com", "http://", "x" * 300])
def test_bad_seeds(raw: str) -> None:
    with pytest.raises(InvalidValue):
        parse_seed(raw)
