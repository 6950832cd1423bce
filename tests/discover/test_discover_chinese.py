"""Chinese marks: pinyin, homophones, Simplified/Traditional, affixes and numbers."""

from __future__ import annotations

import idna
import pytest

from rightsguard.discover import Candidate, parse_seed, seeds_for_mark
from rightsguard.discover.chinese import homophones, pinyin_labels
from rightsguard.discover.generate import generate_one
from rightsguard.sandbox import world


def ascii_of(name: str) -> str:
    return name if name.isascii() else idna.encode(name).decode()


def test_the_sandbox_infringers_are_candidates(brand_candidates: list[Candidate]) -> None:
    by_domain = {c.domain: c.fuzzer for c in brand_candidates}
    for host in world.INFRINGER_HOSTS:  # aurorix-outlet.cn, aurorix-official-store.com, ...
        assert host in by_domain, host
    assert by_domain[world.GUANWANG_HOST] == "pinyin-affix"
    assert by_domain[world.OUTLET_HOST] == "affix"


def test_seeds_for_mark() -> None:
    assert [s.domain for s in seeds_for_mark(world.MARK_ZH)] == ["极光.com", "极光.cn"]
    assert [s.domain for s in seeds_for_mark("AURORIX")] == ["aurorix.com", "aurorix.cn"]


EXPECTED = {
    "pinyin": {"jiguang.cn", "ji-guang.com", "jíguāng.cn", "jí-guāng.cn", "ji2guang1.cn", "jg.cn"},
    "pinyin-affix": {
        "jiguang-guanwang.cn",
        "jiguangguanwang.com",
        "jiguang-qijiandian.cn",
        "guanwang-jiguang.cn",
        "jiguang-official-store.com",
        "jg-shop.cn",
    },
    "pinyin-numeric": {"jiguang888.cn", "jiguang-520.com"},
    "homophone": {"吉光.cn", "极广.cn", "集光.cn"},
    "simp-trad": {"極光.cn", "極光.com"},
    "han-affix": {"极光官网.cn", "极光旗舰店.com", "極光官網.cn"},
}


@pytest.mark.parametrize("fuzzer", sorted(EXPECTED))
def test_chinese_fuzzers(fuzzer: str) -> None:
    made = set(generate_one(parse_seed("极光.cn"), fuzzer))
    wanted = {ascii_of(n) for n in EXPECTED[fuzzer]}
    assert wanted <= made, wanted - made


def test_traditional_seed_gives_simplified() -> None:
    made = set(generate_one(parse_seed("極光.com"), "simp-trad"))
    assert ascii_of("极光.com") in made


def test_latin_seed_gets_no_chinese_candidates() -> None:
    for fuzzer in ("pinyin", "pinyin-affix", "homophone", "simp-trad", "han-affix"):
        assert list(generate_one(parse_seed("aurorix.com"), fuzzer)) == []


def test_pinyin_heteronyms() -> None:
    labels = set(pinyin_labels("长城"))
    assert "changcheng" in labels and "zhangcheng" in labels


def test_homophones_are_read_alike() -> None:
    from pypinyin import Style, pinyin

    found = homophones("极")
    assert "吉" in found and "极" not in found
    for ch in found:
        assert "ji" in pinyin(ch, style=Style.NORMAL, heteronym=True)[0]
