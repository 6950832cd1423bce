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


def _refuse(field: str, text: str, why: str, why_zh: str) -> InvalidValue:
    return InvalidValue(
        field,
        f"{text!r} is not an e-mail address: {why}",
        f"“{text}”不是电子邮件地址：{why_zh}",
    )


def check_email(raw: str, field: str = "email") -> str:
    """Return ``raw`` trimmed if it is an e-mail address, else raise ``InvalidValue``."""
    text = raw.strip()
    if not text:
        raise InvalidValue(field, "an e-mail address is empty", "电子邮件地址为空")
    if len(text) > MAX_LENGTH:
        raise InvalidValue(
            field,
            f"an e-mail address is at most {MAX_LENGTH} characters",
            f"电子邮件地址最多 {MAX_LENGTH} 个字符",
        )
    if any(ch.isspace() for ch in text):
        raise _refuse(field, text, "it contains a space", "含有空格")
    if text.count("@") != 1:
        raise _refuse(field, text, "it needs exactly one @", "必须有且只有一个 @")
    local, domain = text.split("@")
    if not local or _LOCAL_FORBIDDEN.search(local) or len(local.encode()) > 64:
        raise _refuse(field, text, "bad part before the @", "@ 前的部分无效")
    if local.startswith(".") or local.endswith(".") or ".." in local:
        raise _refuse(field, text, "bad dots before the @", "@ 前的点号位置无效")
    if "." not in domain.strip(".") or domain.endswith(".") or domain.startswith("["):
        raise _refuse(field, text, "the domain needs a dot", "域名中须有点号")
    try:
        host = normalize_host(domain, field)
    except InvalidValue:
        raise _refuse(
            field, text, f"{domain!r} is not a domain name", f"“{domain}”不是有效域名"
        ) from None
    if host.replace(".", "").isdigit():
        raise _refuse(field, text, "the domain is a number", "域名是一串数字")
    return text


def optional_email(raw: str | None, field: str = "email") -> str | None:
    """``check_email`` for a field that may be left empty (``None`` or blank → ``None``)."""
    if raw is None or not raw.strip():
        return None
    return check_email(raw, field)
