"""URL normalisation for targets.

``normalize_url`` turns what a user pasted into one canonical form so that the
same page is one target: scheme and host lower-cased, international names in
punycode (IDNA 2008 with UTS #46 mapping), default ports and fragments dropped,
dot segments removed, percent-escapes upper-cased and non-ASCII characters
percent-encoded as UTF-8. The original text is kept beside it. Anything that is
not an absolute http(s) URL with a valid host raises ``InvalidValue``.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

import idna

from rightsguard.domain.errors import InvalidValue

_DEFAULT_PORTS = {"http": 80, "https": 443}
_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
_PCT = re.compile(r"%([0-9a-fA-F]{2})")
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# Characters left as they are in a path or query (RFC 3986 pchar and friends).
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_SAFE = _PATH_SAFE + "?"
MAX_URL_LENGTH = 8192


@dataclass(frozen=True, slots=True)
class NormalizedUrl:
    original: str
    url: str
    scheme: str
    host: str
    port: int | None
    path: str
    query: str

    @property
    def tld(self) -> str:
        """The last label of the host (empty for an IP address)."""
        if _is_ip(self.host):
            return ""
        return self.host.rsplit(".", 1)[-1]


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def normalize_host(raw: str, field: str = "url") -> str:
    """Return the ASCII (punycode) lower-case form of a host name or IP literal."""
    host = raw.strip()
    if host.startswith("["):
        if not host.endswith("]"):
            raise InvalidValue(field, f"bad IPv6 literal {raw!r}")
        try:
            ip6 = ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise InvalidValue(field, f"bad IPv6 literal {raw!r}") from None
        return f"[{ip6.compressed}]"
    host = host.rstrip(".")
    if not host:
        raise InvalidValue(field, "the URL has no host")
    if host[-1].isdigit():
        try:
            return str(ipaddress.IPv4Address(host))
        except ValueError:
            pass
    if host.isascii():
        ascii_host = host.lower()
        if len(ascii_host) <= 253 and _HOST_OK.fullmatch(ascii_host):
            if ascii_host.rsplit(".", 1)[-1].isdigit():
                raise InvalidValue(
                    field, f"host {raw!r} is not a valid domain name or IPv4 address"
                )
            return ascii_host
    else:
        try:
            ascii_host = idna.encode(host, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError, ValueError) as exc:
            raise InvalidValue(field, f"host {raw!r} is not a valid domain name ({exc})") from None
    if len(ascii_host) > 253:
        raise InvalidValue(field, f"host {raw!r} is longer than 253 characters")
    labels = ascii_host.split(".")
    for label in labels:
        if not _LABEL.match(label):
            raise InvalidValue(field, f"host {raw!r} is not a valid domain name")
    if labels[-1].isdigit():
        raise InvalidValue(field, f"host {raw!r} is not a valid domain name or IPv4 address")
    return ascii_host


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PLAIN_PATH = re.compile(r"[A-Za-z0-9/:@!$&'()*+,;=._~-]*")
_PLAIN_QUERY = re.compile(r"[A-Za-z0-9/:@!$&'()*+,;=._~?-]*")
_HOST_OK = re.compile(r"(?:(?!-)[a-z0-9_-]{1,63}(?<!-)\.)*(?!-)[a-z0-9_-]{1,63}(?<!-)")


def _normalize_escapes(text: str, safe: str) -> str:
    plain = _PLAIN_QUERY if "?" in safe else _PLAIN_PATH
    if plain.fullmatch(text):  # the common case: nothing to encode or fix
        return text

    def fix(match: re.Match[str]) -> str:
        byte = int(match.group(1), 16)
        return chr(byte) if byte in _UNRESERVED else f"%{match.group(1).upper()}"

    decoded_unreserved = _PCT.sub(fix, text)
    # A lone '%' not followed by two hex digits is encoded; everything else that
    # is not safe (spaces, non-ASCII, quotes) is percent-encoded as UTF-8.
    out = []
    i = 0
    while i < len(decoded_unreserved):
        ch = decoded_unreserved[i]
        if ch == "%" and _PCT.match(decoded_unreserved, i):
            out.append(decoded_unreserved[i : i + 3])
            i += 3
            continue
        if ch == "%":
            out.append("%25")
        else:
            out.append(quote(ch, safe=safe.replace("%", ""), encoding="utf-8", errors="strict"))
        i += 1
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    if "." not in path:
        return path
    output: list[str] = []
    segments = path.split("/")
    for i, seg in enumerate(segments):
        last = i == len(segments) - 1
        if seg == ".":
            if last:
                output.append("")
            continue
        if seg == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
            continue
        output.append(seg)
    result = "/".join(output)
    return result if result.startswith("/") else "/" + result


def normalize_url(raw: str, field: str = "url") -> NormalizedUrl:
    """Normalise ``raw`` or raise ``InvalidValue`` naming ``field`` and the reason."""
    if not isinstance(raw, str):
        raise InvalidValue(field, "a URL must be text")
    text = raw.strip()
    if not text:
        raise InvalidValue(field, "the URL is empty")
    if len(text) > MAX_URL_LENGTH:
        raise InvalidValue(field, f"the URL is longer than {MAX_URL_LENGTH} characters")
    if _CONTROL.search(text):
        raise InvalidValue(field, "the URL contains control characters")
    if "://" not in text:
        if text.startswith("//") or (
            re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", text) and not re.match(r"^[^:/]+:\d", text)
        ):
            raise InvalidValue(field, f"{raw!r} is not an http or https URL")
        text = "http://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InvalidValue(field, f"{raw!r} is not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise InvalidValue(field, f"scheme {parts.scheme!r} is not supported (use http or https)")
    netloc = parts.netloc
    userinfo = ""
    if "@" in netloc:
        userinfo, _, _ = netloc.rpartition("@")
        userinfo = _normalize_escapes(userinfo, "!$&'()*+,;=:-._~%") + "@"
    hostname = parts.hostname
    if hostname is None or hostname == "":
        raise InvalidValue(field, "the URL has no host")
    if ":" in hostname:  # urlsplit strips the brackets of an IPv6 literal
        hostname = f"[{hostname}]"
    else:
        # urlsplit lower-cases; take the case-preserving form for IDNA mapping.
        hostname = netloc.rpartition("@")[2]
        if port is not None or hostname.endswith(":"):
            hostname = hostname.rsplit(":", 1)[0]
    host = normalize_host(hostname, field)
    if port == _DEFAULT_PORTS[scheme]:
        port = None
    hostport = host if port is None else f"{host}:{port}"
    try:
        path = _remove_dot_segments(_normalize_escapes(parts.path or "/", _PATH_SAFE))
        query = _normalize_escapes(parts.query, _QUERY_SAFE)
    except UnicodeError:
        raise InvalidValue(field, f"{raw!r} contains characters that cannot be encoded") from None
    url = urlunsplit((scheme, userinfo + hostport, path, query, ""))
    return NormalizedUrl(
        original=raw, url=url, scheme=scheme, host=host, port=port, path=path, query=query
    )
