"""Fuzzers that add words, numbers or other suffixes to a brand (pure).

* ``dictionary``: words from ``data/dictionary.txt`` before or after the label.
* ``tld-swap``: the label under every suffix of ``data/tlds.txt``.
* ``affix``: the words sellers of counterfeits use (official, outlet,
  guanwang, qijiandian…), alone or two together, under the seed's suffix,
  ``.cn`` and ``.com`` (``aurorix-outlet.cn``, ``aurorix-official-store.com``).
* ``numeric``: lucky and year numbers added, and letters written as digits.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rightsguard.discover.data import load_lines
from rightsguard.discover.model import Seed

#: English and pinyin words that infringing shops put beside a brand.
AFFIXES = ("guanwang", "qijiandian", "shop", "store", "outlet", "sale", "official", "cn", "china")
#: Suffixes an affixed name is tried under, besides the seed's own.
AFFIX_SUFFIXES = ("cn", "com")
#: Numbers shops add: lucky numbers, 365, 520 (sounds like "I love you"), years.
NUMBERS = (
    "1",
    "2",
    "8",
    "51",
    "88",
    "99",
    "123",
    "168",
    "360",
    "365",
    "520",
    "666",
    "668",
    "888",
    "2024",
    "2025",
    "2026",
)
#: Letters written as digits that look like them.
LEET = {"o": "0", "l": "1", "i": "1", "z": "2", "e": "3", "a": "4", "s": "5", "t": "7", "b": "8"}


def dictionary_words() -> tuple[str, ...]:
    return load_lines("dictionary.txt")


def tld_list() -> tuple[str, ...]:
    return load_lines("tlds.txt")


def dictionary(seed: Seed, words: Iterable[str] | None = None) -> Iterator[str]:
    label = seed.label
    parts = label.split("-")
    for word in dictionary_words() if words is None else words:
        if word == label:
            continue
        yield seed.with_label(f"{label}-{word}")
        yield seed.with_label(label + word)
        yield seed.with_label(f"{word}-{label}")
        yield seed.with_label(word + label)
        if len(parts) > 1:
            yield seed.with_label("-".join([*parts[:-1], word]))
            yield seed.with_label("-".join([word, *parts[1:]]))


def tld_swap(seed: Seed, tlds: Iterable[str] | None = None) -> Iterator[str]:
    for tld in tld_list() if tlds is None else tlds:
        if tld != seed.suffix:
            yield seed.with_suffix(tld)


def suffixes_for(seed: Seed) -> tuple[str, ...]:
    return tuple(dict.fromkeys((seed.suffix, *AFFIX_SUFFIXES)))


def affixed_labels(base: str, affixes: Iterable[str] = AFFIXES) -> Iterator[str]:
    """``base`` with one affix before or after it (with and without a hyphen), or two after."""
    words = [a for a in affixes if a != base]
    for a in words:
        yield f"{base}-{a}"
        yield base + a
        yield f"{a}-{base}"
        yield a + base
    for a in words:
        for b in words:
            if a != b:
                yield f"{base}-{a}-{b}"
                yield base + a + b


def affix(seed: Seed) -> Iterator[str]:
    labels = list(affixed_labels(seed.label))
    for suffix in suffixes_for(seed):
        for label in labels:
            yield ".".join(p for p in (seed.sub, label, suffix) if p)


def numbered_labels(base: str) -> Iterator[str]:
    for n in NUMBERS:
        yield base + n
        yield f"{base}-{n}"
        yield n + base
    letters = [ch for ch in dict.fromkeys(base) if ch in LEET]
    for ch in letters:  # one letter written as a digit everywhere it occurs
        yield base.replace(ch, LEET[ch])
    if len(letters) > 1:  # every such letter at once
        yield "".join(LEET.get(ch, ch) for ch in base)


def numeric(seed: Seed) -> Iterator[str]:
    labels = list(numbered_labels(seed.label))
    for suffix in suffixes_for(seed):
        for label in labels:
            yield ".".join(p for p in (seed.sub, label, suffix) if p)
