"""Data files shipped with domain discovery, and their readers.

* ``homoglyphs.json``: look-alike code points per ASCII letter and digit, and
  Cyrillic look-alikes per Latin letter (made by ``discover.build_data`` from
  Unicode's confusables.txt and character names).
* ``dictionary.txt``: words added to a brand (English and pinyin).
* ``tlds.txt``: top-level domains for TLD swaps.
* ``suffixes.txt``: public suffixes of two labels (``com.cn``).
* ``homophones.json``: toneless pinyin syllable -> common characters.
* ``shop_words.txt``, ``cities.txt``, ``products.json`` (by Nice class),
  ``geography.json`` (made by ``discover.build_geo``) and ``combo_tlds.txt``:
  the words and TLDs of combination candidates (``discover.combos``), weighted.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any


def read_text(name: str) -> str:
    return files(__name__).joinpath(name).read_text(encoding="utf-8")


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """Non-empty lines of a data file, without comments, in file order."""
    out: list[str] = []
    for line in read_text(name).splitlines():
        text = line.split("#", 1)[0].strip()
        if text:
            out.append(text)
    return tuple(out)


@cache
def load_json(name: str) -> Any:
    return json.loads(read_text(name))
