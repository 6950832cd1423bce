"""The result of one verification step, shared by every verifier."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    """``ok`` is True (passed), False (failed) or None (a warning, not a failure)."""

    name: str
    ok: bool | None
    detail: str = ""
