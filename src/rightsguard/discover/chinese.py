"""Fuzzers for Chinese marks, which Latin typo fuzzers know nothing of (pure).

They apply to a seed whose label holds Chinese characters (``极光.cn``):

* ``pinyin``: the mark spelt in pinyin without tones (``jiguang``), with tone
  marks (``jíguāng``, an IDN) and with tone numbers (``ji2guang1``), each
  joined and hyphenated, plus initials (``jg``) and each reading of a
  character that has several; under the seed's suffix, ``.cn`` and ``.com``.
* ``pinyin-affix``: the pinyin with the affixes of ``words.AFFIXES``
  (``jiguang-guanwang.cn``, ``jiguangqijiandian.com``).
* ``pinyin-numeric``: the pinyin with lucky numbers, and syllables that sound
  like a digit written as it (``jiu`` -> ``9``).
* ``homophone``: one or two characters swapped for characters read the same
  (``吉光.cn``), from ``data/homophones.json`` checked against pypinyin.
* ``simp-trad``: Simplified and Traditional forms (``極光.cn``) by OpenCC,
  whole and one character at a time.
* ``han-affix``: Chinese shop words after the mark (``极光官网.cn``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import islice, product

from rightsguard.discover.data import load_json
from rightsguard.discover.model import Seed
from rightsguard.discover.words import AFFIXES, affixed_labels, numbered_labels, suffixes_for

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
HAN_AFFIXES = ("官网", "官方", "旗舰店", "专卖店", "商城", "正品", "中国")
#: Syllables that sound like a digit, as numbers are read in Mandarin.
DIGIT_SOUNDS = {
    "ling": "0",
    "yi": "1",
    "yao": "1",
    "er": "2",
    "san": "3",
    "si": "4",
    "wu": "5",
    "liu": "6",
    "qi": "7",
    "ba": "8",
    "jiu": "9",
}
MAX_READINGS = 8


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def readings(ch: str, *, tone: str = "normal") -> tuple[str, ...]:
    """Every pinyin reading of one character (``tone``: normal, marks or numbers)."""
    from pypinyin import Style, pinyin

    style = {"normal": Style.NORMAL, "marks": Style.TONE, "numbers": Style.TONE3}[tone]
    found = pinyin(ch, style=style, heteronym=True, errors="ignore")
    return tuple(dict.fromkeys(found[0])) if found else ()


def syllables(text: str, *, tone: str = "normal") -> list[str]:
    """The most likely reading of each character (words read as words); others kept."""
    from pypinyin import Style, lazy_pinyin

    style = {"normal": Style.NORMAL, "marks": Style.TONE, "numbers": Style.TONE3}[tone]
    return [s.lower() for s in lazy_pinyin(text, style=style) if s.strip()]


def pinyin_labels(label: str) -> Iterator[str]:
    """Pinyin spellings of a Chinese label, most usual first."""
    for tone in ("normal", "marks", "numbers"):
        parts = syllables(label, tone=tone)
        yield "".join(parts)
        yield "-".join(parts)
    plain = syllables(label)
    if len(plain) > 1:
        yield "".join(p[0] for p in plain)  # initials: jg
        yield plain[0] + "".join(p[0] for p in plain[1:])  # jig
        yield "".join(p[0] for p in plain[:-1]) + plain[-1]  # jguang
    # Other readings of characters that have several (长: chang / zhang).
    options = [readings(ch) or (ch,) if has_han(ch) else (ch,) for ch in label]
    for combo in islice(product(*options), MAX_READINGS):
        yield "".join(combo)


def pinyin_bases(label: str) -> list[str]:
    """The ASCII pinyin forms that affixes and numbers are added to."""
    plain = syllables(label)
    forms = ["".join(plain), "-".join(plain)]
    if len(plain) > 1:
        forms.append("".join(p[0] for p in plain))
    return list(dict.fromkeys(f for f in forms if f))


def _on_suffixes(seed: Seed, labels: Iterator[str] | list[str]) -> Iterator[str]:
    labels = list(dict.fromkeys(labels))
    for suffix in suffixes_for(seed):
        for label in labels:
            yield ".".join(p for p in (seed.sub, label, suffix) if p)


def pinyin(seed: Seed) -> Iterator[str]:
    if has_han(seed.label):
        yield from _on_suffixes(seed, pinyin_labels(seed.label))


def pinyin_affix(seed: Seed) -> Iterator[str]:
    if not has_han(seed.label):
        return
    labels: list[str] = []
    for base in pinyin_bases(seed.label):
        labels.extend(affixed_labels(base, AFFIXES))
    yield from _on_suffixes(seed, labels)


def pinyin_numeric(seed: Seed) -> Iterator[str]:
    if not has_han(seed.label):
        return
    plain = syllables(seed.label)
    labels: list[str] = []
    for base in pinyin_bases(seed.label):
        labels.extend(numbered_labels(base))
    digits = [DIGIT_SOUNDS.get(s, s) for s in plain]
    if digits != plain:
        labels.append("".join(digits))
    yield from _on_suffixes(seed, labels)


@cache
def homophone_map() -> dict[str, tuple[str, ...]]:
    """Toneless syllable -> common characters that are read so (checked by pypinyin)."""
    raw: dict[str, str] = load_json("homophones.json")
    out: dict[str, tuple[str, ...]] = {}
    for syllable, chars in raw.items():
        out[syllable] = tuple(ch for ch in chars if syllable in readings(ch))
    return out


def homophones(ch: str) -> tuple[str, ...]:
    """Common characters read like ``ch`` (any of its readings), ``ch`` excluded."""
    table = homophone_map()
    found: dict[str, None] = {}
    for reading in readings(ch):
        found.update(dict.fromkeys(table.get(reading, ())))
    found.pop(ch, None)
    return tuple(found)


def homophone(seed: Seed, limit: int = 200) -> Iterator[str]:
    label = seed.label
    if not has_han(label):
        return
    options = [homophones(ch) if has_han(ch) else () for ch in label]
    count = 0
    for i, opts in enumerate(options):  # one character swapped
        for h in opts:
            yield seed.with_label(label[:i] + h + label[i + 1 :])
            count += 1
    swapped = [(ch, *opts) for ch, opts in zip(label, options, strict=True)]
    for combo in product(*swapped):  # several swapped, up to the limit
        if count >= limit:
            return
        variant = "".join(combo)
        if variant != label:
            yield seed.with_label(variant)
            count += 1


@cache
def _converters() -> dict[str, object]:
    from opencc import OpenCC  # type: ignore[import-untyped]

    return {name: OpenCC(name) for name in ("s2t", "t2s", "s2tw", "s2hk")}


def convert(text: str, config: str) -> str:
    converter = _converters()[config]
    result: str = converter.convert(text)  # type: ignore[attr-defined]
    return result


def simp_trad(seed: Seed) -> Iterator[str]:
    label = seed.label
    if not has_han(label):
        return
    for config in ("s2t", "t2s", "s2tw", "s2hk"):
        whole = convert(label, config)
        yield seed.with_label(whole)
        for i, ch in enumerate(label):  # one character in the other script
            other = convert(ch, config)
            if other != ch:
                yield seed.with_label(label[:i] + other + label[i + 1 :])
    yield from _on_suffixes(seed, [convert(label, "s2t"), convert(label, "t2s")])


def han_affix(seed: Seed) -> Iterator[str]:
    label = seed.label
    if not has_han(label):
        return
    labels = [label + a for a in HAN_AFFIXES]
    labels += [convert(label, "s2t") + convert(a, "s2t") for a in HAN_AFFIXES]
    yield from _on_suffixes(seed, labels)
