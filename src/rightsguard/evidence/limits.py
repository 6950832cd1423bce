"""Limits on one capture, so a hostile or huge page cannot run it forever.

A capture that reaches a limit stops, keeps what it got and is marked
``partial`` with the reason (see :class:`LimitReached`); never ``complete``.
Defaults come from the workspace settings named in ``SETTING_NAMES`` when the
settings table has them, else from the dataclass defaults below.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

MiB = 1 << 20


@dataclass(frozen=True, slots=True)
class CaptureLimits:
    #: Wall-clock seconds for one capture, loading to packaging.
    timeout: float = 60.0
    #: Bytes kept of any one response; the rest is cut and the record marked truncated.
    max_response_bytes: int = 50 * MiB
    #: Bytes of all responses of one capture together.
    max_total_bytes: int = 200 * MiB
    #: HTTP requests one capture may make (a browser page's sub-resources count).
    max_requests: int = 500
    #: Redirects followed from the URL given.
    max_redirects: int = 10
    #: Seconds to wait for the page to settle after load (no request in flight, no DOM
    #: change, no short timer pending), and for the network after each scroll step
    #: (a ceiling, not a delay).
    settle: float = 5.0
    #: Scroll steps to trigger lazy content (each one screen high).
    scroll_steps: int = 10

    @classmethod
    def from_settings(cls, settings: Any) -> CaptureLimits:
        values: dict[str, Any] = {}
        for field_name, setting in SETTING_NAMES.items():
            value = getattr(settings, setting, None) if settings is not None else None
            if value is not None:
                values[field_name] = value
        return cls(**values)

    def replace(self, **changes: Any) -> CaptureLimits:
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


#: field -> workspace setting name (the lead adds them to settings.SETTINGS).
SETTING_NAMES = {
    "timeout": "capture_timeout_seconds",
    "max_response_bytes": "capture_max_response_bytes",
    "max_total_bytes": "capture_max_total_bytes",
    "max_requests": "capture_max_requests",
    "max_redirects": "capture_max_redirects",
    "settle": "capture_settle_seconds",
    "scroll_steps": "capture_scroll_steps",
}


class LimitReached(Exception):
    """A capture hit one of its limits; ``reason`` says which, for the capture row."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
