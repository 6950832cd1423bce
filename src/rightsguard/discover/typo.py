"""Typing-error and look-alike fuzzers on the registrable label (pure).

Each fuzzer takes a ``Seed`` and yields full Unicode host names; the generator
checks IDNA validity, drops the seed itself and removes duplicates. The
families follow the ones dnstwist made common (addition, bitsquatting,
cyrillic, homoglyph, hyphenation, insertion, omission, plural, repetition,
replacement, subdomain, transposition, vowel-swap, various); the code and the
tables are our own: keyboard neighbours are computed from the layouts' rows,
look-alike glyphs come from Unicode's confusables and character names
(``data/homoglyphs.json``).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from itertools import product

from rightsguard.discover.data import load_json
from rightsguard.discover.model import Seed

LETTERS = "abcdefghijklmnopqrstuvwxyz"
DIGITS = "0123456789"
LDH = frozenset(LETTERS + DIGITS + "-")
VOWELS = "aeiou"

#: Keyboard rows; each row is shifted half a key right of the one above it.
LAYOUTS: dict[str, tuple[str, ...]] = {
    "qwerty": ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"),
    "qwertz": ("1234567890", "qwertzuiop", "asdfghjkl", "yxcvbnm"),
    "azerty": ("1234567890", "azertyuiop", "qsdfghjklm", "wxcvbn"),
}

#: ASCII look-alikes: one glyph or a pair read as another (rn ~ m, cl ~ d).
ASCII_GLYPHS: dict[str, tuple[str, ...]] = {
    "0": ("o",),
    "1": ("l", "i"),
    "3": ("8",),
    "6": ("9",),
    "8": ("3",),
    "9": ("6",),
    "b": ("d", "lb"),
    "c": ("e",),
    "d": ("b", "cl", "dl"),
    "e": ("c",),
    "g": ("q",),
    "h": ("lh",),
    "i": ("1", "l"),
    "k": ("lc",),
    "l": ("1", "i"),
    "m": ("n", "nn", "rn"),
    "n": ("m", "r"),
    "o": ("0",),
    "q": ("g",),
    "u": ("v",),
    "v": ("u",),
    "w": ("vv",),
    "rn": ("m",),
    "cl": ("d",),
    "vv": ("w",),
}
#: Latin ligatures that registries accept for two letters.
LIGATURES: dict[str, tuple[str, ...]] = {"ae": ("æ",), "oe": ("œ",)}

#: Registries whose IDN tables accept no Latin look-alikes (only ASCII swaps apply).
ASCII_ONLY_SUFFIXES = frozenset(
    {
        *("ad", "cz", "sk", "uk", "co.uk", "nl", "edu", "us"),
        *("jp", "co.jp", "ad.jp", "ne.jp", "cn", "com.cn", "tw", "com.tw", "net.tw"),
    }
)


@cache
def keyboard_neighbours() -> dict[str, str]:
    """Every key's neighbours on any of the layouts, in a stable order."""
    found: dict[str, dict[str, None]] = {}
    for rows in LAYOUTS.values():
        for r, row in enumerate(rows):
            for c, key in enumerate(row):
                near: list[tuple[int, int]] = [(r, c - 1), (r, c + 1)]
                near += [(r - 1, c), (r - 1, c + 1), (r + 1, c - 1), (r + 1, c)]
                bucket = found.setdefault(key, {})
                for nr, nc in near:
                    if 0 <= nr < len(rows) and 0 <= nc < len(rows[nr]):
                        bucket[rows[nr][nc]] = None
    return {k: "".join(v) for k, v in found.items()}


@cache
def glyph_table(*, full: bool, ascii_only: bool) -> dict[str, tuple[str, ...]]:
    """Look-alikes per string: ASCII ones, plus Unicode ones unless ``ascii_only``."""
    table: dict[str, dict[str, None]] = {k: dict.fromkeys(v) for k, v in ASCII_GLYPHS.items()}
    if not ascii_only:
        data: dict[str, dict[str, list[str]]] = load_json("homoglyphs.json")["homoglyphs"]
        for key, sets in data.items():
            bucket = table.setdefault(key, {})
            bucket.update(dict.fromkeys(sets["primary"]))
            if full:
                bucket.update(dict.fromkeys(sets["extra"]))
        for key, glyphs in LIGATURES.items():
            table.setdefault(key, {}).update(dict.fromkeys(glyphs))
    return {k: tuple(v) for k, v in table.items() if v}


@cache
def cyrillic_table() -> dict[str, tuple[str, ...]]:
    data: dict[str, list[str]] = load_json("homoglyphs.json")["cyrillic"]
    return {k: tuple(v) for k, v in data.items()}


def addition(seed: Seed) -> Iterator[str]:
    """One letter or digit added at either end, or before a hyphen."""
    label = seed.label
    parts = label.split("-")
    for ch in DIGITS + LETTERS:
        yield seed.with_label(label + ch)
        yield seed.with_label(ch + label)
        for p in range(1, len(parts)):
            yield seed.with_label("-".join(parts[:p]) + ch + "-" + "-".join(parts[p:]))


def bitsquatting(seed: Seed) -> Iterator[str]:
    """One bit of one character flipped, when the result is a letter, digit or hyphen."""
    label = seed.label
    for i, ch in enumerate(label):
        for bit in range(8):
            flipped = chr(ord(ch) ^ (1 << bit))
            if flipped in LDH:
                yield seed.with_label(label[:i] + flipped + label[i + 1 :])


def cyrillic(seed: Seed, limit: int = 64) -> Iterator[str]:
    """The whole label in Cyrillic look-alikes (digits and hyphens kept).

    Registries refuse labels that mix scripts, so only whole-label swaps are
    made; when a letter has several Cyrillic look-alikes, up to ``limit``
    combinations are yielded.
    """
    table = cyrillic_table()
    label = seed.label
    if not any(ch in table for ch in label):
        return
    choices: list[tuple[str, ...]] = []
    for ch in label:
        if ch in table:
            choices.append(table[ch])
        elif ch in DIGITS or ch == "-":
            choices.append((ch,))
        else:
            return
    for n, combo in enumerate(product(*choices)):
        if n >= limit:
            return
        yield seed.with_label("".join(combo))


def _mix(label: str, glyphs: dict[str, tuple[str, ...]]) -> Iterator[str]:
    """One substitution: a character, or a pair of characters, by a look-alike."""
    for i, ch in enumerate(label):
        for g in glyphs.get(ch, ()):
            yield label[:i] + g + label[i + 1 :]
    for i in range(len(label) - 1):
        pair = label[i : i + 2]
        for g in glyphs.get(pair, ()):
            yield label[:i] + g + label[i + 2 :]
        if pair[0] == pair[1]:  # a doubled letter read as one: both swapped alike
            for g in glyphs.get(pair[0], ()):
                yield label[:i] + g + g + label[i + 2 :]


def homoglyph(seed: Seed) -> Iterator[str]:
    """Look-alike characters: one substitution from the full table, two from the near one.

    The near table holds ASCII swaps (``rn`` for ``m``, ``0`` for ``o``) and
    Latin, Greek and Cyrillic look-alikes; the full one adds other scripts'
    confusables. Suffixes whose registry takes no Latin IDNs get ASCII swaps only.
    """
    ascii_only = seed.suffix in ASCII_ONLY_SUFFIXES
    full = glyph_table(full=True, ascii_only=ascii_only)
    near = glyph_table(full=False, ascii_only=ascii_only)
    once: dict[str, None] = dict.fromkeys(_mix(seed.label, full))
    near_once = dict.fromkeys(_mix(seed.label, near))
    twice: dict[str, None] = {}
    for variant in near_once:
        twice.update(dict.fromkeys(_mix(variant, near)))
    for variant in {**once, **twice}:
        yield seed.with_label(variant)


def hyphenation(seed: Seed) -> Iterator[str]:
    label = seed.label
    for i in range(1, len(label)):
        yield seed.with_label(label[:i] + "-" + label[i:])


def insertion(seed: Seed) -> Iterator[str]:
    """A neighbouring key pressed with a key, before or after it."""
    label = seed.label
    near = keyboard_neighbours()
    for i, ch in enumerate(label):
        for extra in near.get(ch, ""):
            yield seed.with_label(label[:i] + extra + label[i:])
            yield seed.with_label(label[: i + 1] + extra + label[i + 1 :])


def omission(seed: Seed) -> Iterator[str]:
    label = seed.label
    for i in range(len(label)):
        yield seed.with_label(label[:i] + label[i + 1 :])


def plural(seed: Seed) -> Iterator[str]:
    """An ``s`` (``es`` after s, x, z) after a letter inside or at the end of the label."""
    label = seed.label
    for i in range(1, len(label)):
        ch = label[i]
        yield seed.with_label(label[: i + 1] + ("es" if ch in "sxz" else "s") + label[i + 1 :])


def repetition(seed: Seed) -> Iterator[str]:
    label = seed.label
    for i, ch in enumerate(label):
        yield seed.with_label(label[:i] + ch + label[i:])


def replacement(seed: Seed) -> Iterator[str]:
    """A key replaced by a neighbouring key."""
    label = seed.label
    near = keyboard_neighbours()
    for i, ch in enumerate(label):
        for other in near.get(ch, ""):
            yield seed.with_label(label[:i] + other + label[i + 1 :])


def subdomain(seed: Seed) -> Iterator[str]:
    """A dot inside the label, making the start of the brand a subdomain."""
    label = seed.label
    for i in range(1, len(label)):
        if label[i] not in "-." and label[i - 1] not in "-.":
            yield seed.with_label(label[:i] + "." + label[i:])


def transposition(seed: Seed) -> Iterator[str]:
    label = seed.label
    for i in range(len(label) - 1):
        yield seed.with_label(label[:i] + label[i + 1] + label[i] + label[i + 2 :])


def vowel_swap(seed: Seed) -> Iterator[str]:
    label = seed.label
    for i, ch in enumerate(label):
        if ch in VOWELS:
            for v in VOWELS:
                if v != ch:
                    yield seed.with_label(label[:i] + v + label[i + 1 :])


def various(seed: Seed) -> Iterator[str]:
    """The suffix folded into the label (``aurorixcom.com``, ``aurorix-cn.com``)."""
    label, suffix = seed.label, seed.suffix
    flat = suffix.replace(".", "")
    if "." in suffix:  # aurorix.com.cn -> aurorix.cn, aurorixcom.cn, aurorixcomcn.com
        yield seed.with_suffix(suffix.rsplit(".", 1)[-1])
        yield ".".join(p for p in (seed.sub, label + suffix) if p)
        yield ".".join(p for p in (seed.sub, label + flat, "com") if p)
    else:
        yield seed.with_label(label + flat)
    if suffix != "com" and "." not in suffix:
        yield ".".join(p for p in (seed.sub, label + "-" + suffix, "com") if p)
        yield ".".join(p for p in (seed.sub, label + suffix, "com") if p)
    if seed.sub:
        for joined in (
            seed.sub + label,
            seed.sub.replace(".", "") + label,
            seed.sub + "-" + label,
            seed.sub.replace(".", "-") + "-" + label,
        ):
            yield ".".join((joined, suffix))
