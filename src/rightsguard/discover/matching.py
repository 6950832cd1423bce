"""Names from new-registration feeds that hold the brand (pure).

``brand_forms(seeds, marks)`` collects what to look for: each seed's label, a
Chinese mark's Han forms (as given, Simplified and Traditional), its pinyin
(joined and hyphenated) and its homophones (one character swapped); a mark
of several words also joined and hyphenated. ``find_hits`` keeps the names
that hold a form as a substring (``pandora-outlet-uk.shop``,
``极光官网.cn``), not the brand's own names or their subdomains, each once.
``hit_assessments`` scores hits like discovered names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rightsguard.discover.chinese import convert, has_han, homophones, pinyin_bases
from rightsguard.discover.model import Candidate, Seed, split_host, to_ascii, to_unicode
from rightsguard.discover.results import FUZZER_WEIGHTS, REGISTERED_BONUS, Assessment

MIN_FORM = 3


@dataclass(frozen=True, slots=True)
class BrandForms:
    """Substrings that mark a name as the brand's (form -> the seed it stands for)."""

    forms: dict[str, str]
    own: frozenset[str]


@dataclass(frozen=True, slots=True)
class Hit:
    """A new name holding a brand form, where it was seen."""

    candidate: Candidate
    form: str
    source: str


def _han_forms(label: str) -> list[str]:
    forms = [label, convert(label, "s2t"), convert(label, "t2s")]
    for i, ch in enumerate(label):
        forms.extend(label[:i] + h + label[i + 1 :] for h in homophones(ch)[:8])
    forms.extend(pinyin_bases(label)[:2])
    return forms


def brand_forms(seeds: Sequence[Seed], marks: Iterable[str] = ()) -> BrandForms:
    forms: dict[str, str] = {}
    for seed in seeds:
        label = seed.label.lower()
        found = _han_forms(label) if has_han(label) else [label]
        for form in found:
            if len(form) >= MIN_FORM or has_han(form):
                forms.setdefault(form, seed.ascii)
    for mark in marks:
        words = [w.lower() for w in mark.split()]
        if len(words) > 1 and seeds:
            for form in ("".join(words), "-".join(words)):
                forms.setdefault(form, seeds[0].ascii)
    return BrandForms(forms, frozenset(s.ascii for s in seeds))


def find_hits(names: Iterable[str], brand: BrandForms, source: str, fuzzer: str) -> list[Hit]:
    """The names holding a brand form, each once, the brand's own names left out."""
    hits: dict[str, Hit] = {}
    for raw in names:
        ascii_name = to_ascii(raw.strip().lower().rstrip("."))
        if ascii_name is None or "." not in ascii_name:
            continue
        if any(ascii_name == own or ascii_name.endswith("." + own) for own in brand.own):
            continue
        uni = to_unicode(ascii_name)
        parts = split_host(uni)
        registrable = ".".join((parts.label, parts.suffix))
        for form, origin in brand.forms.items():
            if form in uni or form in ascii_name:
                # The brand in the registered name: that name; only in a subdomain: the host.
                host = (
                    registrable if form in registrable or form in to_ascii_or(registrable) else uni
                )
                host_ascii = to_ascii_or(host)
                if host_ascii not in hits:
                    cand = Candidate(domain=host_ascii, unicode=host, fuzzer=fuzzer, seed=origin)
                    hits[host_ascii] = Hit(cand, form, source)
                break
    return list(hits.values())


def to_ascii_or(name: str) -> str:
    """The ASCII form of a valid Unicode host name (the name itself if it has none)."""
    return to_ascii(name) or name


def hit_assessments(hits: Iterable[Hit]) -> list[Assessment]:
    """Hits scored like discovered names: the feed's weight, registered (it was seen
    registered or certified), best first."""
    out = []
    for hit in hits:
        cand = hit.candidate
        shown = cand.unicode if cand.unicode != cand.domain else cand.domain
        score = FUZZER_WEIGHTS.get(cand.fuzzer, 0.2) + REGISTERED_BONUS
        reasons = (
            f"holds the brand form {hit.form!r} of {cand.seed} ({cand.fuzzer}): {shown}",
            f"newly registered: seen in {hit.source}",
        )
        out.append(Assessment(cand, True, round(min(score, 1.0), 2), reasons, {}))
    return sorted(out, key=lambda a: (-a.score, a.candidate.domain))
