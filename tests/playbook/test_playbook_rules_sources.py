"""Every rule has a source; every article it cites is in LAW.md; docs list every rule."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rightsguard.cli.main import app
from rightsguard.domain.errors import NotFound
from rightsguard.playbook.elements import channels, required_elements
from rightsguard.playbook.rules import GUIDE_SECTIONS, Citation, Effect, all_rules, get_rule
from rightsguard.playbook.sources import all_sources, cites_known_source, get_source

REPO = Path(__file__).resolve().parents[2]


def cited(citation: Citation) -> bool:
    return cites_known_source(citation.instrument, citation.article)


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


def test_every_cited_article_is_in_the_source_register() -> None:
    missing = [f"{rule.id}: {c}" for rule in all_rules() for c in rule.law if not cited(c)]
    assert not missing, missing


def test_citation_checker_can_fail() -> None:
    assert not cited(Citation("Civil Code", "999"))
    assert not cited(Citation("Imaginary Act", "1"))
    assert not cited(Citation("17 USC", "512(d)"))
    assert cited(Citation("Civil Code", "1196"))
    assert cited(Citation("UDRP", "4(a)", "¶"))
    assert cited(Citation("17 USC", "512(c)(3)(A)(iv)", ""))  # a part of a listed section
    assert not cited(Citation("17 USC", "512(c)(3)(B)", ""))


def test_every_source_is_cited_or_explains_itself() -> None:
    """The register holds what the rules cite, each with a title and gists in both
    languages; instruments nobody cites would be dead weight."""
    used = {c.instrument for r in all_rules() for c in r.law}
    for source in all_sources():
        assert source.instrument in used, f"{source.instrument} is cited by no rule"
        assert source.title.zh and source.title.en
        for art in source.articles:
            assert art.gist.zh.strip() and art.gist.en.strip(), (source.instrument, art.number)
        assert source.articles or source.note or source.unverified, source.instrument


def test_unknown_source_is_not_found() -> None:
    with pytest.raises(NotFound):
        get_source("Imaginary Act")


def test_element_sources_name_registered_instruments() -> None:
    instruments = [s.instrument for s in all_sources()]
    for ch in channels():
        for el in required_elements(ch):
            if el.source.startswith("guide"):
                continue
            head = re.split(r" Art\. | (?=\d{3}\()", el.source)[0]
            assert any(i.startswith(head) for i in instruments), el.source


def test_rules_sources_cli_lists_the_register() -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["rules", "sources", "--json"])
    assert shown.exit_code == 0, shown.output
    listed = {s["instrument"]: s for s in json.loads(shown.stdout)}
    assert set(listed) == {s.instrument for s in all_sources()}
    assert any(a["number"] == "1195" for a in listed["Civil Code"]["articles"])
    human = runner.invoke(app, ["rules", "sources", "--lang", "zh-CN"])
    assert human.exit_code == 0 and "民法典" in human.stdout and "1195" in human.stdout


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


def test_readme_counts_the_rules() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    counts = {int(n) for n in re.findall(r"guide(?: into|'s) (\d+) rules", readme)}
    assert counts == {len(all_rules())}, counts


def test_every_gate_and_venue_rule_cites_the_law() -> None:
    """A rule that blocks an action or picks where it goes rests on a law of the register."""
    bare = [
        r.id
        for r in all_rules()
        if r.effect in (Effect.BLOCK, Effect.VENUE) and not any(cited(c) for c in r.law)
    ]
    assert not bare, bare


def test_letters_gate_cites_commercial_defamation_of_the_2025_competition_law() -> None:
    law = [str(c) for c in get_rule("cd.primary-only").law]
    assert "Anti-Unfair Competition Law Art. 12" in law
    aucl = get_source("Anti-Unfair Competition Law")
    assert aucl.in_force == "2025-10-15"
    assert "商业诋毁" in aucl.article("12").gist.zh  # type: ignore[union-attr]


def test_court_selection_cites_the_internet_courts_provisions() -> None:
    law = [str(c) for c in get_rule("suit.courts").law]
    assert "SPC Provisions on Trial of Cases by Internet Courts (2018) Art. 2" in law
    assert "Civil Procedure Law Art. 29" in law  # place of infringement or domicile
