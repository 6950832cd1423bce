"""Errors of the sandbox, placed in the project's tree (``domain.errors``).

OperationalError
├── PortInUse              a sandbox port is taken (names the address and port)
├── SandboxStartFailed     the background sandbox did not come up
└── NetworkUnavailable     (rightsguard.net)
    └── SandboxNotRunning  no running sandbox where one was expected
InvalidValue
└── (raised as is)         an unknown host name or mode
"""

from __future__ import annotations

from rightsguard.domain.errors import OperationalError
from rightsguard.net.errors import NetworkUnavailable


class PortInUse(OperationalError):
    code = "port_in_use"

    @classmethod
    def at(cls, host: str, port: int, what: str) -> PortInUse:
        return cls(
            f"port {port} on {host} is already in use ({what}); "
            "stop what holds it or choose another port"
        )


class SandboxStartFailed(OperationalError):
    code = "sandbox_start_failed"


class SandboxNotRunning(NetworkUnavailable):
    code = "sandbox_not_running"
