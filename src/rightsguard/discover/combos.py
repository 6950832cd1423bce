"""Combination candidates: the brand with the words infringers really add (pure).

Names taken to domain-dispute panels for counterfeit shops are mostly the
brand unchanged plus a word or two: shop words (``outlet``, ``store``,
``pascher``), places (``uk``, ``deutschland``, ``dubai``), the right's own
products (``bracelet``, ``bolsos``) and years, before or after the brand,
with or without hyphens, under ``.com`` and the e-commerce TLDs. This module
makes those names and ranks them by a prior likelihood, so that a budget of
N names takes the likeliest N:

    prior = label prior x TLD weight

where a label's prior is the product of its words' weights (``data/
shop_words.txt``, ``data/geography.json``, ``data/cities.txt``, ``data/
products.json``; a word's kind weight from ``KIND_WEIGHTS``), a factor for
where the brand stands (``POSITION``) and one for hyphens (``HYPHENATED``).
Two words together weigh ``PAIR`` times their product. TLD weights come
from ``data/combo_tlds.txt`` (``.com``, then ``.shop`` ``.store`` ``.online``
``.top``…); the seed's own suffix weighs as much as ``.com``.

Years come from an explicit ``year`` (a window around it), never the clock.
Product words come from the right's Nice classes and its own vocabulary.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from rightsguard.discover.chinese import has_han, pinyin_bases
from rightsguard.discover.data import load_lines, read_text
from rightsguard.discover.model import Candidate, Seed, to_ascii
from rightsguard.domain.errors import InvalidValue

FUZZER = "combo"
#: How likely each kind of word is beside a brand.
KIND_WEIGHTS = {"shop": 1.0, "own": 1.0, "product": 0.85, "geo": 0.8, "city": 0.7, "year": 0.6}
#: Where the brand stands: before the words, between two, after them.
POSITION = {"first": 1.0, "middle": 0.45, "last": 0.55}
#: Hyphens between the parts (``pandora-outlet``) against none (``pandoraoutlet``).
HYPHENATED = 0.6
#: Two words together, against one.
PAIR = 0.45
#: The brand written as a plural (``uggsoutlet``), and a multi-word mark hyphenated.
BRAND_FORMS = {"plain": 1.0, "hyphenated": 0.5, "plural": 0.3}
#: How many of each kind's best words are tried in pairs.
PAIR_POOL = {"shop": 20, "own": 40, "product": 30, "geo": 40, "city": 10, "year": 2}
#: Years tried around ``year``: offset -> weight.
YEAR_OFFSETS = {0: 1.0, 1: 0.7, -1: 0.6, -2: 0.4}
#: A plural's weight against the singular: products are often plural, shop words less.
PLURAL = {"product": 0.9, "own": 0.9, "shop": 0.5}
#: Country codes as words (``skechers-be``) against the country's names.
CODE_WEIGHT = 0.45
#: A country's other names against its first (``america`` against ``usa``).
OTHER_NAMES = 0.7
MAX_LABEL = 63


@dataclass(frozen=True, slots=True)
class Word:
    """A word added to a brand: its text, its kind and its weight (0..1)."""

    text: str
    kind: str
    weight: float

    @property
    def prior(self) -> float:
        return self.weight * KIND_WEIGHTS[self.kind]


@dataclass(frozen=True, slots=True)
class Ranked:
    """A combination candidate and its prior likelihood."""

    candidate: Candidate
    prior: float


def plural(word: str) -> str:
    """The English plural of ``word`` (``bag`` -> ``bags``, ``watch`` -> ``watches``)."""
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _word_text(raw: str) -> str | None:
    text = "".join(raw.lower().split())
    return text if text and to_ascii(f"{text}.com") is not None else None


@cache
def shop_words() -> tuple[Word, ...]:
    out: list[Word] = []
    for line in load_lines("shop_words.txt"):
        parts = line.split()
        word, weight = parts[0], float(parts[1])
        out.append(Word(word, "shop", weight))
        if len(parts) < 3 or parts[2] != "-":
            out.append(Word(plural(word), "shop", weight * PLURAL["shop"]))
    return tuple(out)


@cache
def geo_words() -> tuple[Word, ...]:
    """Country names and codes (``data/geography.json``), then big cities."""
    data: dict[str, dict[str, object]] = json.loads(read_text("geography.json"))
    out: list[Word] = []
    for code, entry in data.items():
        weight = float(entry["weight"])  # type: ignore[arg-type]
        names = entry["names"]
        assert isinstance(names, list)
        for i, name in enumerate(names):
            out.append(Word(str(name), "geo", weight * (1.0 if i == 0 else OTHER_NAMES)))
        out.append(Word(code.lower(), "geo", weight * CODE_WEIGHT))
    for line in load_lines("cities.txt"):
        city, city_weight = line.split()
        out.append(Word(city, "city", float(city_weight)))
    return tuple(out)


@cache
def _products() -> dict[str, dict[str, list[str]]]:
    data: dict[str, dict[str, list[str]]] = json.loads(read_text("products.json"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


@cache
def _no_plural() -> frozenset[str]:
    data: dict[str, list[str]] = json.loads(read_text("products.json"))
    return frozenset(data["_no_plural"])


def product_words(classes: Iterable[int]) -> tuple[Word, ...]:
    """Product words of the Nice ``classes`` (English ones with plurals), likeliest first."""
    table = _products()
    out: list[Word] = []
    for cls in dict.fromkeys(classes):
        by_language = table.get(str(cls), {})
        for lang, words in by_language.items():
            base = 1.0 if lang == "en" else 0.7
            for i, word in enumerate(words):
                weight = base * max(0.4, 1.0 - 0.05 * i)
                out.append(Word(word, "product", weight))
                if lang == "en" and word not in _no_plural():
                    out.append(Word(plural(word), "product", weight * PLURAL["product"]))
    return tuple(out)


def own_words(vocabulary: Iterable[str]) -> tuple[Word, ...]:
    """The right's own product words, as given (with English plurals at a lower weight)."""
    out: list[Word] = []
    for i, raw in enumerate(vocabulary):
        text = _word_text(raw)
        if text is None:
            raise InvalidValue("vocabulary", f"{raw!r} cannot stand in a domain name")
        weight = max(0.5, 1.0 - 0.02 * i)
        out.append(Word(text, "own", weight))
        if text.isascii() and not text.endswith("s"):
            out.append(Word(plural(text), "own", weight * PLURAL["own"]))
    return tuple(out)


def year_words(year: int) -> tuple[Word, ...]:
    return tuple(Word(str(year + off), "year", w) for off, w in YEAR_OFFSETS.items())


def words_for(
    *, year: int, classes: Iterable[int] = (), vocabulary: Iterable[str] = ()
) -> tuple[Word, ...]:
    """Every word tried beside a brand, each text once at its highest prior."""
    best: dict[str, Word] = {}
    groups = (
        own_words(vocabulary),
        shop_words(),
        product_words(classes),
        geo_words(),
        year_words(year),
    )
    for group in groups:
        for word in group:
            old = best.get(word.text)
            if old is None or word.prior > old.prior:
                best[word.text] = word
    return tuple(best.values())


@cache
def tld_weights() -> tuple[tuple[str, float], ...]:
    out: list[tuple[str, float]] = []
    for line in load_lines("combo_tlds.txt"):
        tld, weight = line.split()
        out.append((tld, float(weight)))
    return tuple(out)


def brand_forms(seed: Seed, marks: Iterable[str] = ()) -> list[tuple[str, float]]:
    """The brand as written in names: the seed's label (or its pinyin), hyphenated marks,
    the plural; each with its weight."""
    label = seed.label
    forms: dict[str, float] = {}
    if has_han(label):
        for i, base in enumerate(pinyin_bases(label)):
            forms.setdefault(base, BRAND_FORMS["plain"] * (1.0 if i == 0 else 0.5))
    else:
        forms[label] = BRAND_FORMS["plain"]
    for mark in marks:  # a mark of several words that makes this label: louis-vuitton
        parts = [p for p in (_word_text(w) for w in mark.split()) if p]
        if len(parts) > 1 and "".join(parts) == label:
            forms.setdefault("-".join(parts), BRAND_FORMS["hyphenated"])
    for base in list(forms):
        if base.isascii() and not base.endswith("s"):
            forms.setdefault(base + "s", BRAND_FORMS["plural"] * forms[base])
    return list(forms.items())


def _join(parts: Sequence[str], *, hyphen: bool) -> str:
    return ("-" if hyphen else "").join(parts)


def _pair_pool(words: Sequence[Word]) -> list[Word]:
    pool: list[Word] = []
    for kind, size in PAIR_POOL.items():
        of_kind = sorted((w for w in words if w.kind == kind), key=lambda w: -w.prior)
        pool.extend(of_kind[:size])
    return pool


def label_priors(brand: str, weight: float, words: Sequence[Word]) -> Iterator[tuple[str, float]]:
    """Labels of ``brand`` with one or two words, and their priors (duplicates possible)."""
    yield brand, weight
    for word in words:
        for hyphen, h in ((False, 1.0), (True, HYPHENATED)):
            base = weight * word.prior * h
            yield _join((brand, word.text), hyphen=hyphen), base * POSITION["first"]
            yield _join((word.text, brand), hyphen=hyphen), base * POSITION["last"]
    pool = _pair_pool(words)
    for a in pool:
        for b in pool:
            if a is b or (a.kind == b.kind and a.kind in ("geo", "city", "year")):
                continue
            for hyphen, h in ((False, 1.0), (True, HYPHENATED)):
                base = weight * PAIR * a.prior * b.prior * h
                yield _join((brand, a.text, b.text), hyphen=hyphen), base * POSITION["first"]
                yield _join((a.text, brand, b.text), hyphen=hyphen), base * POSITION["middle"]
                yield _join((a.text, b.text, brand), hyphen=hyphen), base * POSITION["last"]


def ranked_labels(
    seed: Seed, words: Sequence[Word], marks: Iterable[str] = ()
) -> list[tuple[str, float]]:
    """Every label for ``seed``, each once at its highest prior, likeliest first."""
    best: dict[str, float] = {}
    for brand, weight in brand_forms(seed, marks):
        for label, prior in label_priors(brand, weight, words):
            if len(label) <= MAX_LABEL and prior > best.get(label, 0.0):
                best[label] = prior
    return sorted(best.items(), key=lambda item: (-item[1], item[0]))


def _tlds_for(seed: Seed, tlds: Sequence[tuple[str, float]] | None) -> list[tuple[str, float]]:
    table = dict(tld_weights() if tlds is None else tlds)
    table[seed.suffix] = max(table.values(), default=1.0)
    return sorted(table.items(), key=lambda item: (-item[1], item[0]))


def _best_pairs(
    labels: Sequence[tuple[str, float]], tlds: Sequence[tuple[str, float]], origin: str
) -> Iterator[tuple[float, str, str, str]]:
    """(prior, label, tld, origin) over the product of two descending lists, best first."""
    if not labels or not tlds:
        return
    heap = [(-labels[0][1] * tlds[0][1], 0, 0)]
    seen = {(0, 0)}
    while heap:
        neg, i, j = heapq.heappop(heap)
        yield -neg, labels[i][0], tlds[j][0], origin
        for ni, nj in ((i + 1, j), (i, j + 1)):
            if ni < len(labels) and nj < len(tlds) and (ni, nj) not in seen:
                seen.add((ni, nj))
                heapq.heappush(heap, (-labels[ni][1] * tlds[nj][1], ni, nj))


def combos(
    seeds: Sequence[Seed],
    *,
    year: int,
    budget: int,
    classes: Iterable[int] = (),
    vocabulary: Iterable[str] = (),
    marks: Iterable[str] = (),
    tlds: Sequence[tuple[str, float]] | None = None,
) -> list[Ranked]:
    """The ``budget`` likeliest combination names of ``seeds``, likeliest first.

    ``year``: the years tried are a window around it. ``classes``: Nice classes
    whose product words are tried; ``vocabulary``: the right's own words.
    ``marks``: the right's marks as written (``Louis Vuitton`` adds
    ``louis-vuitton``). ``tlds``: (tld, weight) pairs instead of the built-in list.
    """
    if budget < 1:
        raise InvalidValue("budget", "must be at least 1")
    words = words_for(year=year, classes=tuple(classes), vocabulary=tuple(vocabulary))
    marks = tuple(marks)
    originals = {s.ascii for s in seeds}
    streams = [
        _best_pairs(ranked_labels(seed, words, marks), _tlds_for(seed, tlds), seed.ascii)
        for seed in seeds
    ]
    found: dict[str, Ranked] = {}
    # Merge the seeds' streams by prior; each stream is already in descending order.
    merged = heapq.merge(*streams, key=lambda item: -item[0])
    for prior, label, tld, origin in merged:
        if len(found) >= budget:
            break
        name = f"{label}.{tld}"
        ascii_name = to_ascii(name)
        if ascii_name is None or ascii_name in originals or ascii_name in found:
            continue
        found[ascii_name] = Ranked(
            Candidate(domain=ascii_name, unicode=name, fuzzer=FUZZER, seed=origin),
            round(prior, 6),
        )
    return list(found.values())
