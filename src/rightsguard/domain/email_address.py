"""E-mail addresses as typed by a user.

``check_email`` accepts an address with exactly one ``@``, a non-empty local part of
printable characters without spaces (at most 64 octets, RFC 5321 §4.5.3.1.1) and a
dotted domain name; international domain names (``售后@例子.中国``) are allowed and
checked through IDNA like a URL's host. Anything else raises ``InvalidValue``
naming the field. The address is returned trimmed but otherwise as typed, so a
notice goes to what the user wrote.
"""

from __future__ import annotations

import re

from rightsguard.domain.errors import InvalidValue
from rightsguard.domain.urls import normalize_host

MAX_LENGTH = 320
_LOCAL_FORBIDDEN = re.compile(r'[\s<>()\[\],;:"\\\x00-\x1f\x7f]')


def check_email(raw: str, field: str = "email") -> str:
    """Return ``raw`` trimmed if it is an e-mail address, else raise ``InvalidValue``."""
    text = raw.strip()
    if not text:
        raise InvalidValue(field, "an e-mail address is empty")
    if len(text) > MAX_LENGTH:
        raise InvalidValue(field, f"an e-mail address is at most {MAX_LENGTH} characters")
    if any(ch.isspace() for ch in text):
        raise InvalidValue(field, f"{text!r} is not an e-mail address: it contains a space")
    if text.count("@") != 1:
        raise InvalidValue(field, f"{text!r} is not an e-mail address: it needs exactly one @")
    local, domain = text.split("@")
    if not local or _LOCAL_FORBIDDEN.search(local) or len(local.encode()) > 64:
        raise InvalidValue(field, f"{text!r} is not an e-mail address: bad part before the @")
    if local.startswith(".") or local.endswith(".") or ".." in local:
        raise InvalidValue(field, f"{text!r} is not an e-mail address: bad dots before the @")
    if "." not in domain.strip(".") or domain.endswith(".") or domain.startswith("["):
        raise InvalidValue(field, f"{text!r} is not an e-mail address: the domain needs a dot")
    try:
        host = normalize_host(domain, field)
    except InvalidValue:
        raise InvalidValue(
            field, f"{text!r} is not an e-mail address: {domain!r} is not a domain name"
        ) from None
    if host.replace(".", "").isdigit():
        raise InvalidValue(field, f"{text!r} is not an e-mail address: the domain is a number")
    return text


def optional_email(raw: str | None, field: str = "email") -> str | None:
    """``check_email`` for a field that may be left empty (``None`` or blank → ``None``)."""
    if raw is None or not raw.strip():
        return None
    return check_email(raw, field)
