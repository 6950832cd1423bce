"""Errors of lookups (subclasses of the domain's tree).

OperationalError
└── LookupFailed          a registry, registrar or resolver did not answer usefully;
    │                     ``lookup`` says which: "rdap", "whois" or "dns"
    └── RateLimited       429 after every retry (carries the last Retry-After)

Identification (RDAP, WHOIS, DNS) and discovery (the DNS checks of candidate
names) raise the same ``LookupFailed``.
"""

from __future__ import annotations

from typing import Literal

from rightsguard.domain.errors import OperationalError

Lookup = Literal["rdap", "whois", "dns"]


class LookupFailed(OperationalError):
    code = "lookup_failed"

    def __init__(self, message: str, *, lookup: Lookup) -> None:
        super().__init__(message)
        self.lookup = lookup


class RateLimited(LookupFailed):
    code = "rate_limited"

    def __init__(self, message: str, retry_after: float | None = None, *, lookup: Lookup) -> None:
        super().__init__(message, lookup=lookup)
        self.retry_after = retry_after
