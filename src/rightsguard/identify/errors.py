"""Errors of the identify layer (subclasses of the domain's tree).

OperationalError
└── LookupFailed          a registry, registrar or resolver did not answer usefully
    └── RateLimited       429 after every retry (carries the last Retry-After)
"""

from __future__ import annotations

from rightsguard.domain.errors import OperationalError


class LookupFailed(OperationalError):
    code = "lookup_failed"


class RateLimited(LookupFailed):
    code = "rate_limited"

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
