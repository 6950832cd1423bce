"""Watching new registrations: the names a zone file gained since the last one (pure).

A TLD zone file (RFC 1035 master format, as ICANN's CZDS hands them out)
lists each delegated name with its NS records. ``zone_names`` reads the
owners of NS records (``$ORIGIN`` and relative names followed, ``@`` the
origin, a blank owner the previous one, comments and ``$TTL`` skipped);
``new_names(old, new)`` is what the newer zone adds. The new names holding a
brand form (``matching.find_hits``) become hits, fuzzer ``zone-diff``.
"""

from __future__ import annotations

import gzip

from rightsguard.domain.errors import InvalidValue

_TYPES_BEFORE_DATA = {"in", "ch", "hs"}


def _absolute(name: str, origin: str) -> str:
    if name == "@":
        return origin
    if name.endswith("."):
        return name.rstrip(".")
    return f"{name}.{origin}" if origin else name


def zone_names(text: str) -> set[str]:
    """The delegated names (owners of NS records) of a zone file, lower case, no final dot."""
    origin = ""
    owner = ""
    names: set[str] = set()
    for raw in text.splitlines():
        line = raw.split(";", 1)[0].rstrip()
        if not line.strip():
            continue
        fields = line.split()
        if fields[0].upper() == "$ORIGIN":
            if len(fields) < 2:
                raise InvalidValue("zone", f"$ORIGIN without a name: {raw!r}")
            origin = fields[1].lower().rstrip(".")
            continue
        if fields[0].startswith("$"):
            continue
        if line[0] in " \t":
            rest = fields
        else:
            owner = _absolute(fields[0].lower(), origin)
            rest = fields[1:]
        # [ttl] [class] type data, in either order of ttl and class
        words = [w.lower() for w in rest]
        while words and (words[0].isdigit() or words[0] in _TYPES_BEFORE_DATA):
            words = words[1:]
        if words and words[0] == "ns" and owner and owner != origin:
            names.add(owner)
    return names


def decode_zone(data: bytes) -> str:
    """A zone file's text (gzip-compressed or not)."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidValue("zone", "the zone file is not UTF-8 text") from None


def new_names(old: set[str], new: set[str]) -> list[str]:
    """The names ``new`` holds and ``old`` did not, sorted."""
    return sorted(new - old)
