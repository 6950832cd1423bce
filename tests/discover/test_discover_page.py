"""Looking at a registered look-alike's page: marks, the brand's favicon, redirects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rightsguard.cli import discover_cmds
from rightsguard.cli.main import app
from rightsguard.discover import (
    DnsResult,
    Seed,
    check_domains,
    generate,
    parse_seed,
    seeds_for_mark,
)
from rightsguard.discover.nsd import LocalNsd
from rightsguard.discover.page import favicon_hash, look_at_pages, marks_for, page_text
from rightsguard.discover.results import assess_all

if not any(g.name == "discover" for g in app.registered_groups):  # until main.py wires it
    discover_cmds.register(app)


def test_marks_include_pinyin_and_right_names() -> None:
    seeds = [parse_seed("aurorix.com"), *seeds_for_mark("极光")]
    marks = marks_for(seeds, ["AURORIX Smart"])
    assert {"aurorix", "极光", "jiguang", "aurorix smart"} <= set(marks)


def test_page_text_drops_scripts() -> None:
    title, text = page_text("<title>A &amp; B</title><script>secret()</script><p>hi</p>")
    assert title == "A & B" and "secret" not in text and "hi" in text


def test_favicon_hash_is_shodan_style() -> None:
    import base64

    import mmh3

    data = b"icon"
    assert favicon_hash(data) == mmh3.hash(base64.encodebytes(data))


def test_pages_raise_the_score(
    nsd: LocalNsd, web: int, brand_seeds: list[Seed], brand_results: list[DnsResult]
) -> None:
    seeds, results = brand_seeds, brand_results
    seed_results = check_domains([s.as_candidate() for s in seeds], resolvers=[nsd.resolver])
    pages = look_at_pages(
        results, seed_results, marks=marks_for(seeds), port=web, allow_private=True
    )
    guanwang = pages["jiguang-guanwang.cn"]
    assert guanwang.favicon_matches and "极光" in guanwang.marks_in_title
    assert "jiguang" in guanwang.marks_in_text
    outlet = pages["aurorix-outlet.cn"]
    assert not outlet.favicon_matches and outlet.marks_in_text == ("aurorix",)
    assert pages["aurrix.com"].redirect == "https://aurorix.com/"
    ranked = assess_all(results, pages=pages)
    assert ranked[0].candidate.domain == "jiguang-guanwang.cn"
    assert any("favicon is the brand's" in r for r in ranked[0].reasons)


def test_private_addresses_are_refused_by_default(nsd: LocalNsd, web: int) -> None:
    seeds = [parse_seed("aurorix.com")]
    results = check_domains(generate(seeds, ["omission"]), resolvers=[nsd.resolver])
    pages = look_at_pages(results, [], marks=("aurorix",), port=web)
    assert "not a public address" in (pages["aurrix.com"].error or "")


def test_cli_fetch(
    tmp_path: Path, nsd: LocalNsd, web: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RIGHTSGUARD_ALLOW_PRIVATE_TARGETS", "1")
    monkeypatch.chdir(tmp_path)  # no workspace here: settings come from the environment
    args = ["discover", "domains", "aurorix.com", "极光.cn", "--resolver", nsd.resolver]
    args += ["--fuzzer", "omission", "--fuzzer", "affix", "--fuzzer", "pinyin-affix"]
    result = CliRunner().invoke(app, [*args, "--fetch", "--http-port", str(web), "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    top = report["results"][0]
    assert top["domain"] == "jiguang-guanwang.cn"
    assert top["page"]["favicon_matches"] is True


@pytest.mark.browser
def test_screenshots_find_the_clone_by_its_look(
    nsd: LocalNsd, web: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clone (brand design, other words) matches the brand's site by perceptual hash;
    the outlet (its own design) does not; a blank page is too plain to compare."""
    import os
    import shutil

    if not shutil.which("chromium"):
        if os.environ.get("RIGHTSGUARD_REQUIRE_SERVICES") == "1":
            pytest.fail("Chromium is required (RIGHTSGUARD_REQUIRE_SERVICES=1) but missing")
        pytest.skip("Chromium is not available")
    monkeypatch.setenv("RIGHTSGUARD_ALLOW_PRIVATE_TARGETS", "1")
    monkeypatch.chdir(tmp_path)
    args = ["discover", "domains", "aurorix.com", "极光.cn", "--resolver", nsd.resolver]
    args += ["--fuzzer", "omission", "--fuzzer", "affix", "--fuzzer", "pinyin-affix"]
    args += ["--fetch", "--http-port", str(web), "--json"]
    plain = CliRunner().invoke(app, args)
    assert plain.exit_code == 0, plain.stderr
    before = {r["domain"]: r for r in json.loads(plain.stdout)["results"]}
    result = CliRunner().invoke(app, [*args, "--screenshots"])
    assert result.exit_code == 0, result.stderr
    after = {r["domain"]: r for r in json.loads(result.stdout)["results"]}
    clone, outlet = after["jiguang-guanwang.cn"], after["aurorix-outlet.cn"]
    assert clone["page"]["looks_like_brand"] is True
    assert clone["page"]["look_brand_image"] == "site aurorix.com"
    assert clone["score"] > before["jiguang-guanwang.cn"]["score"]
    assert any("screenshot looks like the brand's" in r for r in clone["reasons"])
    assert outlet["page"]["looks_like_brand"] is False
    assert outlet["page"]["look_distance"] > 10
    assert outlet["score"] == before["aurorix-outlet.cn"]["score"]


def test_brand_images_are_checked_before_any_lookup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image

    monkeypatch.chdir(tmp_path)
    blank = tmp_path / "blank.png"
    Image.new("RGB", (200, 100), "white").save(blank)
    (tmp_path / "notes.png").write_text("not a picture")
    base = ["discover", "domains", "aurorix.com", "--resolver", "127.0.0.1:1"]
    for image, message in (
        ("blank.png", "too plain to compare"),
        ("notes.png", "not an image"),
        ("missing.png", "cannot read"),
    ):
        out = CliRunner().invoke(
            app, [*base, "--fetch", "--screenshots", "--brand-image", str(tmp_path / image)]
        )
        assert out.exit_code == 2 and message in out.stderr, out.stderr
    out = CliRunner().invoke(app, [*base, "--screenshots"])
    assert out.exit_code == 2 and "needs --fetch" in out.stderr


def test_plain_and_compared_looks() -> None:
    import io

    from PIL import Image, ImageDraw

    from rightsguard.discover.looks import Look, compare_looks, look_of

    def png(draw: bool) -> bytes:
        image = Image.new("RGB", (320, 200), "white")
        if draw:
            ImageDraw.Draw(image).rectangle((0, 0, 160, 200), fill="navy")
        buf = io.BytesIO()
        image.save(buf, "PNG")
        return buf.getvalue()

    assert look_of(png(False)).plain
    look = look_of(png(True))
    assert look.dhash is not None and not look.plain
    assert compare_looks(look, {"own": look}).same_look
    assert compare_looks(look, {"blank": Look(plain=True)}).distance is None
    assert compare_looks(Look(plain=True), {"own": look}).distance is None
