"""The fuzzer registry and candidate generation (pure).

``FUZZERS`` maps a fuzzer's name to a function ``Seed -> Iterator[str]`` of
Unicode host names. ``generate`` runs the chosen fuzzers over the seeds and
keeps each name once, in ASCII (punycode) and Unicode, with the first fuzzer
that made it; names that are not valid IDNA 2008 host names and the seeds
themselves are dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from rightsguard.discover import chinese, typo, words
from rightsguard.discover.model import Candidate, Seed, parse_seed, to_ascii
from rightsguard.domain.errors import InvalidValue

Fuzzer = Callable[[Seed], Iterator[str]]

#: Families that dnstwist also has, under its names.
SHARED_FUZZERS: dict[str, Fuzzer] = {
    "addition": typo.addition,
    "bitsquatting": typo.bitsquatting,
    "cyrillic": typo.cyrillic,
    "homoglyph": typo.homoglyph,
    "hyphenation": typo.hyphenation,
    "insertion": typo.insertion,
    "omission": typo.omission,
    "plural": typo.plural,
    "repetition": typo.repetition,
    "replacement": typo.replacement,
    "subdomain": typo.subdomain,
    "transposition": typo.transposition,
    "vowel-swap": typo.vowel_swap,
    "dictionary": words.dictionary,
    "tld-swap": words.tld_swap,
    "various": typo.various,
}
#: Our own families: brand affixes, numbers, and Chinese marks.
EXTRA_FUZZERS: dict[str, Fuzzer] = {
    "affix": words.affix,
    "numeric": words.numeric,
    "pinyin": chinese.pinyin,
    "pinyin-affix": chinese.pinyin_affix,
    "pinyin-numeric": chinese.pinyin_numeric,
    "homophone": chinese.homophone,
    "simp-trad": chinese.simp_trad,
    "han-affix": chinese.han_affix,
}
FUZZERS: dict[str, Fuzzer] = {**EXTRA_FUZZERS, **SHARED_FUZZERS}
#: Suffixes a bare mark (no dot: ``极光``, ``AURORIX``) is tried under.
MARK_SUFFIXES = ("com", "cn")


def check_fuzzers(names: Iterable[str] | None) -> tuple[str, ...]:
    if names is None:
        return tuple(FUZZERS)
    chosen = tuple(dict.fromkeys(n.strip() for n in names if n.strip()))
    unknown = [n for n in chosen if n not in FUZZERS]
    if unknown:
        raise InvalidValue(
            "fuzzer", f"unknown fuzzer(s) {', '.join(unknown)}; known: {', '.join(FUZZERS)}"
        )
    return chosen


def seeds_for_mark(mark: str, suffixes: Sequence[str] = MARK_SUFFIXES) -> list[Seed]:
    """Seeds for a right's mark: a domain as it is, a bare word under ``suffixes``."""
    text = "".join(mark.split()).lower()
    if not text:
        raise InvalidValue("mark", "is empty")
    if "." in text:
        return [parse_seed(text)]
    return [parse_seed(f"{text}.{suffix}") for suffix in suffixes]


def generate_one(seed: Seed, fuzzer: str) -> Iterator[str]:
    """The valid ASCII names one fuzzer makes from one seed (duplicates possible)."""
    original = seed.ascii
    for name in FUZZERS[fuzzer](seed):
        ascii_name = to_ascii(name)
        if ascii_name is not None and ascii_name != original:
            yield ascii_name


def generate(seeds: Sequence[Seed], fuzzers: Iterable[str] | None = None) -> list[Candidate]:
    """Every look-alike of ``seeds``, each once, never a seed, all IDNA-valid."""
    chosen = check_fuzzers(fuzzers)
    originals = {seed.ascii for seed in seeds}
    found: dict[str, Candidate] = {}
    for seed in seeds:
        origin = seed.ascii
        for fuzzer in chosen:
            for name in FUZZERS[fuzzer](seed):
                ascii_name = to_ascii(name)
                if ascii_name is None or ascii_name in originals or ascii_name in found:
                    continue
                found[ascii_name] = Candidate(
                    domain=ascii_name, unicode=name, fuzzer=fuzzer, seed=origin
                )
    return list(found.values())
