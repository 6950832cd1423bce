"""Errors of the actions layer, placed in the project's tree (``domain.errors``).

InputError
└── MissingElements       a document lacks required elements (names each and where to supply it)
OperationalError
└── DispatchFailed        the mail server refused the message or could not be reached
GateBlocked               (raised as is) a playbook rule forbids the step
"""

from __future__ import annotations

from rightsguard.domain.errors import InputError, OperationalError


class MissingElements(InputError):
    code = "missing_elements"


class DispatchFailed(OperationalError):
    code = "dispatch_failed"
