"""Errors of the evidence layer, placed in the project's tree (``domain.errors``).

RightsGuardError
└── VerificationFailed    a verification check failed (hash, timestamp, ledger, signed head)
InputError
└── CaptureRefused        the URL resolves to an address capture may not reach (SSRF rule)
OperationalError
├── CaptureFailed         the browser, the recording proxy or the network failed
├── TimestampUnavailable  the time-stamp authority cannot be reached or refused to stamp
└── TimestampInvalid      a time-stamp reply or token does not verify
"""

from __future__ import annotations

from rightsguard.domain.errors import InputError, OperationalError, RightsGuardError


class VerificationFailed(RightsGuardError):
    code = "verification_failed"


class CaptureRefused(InputError):
    code = "capture_refused"


class CaptureFailed(OperationalError):
    code = "capture_failed"


class TimestampUnavailable(OperationalError):
    code = "tsa_unavailable"


class TimestampInvalid(OperationalError):
    code = "tsa_invalid"
