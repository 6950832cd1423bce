"""Regenerate ``data/homoglyphs.json`` (run by a maintainer, not at run time).

``python -m rightsguard.discover.build_data`` needs the dev-only package
``confusable_homoglyphs`` (its copy of Unicode's confusables.txt) and writes,
for every lower-case ASCII letter and digit, two lists of look-alike code
points that IDNA 2008 accepts in a domain label (PVALID):

* ``primary``: Latin letters that carry the ASCII letter in their Unicode name
  (``LATIN SMALL LETTER A WITH DOT BELOW``, ``LATIN LETTER SMALL CAPITAL C``,
  ``LATIN SMALL LETTER DOTLESS I``…), confusables in the Latin, Greek and
  Cyrillic scripts, and a few shape look-alikes that neither source names
  (schwa for a, tone six for b…). Used for one and two substitutions.
* ``extra``: the other scripts' confusables from confusables.txt (Armenian,
  Cherokee, Devanagari digits…). Used for one substitution only, since two
  substitutions from ~500 glyphs would make tens of thousands of names.

It also writes ``cyrillic``: for each Latin letter, the Cyrillic letters that
look like it, for the whole-label Cyrillic fuzzer.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

import idna

KEYS = "abcdefghijklmnopqrstuvwxyz0123456789"
_DIGITS = {
    "ZERO": "0",
    "ONE": "1",
    "TWO": "2",
    "THREE": "3",
    "FOUR": "4",
    "FIVE": "5",
    "SIX": "6",
    "SEVEN": "7",
    "EIGHT": "8",
    "NINE": "9",
}
#: Shapes that neither the names rule nor confusables.txt links to the letter.
SHAPES = {"a": "ə", "b": "ƅ", "p": "ƿ", "3": "ʒ", "5": "ƽ", "k": "ĸ", "2": "ƻ", "n": "ŋ"}
_NAME = re.compile(
    r"^LATIN (?:SMALL )?LETTER (?:SMALL CAPITAL |DOTLESS |SCRIPT )?([A-Z]+)"
    r"(?: WITH .*| BAR| SHARP)?$"
)
_LATIN_BLOCKS = (
    (0x00C0, 0x024F),
    (0x0250, 0x02AF),
    (0x1D00, 0x1DBF),
    (0x1E00, 0x1EFF),
    (0x2C60, 0x2C7F),
    (0xA720, 0xA7FF),
    (0xAB30, 0xAB6F),
)
_NEAR_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")


def label_ok(ch: str) -> bool:
    """True when ``ch`` may stand inside a label under IDNA 2008."""
    try:
        idna.encode("x" + ch + "x", uts46=False)
    except (idna.IDNAError, UnicodeError, ValueError):
        return False
    return True


def _by_name() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {k: set() for k in KEYS}
    for lo, hi in _LATIN_BLOCKS:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            name = unicodedata.name(ch, "")
            if name == "LATIN LETTER TWO WITH STROKE":
                letter: str | None = "TWO"
            elif "CAPITAL LETTER" in name or (not ch.islower() and "SMALL CAPITAL" not in name):
                continue
            else:
                m = _NAME.match(name)
                letter = m.group(1) if m else None
            if letter is None:
                continue
            key = _DIGITS.get(letter, letter.lower())
            if key in found and label_ok(ch):
                found[key].add(ch)
    return found


#: Cyrillic letters shaped like a Latin one that confusables.txt does not pair.
CYRILLIC_SHAPES = {"b": "ь", "l": "ӏ"}


def build_cyrillic() -> dict[str, list[str]]:
    """Latin letter -> Cyrillic letters that look like it (lower or upper case)."""
    from confusable_homoglyphs import confusables  # type: ignore[import-untyped]  # dev only

    data = confusables.confusables_data
    table: dict[str, list[str]] = {}
    for key in KEYS[:26]:
        found = {
            e["c"]
            for e in data.get(key, [])
            if len(e["c"]) == 1 and "CYRILLIC" in e["n"] and e["c"].islower()
        }
        found |= {
            e["c"].lower()
            for e in data.get(key.upper(), [])
            if len(e["c"]) == 1 and "CYRILLIC" in e["n"] and e["c"].isupper()
        }
        found.update(CYRILLIC_SHAPES.get(key, ""))
        found = {ch for ch in found if label_ok(ch)}
        if found:
            table[key] = sorted(found)
    return table


def build() -> dict[str, dict[str, list[str]]]:
    from confusable_homoglyphs import confusables

    data = confusables.confusables_data
    names = _by_name()
    table: dict[str, dict[str, list[str]]] = {}
    for key in KEYS:
        primary = set(names[key])
        extra: set[str] = set()
        if key in SHAPES and label_ok(SHAPES[key]):
            primary.add(SHAPES[key])
        for entry in data.get(key, []):
            ch = entry["c"]
            if len(ch) != 1 or ch.isascii() or not label_ok(ch):
                continue
            script = entry["n"].split(" ", 1)[0]
            (primary if script in _NEAR_SCRIPTS else extra).add(ch)
        extra -= primary
        table[key] = {"primary": sorted(primary), "extra": sorted(extra)}
    return table


def main() -> None:
    out = Path(__file__).with_name("data") / "homoglyphs.json"
    table = build()
    doc = {"homoglyphs": table, "cyrillic": build_cyrillic()}
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    count = sum(len(v["primary"]) + len(v["extra"]) for v in table.values())
    sys.stdout.write(f"wrote {out} ({count} glyphs)\n")


if __name__ == "__main__":
    main()
