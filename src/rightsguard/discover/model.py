"""Seeds and candidates: the values domain discovery works on (pure).

A *seed* is a domain to protect, split into an optional subdomain, the
registrable label and the public suffix (``shop.aurorix.com.cn`` ->
``shop`` / ``aurorix`` / ``com.cn``), kept in Unicode so that fuzzers can work
on Chinese labels. A *candidate* is one look-alike name: its ASCII (punycode)
form, its Unicode form, the fuzzer that made it and the seed it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import idna

from rightsguard.discover.data import load_lines
from rightsguard.domain.errors import InvalidValue

_ASCII_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
MAX_SEED_LENGTH = 253


@lru_cache(maxsize=1)
def two_label_suffixes() -> frozenset[str]:
    return frozenset(load_lines("suffixes.txt"))


@dataclass(frozen=True, slots=True)
class Seed:
    """A domain to protect, in Unicode, split at its public suffix."""

    label: str
    suffix: str
    sub: str = ""

    def with_label(self, label: str) -> str:
        """The seed's full name with another registrable label."""
        return ".".join(p for p in (self.sub, label, self.suffix) if p)

    def with_suffix(self, suffix: str) -> str:
        return ".".join(p for p in (self.sub, self.label, suffix) if p)

    @property
    def domain(self) -> str:
        return self.with_label(self.label)

    @property
    def ascii(self) -> str:
        ascii_name = to_ascii(self.domain)
        assert ascii_name is not None  # checked by parse_seed
        return ascii_name

    def as_candidate(self) -> Candidate:
        """The seed itself as a candidate (fuzzer ``seed``), to look up the brand's own site."""
        return Candidate(self.ascii, self.domain, "seed", self.ascii)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A look-alike name: ASCII form, Unicode form, the fuzzer and the seed."""

    domain: str
    unicode: str
    fuzzer: str
    seed: str


def _ascii_ok(name: str) -> bool:
    if len(name) > MAX_SEED_LENGTH:
        return False
    labels = name.split(".")
    for label in labels:
        if not _ASCII_LABEL.match(label):
            return False
        if label[2:4] == "--" and not label.startswith("xn--"):
            return False
    return not labels[-1].isdigit()


@lru_cache(maxsize=1 << 16)
def _idna_ascii(name: str) -> str | None:
    try:
        encoded = idna.encode(name, uts46=False).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return None
    return encoded if _ascii_ok(encoded) else None


def to_ascii(name: str) -> str | None:
    """The ASCII form of ``name`` if it is a valid IDNA 2008 host name, else None."""
    if name.isascii():
        if not _ascii_ok(name):
            return None
        if "xn--" in name:
            return name if _idna_ascii(name) is not None else None
        return name
    return _idna_ascii(name)


def to_unicode(ascii_name: str) -> str:
    if "xn--" not in ascii_name:
        return ascii_name
    try:
        return idna.decode(ascii_name)
    except (idna.IDNAError, UnicodeError, ValueError):
        return ascii_name


def split_host(host: str) -> Seed:
    """Split a Unicode host into subdomain, label and public suffix."""
    labels = host.split(".")
    if len(labels) < 2:
        raise InvalidValue("seed", f"{host!r} has no top-level domain (e.g. {host}.com)")
    if len(labels) >= 3 and ".".join(labels[-2:]) in two_label_suffixes():
        return Seed(label=labels[-3], suffix=".".join(labels[-2:]), sub=".".join(labels[:-3]))
    return Seed(label=labels[-2], suffix=labels[-1], sub=".".join(labels[:-2]))


def parse_seed(raw: str) -> Seed:
    """Read a domain or URL typed by a user; ``InvalidValue`` when it is not one."""
    if not isinstance(raw, str):
        raise InvalidValue("seed", "must be text")
    text = raw.strip()
    if "://" in text:
        try:
            text = urlsplit(text).hostname or ""
        except ValueError:
            raise InvalidValue("seed", f"{raw!r} is not a URL or domain") from None
    text = text.rstrip(".")
    if not text:
        raise InvalidValue("seed", "is empty")
    if len(text) > MAX_SEED_LENGTH:
        raise InvalidValue("seed", f"is longer than {MAX_SEED_LENGTH} characters")
    try:
        ascii_name = idna.encode(text, uts46=True).decode("ascii")
        uni = idna.decode(ascii_name)
    except (idna.IDNAError, UnicodeError, ValueError) as exc:
        raise InvalidValue("seed", f"{raw!r} is not a valid domain name ({exc})") from None
    if to_ascii(uni) is None:
        raise InvalidValue("seed", f"{raw!r} is not a valid domain name")
    return split_host(uni)
