"""Unified Social Credit Codes (统一社会信用代码, GB 32100-2015).

An 18-character code: registration authority (1), entity category (1),
administrative division (6), organisation code body (8) and its GB 11714
check character (1), then the code's own check character (1). Characters come
from the 31-character alphabet below (no I, O, S, V, Z). The sandbox uses
these functions to make its invented codes valid, and its tests assert them.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def check_char(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters."""
    if len(first17) != 17:
        raise ValueError(f"need 17 characters, got {len(first17)}")
    try:
        total = sum(_VALUE[ch] * w for ch, w in zip(first17.upper(), _WEIGHTS, strict=True))
    except KeyError as exc:
        raise ValueError(f"character {exc.args[0]!r} is not allowed in a USCC") from None
    return ALPHABET[(31 - total % 31) % 31]


def org_check_char(body8: str) -> str:
    """The GB 11714 check character of an organisation code's 8-character body."""
    if len(body8) != 8:
        raise ValueError(f"need 8 characters, got {len(body8)}")
    total = 0
    for ch, w in zip(body8.upper(), _ORG_WEIGHTS, strict=True):
        if ch.isdigit():
            total += int(ch) * w
        elif "A" <= ch <= "Z":
            total += (ord(ch) - 55) * w
        else:
            raise ValueError(f"character {ch!r} is not allowed in an organisation code")
    c = 11 - total % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def is_valid(code: str) -> bool:
    """True when ``code`` is 18 allowed characters with a correct check character."""
    code = code.strip().upper()
    if len(code) != 18 or any(ch not in _VALUE for ch in code):
        return False
    return check_char(code[:17]) == code[17]


def make(prefix8: str, org_body8: str) -> str:
    """Build a valid code from the first 8 characters and an organisation-code body."""
    first17 = prefix8 + org_body8 + org_check_char(org_body8)
    return first17 + check_char(first17)
