"""Errors of evidence capture, placed in the project's tree (``domain.errors``).

InputError
└── CaptureRefused        the URL resolves to an address capture may not reach (SSRF rule)
OperationalError
└── CaptureFailed         the browser, the recording proxy or the network failed
"""

from __future__ import annotations

from rightsguard.domain.errors import InputError, OperationalError


class CaptureRefused(InputError):
    code = "capture_refused"


class CaptureFailed(OperationalError):
    code = "capture_failed"
