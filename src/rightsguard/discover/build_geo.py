"""Regenerate ``data/geography.json`` (run by a maintainer, not at run time).

``python -m rightsguard.discover.build_geo`` writes, for every ISO 3166-1
region that ``phonenumbers`` names, its alpha-2 code, a weight and its names
as domain-label words: first the informal names, endonyms and demonyms shops
use (``uk``, ``usa``, ``deutschland``, ``italian``), then the English,
German, French, Spanish, Italian, Dutch, Portuguese, Polish and Swedish names
from ``phonenumbers``' locale data, all folded to ASCII without spaces
(``Vereinigtes Königreich`` -> ``vereinigteskonigreich``).
Names longer than ``MAX_LENGTH`` letters are dropped. The weight runs from
1.0 down to 0.52 over the markets where sellers of counterfeits most often
name the country (``MAJOR``, likeliest first), 0.4 for the others.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv")
MAX_LENGTH = 16
#: Markets named most often beside a brand in dispute decisions, likeliest first.
_MAJOR = (
    "US GB DE FR IT ES CA AU JP NL BE CH AT SE DK NO FI IE PT PL MX BR AR CL CO NZ ZA AE SA "
    "IN MY SG PH TH ID KR HK TW CN TR EG GR RO HU CZ HR RS IL RU UA SK BG"
)
MAJOR = tuple(_MAJOR.split())
#: Endonyms, informal names and demonyms.
EXTRA: dict[str, tuple[str, ...]] = {
    "US": ("usa", "america", "american", "estadosunidos"),
    "GB": ("uk", "england", "britain", "british", "greatbritain"),
    "DE": ("deutschland", "german", "germany"),
    "AT": ("osterreich", "oesterreich", "austria"),
    "CH": ("schweiz", "suisse", "svizzera", "swiss"),
    "FR": ("france", "french"),
    "BE": ("belgie", "belgique", "belgium"),
    "NL": ("nederland", "holland", "dutch"),
    "IT": ("italia", "italian", "italy"),
    "ES": ("espana", "spanish"),
    "PT": ("portugal",),
    "BR": ("brasil",),
    "MX": ("mexico", "mexican"),
    "IE": ("ireland", "irish", "eire"),
    "DK": ("danmark", "danish"),
    "SE": ("sverige", "swedish"),
    "NO": ("norge", "norway", "norwegian"),
    "FI": ("suomi", "finnish"),
    "PL": ("polska", "polish"),
    "CZ": ("cesko", "czech", "ceskarepublika"),
    "SK": ("slovensko",),
    "HU": ("magyarorszag", "hungary"),
    "RO": ("romania",),
    "HR": ("hrvatska", "croatia"),
    "RS": ("srbija", "serbia"),
    "BG": ("bulgaria",),
    "GR": ("greece", "hellas", "ellada"),
    "TR": ("turkiye", "turkey", "turkish"),
    "RU": ("russia", "rossiya"),
    "UA": ("ukraine", "ukraina"),
    "CA": ("canada", "canadian"),
    "AU": ("australia", "australian", "aus"),
    "NZ": ("newzealand", "nz"),
    "JP": ("japan", "japanese", "nippon"),
    "KR": ("korea", "korean"),
    "CN": ("china", "chinese", "zhongguo"),
    "HK": ("hongkong",),
    "TW": ("taiwan",),
    "IN": ("india",),
    "MY": ("malaysia",),
    "SG": ("singapore",),
    "PH": ("philippines", "pilipinas"),
    "TH": ("thailand",),
    "ID": ("indonesia",),
    "AE": ("uae", "emirates"),
    "SA": ("ksa", "saudi", "saudiarabia"),
    "EG": ("egypt", "misr"),
    "ZA": ("southafrica",),
    "IL": ("israel",),
    "AR": ("argentina",),
    "CL": ("chile",),
    "CO": ("colombia",),
}
_NOT_LETTER = re.compile(r"[^a-z0-9]")


def fold(name: str) -> str:
    """A name as a domain-label word: ASCII letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return _NOT_LETTER.sub("", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _name(entry: dict[str, str], lang: str) -> str:
    seen = set()
    value = entry.get(lang, "")
    while value.startswith("*") and value not in seen:  # "*aa": same as language "aa"
        seen.add(value)
        value = entry.get(value[1:], "")
    return value


def build() -> dict[str, dict[str, object]]:
    from phonenumbers.geodata.locale import LOCALE_DATA

    out: dict[str, dict[str, object]] = {}
    for code, entry in sorted(LOCALE_DATA.items()):
        if not re.fullmatch(r"[A-Z]{2}", code):
            continue
        names: dict[str, None] = dict.fromkeys(EXTRA.get(code, ()))
        for lang in LANGUAGES:
            raw = _name(entry, lang)
            if any(c.isascii() and c.isalpha() for c in raw):  # Latin script only
                word = fold(raw)
                if 2 < len(word) <= MAX_LENGTH:
                    names[word] = None
        weight = 1.0 - 0.01 * MAJOR.index(code) if code in MAJOR else 0.4
        out[code] = {"weight": round(weight, 2), "names": list(names)}
    return out


def main() -> int:
    target = Path(__file__).with_name("data") / "geography.json"
    data = build()
    text = json.dumps(data, ensure_ascii=True, indent=0, sort_keys=True)
    target.write_text(text + "\n", encoding="utf-8")
    sys.stdout.write(f"wrote {len(data)} regions to {target}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
