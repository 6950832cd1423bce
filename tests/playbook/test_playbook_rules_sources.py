"""Every rule has a source; every article it cites is in LAW.md; docs list every rule."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from rightsguard.domain.errors import NotFound
from rightsguard.playbook.elements import channels, required_elements
from rightsguard.playbook.rules import GUIDE_SECTIONS, Citation, Effect, all_rules, get_rule

REPO = Path(__file__).resolve().parents[2]
LAW_MD = REPO.parent / "shared" / "LAW.md"
GUIDE = REPO.parent / "shared" / "GUIDE.txt"


def _law_text() -> str:
    if not LAW_MD.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{LAW_MD} must exist when CI=true")
        pytest.skip(f"{LAW_MD} not found (outside CI)")
    return LAW_MD.read_text(encoding="utf-8")


def _chunks(text: str) -> list[str]:
    """Table rows and list items, with their continuation lines joined."""
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith(("  ", "\t")) and out:
            out[-1] += " " + line.strip()
        else:
            out.append(line)
    return out


def _numbers(chunk: str) -> set[int]:
    found = {int(n) for n in re.findall(r"(?<![\d.])(\d{1,4})(?!\d)", chunk)}
    for a, b in re.findall(r"(\d{1,4})\s*[–-]\s*(\d{1,4})", chunk):
        lo, hi = int(a), int(b)
        if lo < hi <= lo + 50:
            found |= set(range(lo, hi + 1))
    return found


def cited_in_law(citation: Citation, law: str) -> bool:
    chunks = [c for c in _chunks(law) if citation.instrument in c]
    if not chunks:
        return False
    if citation.article is None:
        return True
    for chunk in chunks:
        if citation.article in chunk:
            return True
        lead = re.match(r"\d+", citation.article)
        if lead and citation.article == lead.group(0) and int(lead.group(0)) in _numbers(chunk):
            return True
    return False


def test_every_rule_has_a_source_and_known_guide_sections() -> None:
    for rule in all_rules():
        assert rule.guide, f"{rule.id} has no guide section"
        for section in rule.guide:
            assert section in GUIDE_SECTIONS, f"{rule.id}: unknown section {section}"
        assert rule.statement.zh.strip() and rule.statement.en.strip(), rule.id


def test_rule_ids_are_unique_and_stable_shape() -> None:
    ids = [r.id for r in all_rules()]
    assert len(ids) == len(set(ids))
    for rid in ids:
        assert re.fullmatch(r"[a-z]+\.[a-z0-9-]+", rid), rid


def test_every_guide_section_has_a_rule() -> None:
    covered = {s for r in all_rules() for s in r.guide}
    assert set(GUIDE_SECTIONS) <= covered
    if GUIDE.exists():
        text = GUIDE.read_text(encoding="utf-8")
        assert "Sending a cease and desist letter" in text


def test_every_cited_article_is_in_law_md() -> None:
    law = _law_text()
    missing = [
        f"{rule.id}: {c}" for rule in all_rules() for c in rule.law if not cited_in_law(c, law)
    ]
    assert not missing, missing


def test_citation_checker_can_fail() -> None:
    law = _law_text()
    assert not cited_in_law(Citation("Civil Code", "999"), law)
    assert not cited_in_law(Citation("Imaginary Act", "1"), law)
    assert cited_in_law(Citation("Civil Code", "1196"), law)  # inside "1194–1197"
    assert cited_in_law(Citation("UDRP", "4(a)", "¶"), law)


def test_element_sources_name_law_md_instruments() -> None:
    law = _law_text()
    for ch in channels():
        for el in required_elements(ch):
            if el.source.startswith("guide"):
                continue
            head = el.source.split(" Art.")[0].split(" 512")[0]
            assert head.split(" (")[0][:30] in law, el.source


def test_unverified_facts_are_marked() -> None:
    for rid in ("other.no-ccc", "police.ip-crime-indicators", "domain.cndrp-clocks"):
        assert get_rule(rid).unverified, rid
    assert not get_rule("evidence.first").unverified


def test_must_have_rules_exist_with_effects() -> None:
    expect = {
        "evidence.first": Effect.BLOCK,
        "cd.primary-only": Effect.BLOCK,
        "cd.follow-up": Effect.CLOCK,
        "cd.non-infringement-declaration": Effect.CLOCK,
        "notice.contents": Effect.REQUIRE,
        "icp.venue": Effect.VENUE,
        "domain.cndrp-age": Effect.BLOCK,
        "suit.limitation": Effect.CLOCK,
        "tech.counsel-approval": Effect.BLOCK,
    }
    for rid, effect in expect.items():
        assert get_rule(rid).effect == effect


def test_unknown_rule_is_not_found() -> None:
    with pytest.raises(NotFound):
        get_rule("no.such-rule")


def test_docs_list_every_rule() -> None:
    doc = REPO / "docs" / "playbook.md"
    text = doc.read_text(encoding="utf-8")
    absent = [r.id for r in all_rules() if f"`{r.id}`" not in text]
    assert not absent, absent
