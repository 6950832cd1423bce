"""Scores, reasons and import rows for discovered domains (pure).

A score between 0 and 1 says how much a look-alike deserves a person's
attention: the fuzzer's weight (0.1 to 0.275: the whole brand kept with a shop
word or in pinyin weighs more than a flipped bit), plus 0.1 when registered,
0.1 with a web address and 0.05 with a mail exchanger; DNS alone gives at most
0.525. The page can add up to 0.65 more. ``discovered_rows`` turns results into rows for the target
importer (``store.target_import``): url, kind=domain, control, title, note.

With a ``PageCheck`` (``discover.page``: the right's marks in the page's title
and text, the brand's favicon hash, and with ``--screenshots`` the screenshot's
perceptual hash against the brand's images) the page's score and reasons are added.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rightsguard.discover.dnscheck import DnsResult
from rightsguard.discover.model import Candidate
from rightsguard.discover.page import PageCheck

#: How telling each fuzzer's look-alikes are, before DNS says anything.
FUZZER_WEIGHTS: dict[str, float] = {
    "combo": 0.275,
    "ct-log": 0.3,
    "zone-diff": 0.3,
    "affix": 0.275,
    "pinyin-affix": 0.275,
    "han-affix": 0.275,
    "pinyin": 0.25,
    "simp-trad": 0.25,
    "homophone": 0.225,
    "homoglyph": 0.225,
    "cyrillic": 0.225,
    "dictionary": 0.225,
    "tld-swap": 0.2,
    "numeric": 0.2,
    "pinyin-numeric": 0.2,
    "omission": 0.175,
    "transposition": 0.175,
    "replacement": 0.175,
    "insertion": 0.175,
    "repetition": 0.175,
    "vowel-swap": 0.175,
    "hyphenation": 0.175,
    "plural": 0.175,
    "addition": 0.15,
    "subdomain": 0.15,
    "various": 0.15,
    "bitsquatting": 0.1,
}
REGISTERED_BONUS = 0.1
WEB_BONUS = 0.1
MAIL_BONUS = 0.05


@dataclass(frozen=True, slots=True)
class Assessment:
    candidate: Candidate
    registered: bool
    score: float
    reasons: tuple[str, ...]
    records: dict[str, tuple[str, ...]]
    page: PageCheck | None = None


def assess(result: DnsResult, page: PageCheck | None = None) -> Assessment:
    cand = result.candidate
    shown = cand.unicode if cand.unicode != cand.domain else cand.domain
    score = FUZZER_WEIGHTS.get(cand.fuzzer, 0.15)
    reasons = [f"look-alike of {cand.seed} ({cand.fuzzer}): {shown}"]
    if result.registered:
        score += REGISTERED_BONUS
        reasons.append("registered: the name resolves in DNS")
    if "A" in result.records or "AAAA" in result.records:
        score += WEB_BONUS
        addresses = [*result.records.get("A", ()), *result.records.get("AAAA", ())]
        reasons.append(f"has a web address: {', '.join(addresses[:4])}")
    if "MX" in result.records:
        score += MAIL_BONUS
        reasons.append(f"receives mail: MX {', '.join(result.records['MX'][:2])}")
    if result.error:
        reasons.append(f"DNS error: {result.error}")
    if page is not None:
        score += page.score
        reasons.extend(page.reasons())
    return Assessment(
        candidate=cand,
        registered=result.registered,
        score=round(min(score, 1.0), 2),
        reasons=tuple(reasons),
        records=dict(result.records),
        page=page,
    )


def assess_all(
    results: Iterable[DnsResult],
    *,
    registered_only: bool = True,
    pages: Mapping[str, PageCheck] | None = None,
) -> list[Assessment]:
    """Assessments, best score first (then by name); ``pages`` by ASCII domain."""
    pages = pages or {}
    out = [
        assess(r, pages.get(r.candidate.domain))
        for r in results
        if r.registered or not registered_only
    ]
    return sorted(out, key=lambda a: (-a.score, a.candidate.domain))


def discovered_rows(
    results: Iterable[DnsResult | Assessment], *, registered_only: bool = True
) -> list[dict[str, str]]:
    """Rows for the target importer: one suspected domain target per registered look-alike."""
    rows: list[dict[str, str]] = []
    for item in results:
        assessed = assess(item) if isinstance(item, DnsResult) else item
        if registered_only and not assessed.registered:
            continue
        cand = assessed.candidate
        title = cand.domain if cand.unicode == cand.domain else f"{cand.unicode} ({cand.domain})"
        rows.append(
            {
                "url": cand.domain,
                "kind": "domain",
                "control": "infringer",
                "title": title,
                "note": f"discovered, score {assessed.score:.2f}: " + "; ".join(assessed.reasons),
            }
        )
    return rows
