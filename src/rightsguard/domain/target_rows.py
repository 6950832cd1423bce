"""What a row of a target import may hold, and its validation (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from rightsguard.domain.enums import Control, TargetKind, TargetStatus
from rightsguard.domain.errors import InvalidValue
from rightsguard.domain.urls import NormalizedUrl, normalize_url

# column -> help; the README's import section is generated from the same words.
COLUMNS: dict[str, str] = {
    "url": "required; the page, listing, shop or domain (a bare domain becomes http://domain/)",
    "kind": "one of " + ", ".join(k.value for k in TargetKind) + " (default url)",
    "control": "who controls the information: "
    + ", ".join(c.value for c in Control)
    + " (default unknown)",
    "status": "suspected or confirmed (default suspected)",
    "platform": "marketplace or platform name, free text",
    "title": "free text, e.g. the listing title",
    "note": "free text",
}
IMPORT_STATUSES = (TargetStatus.SUSPECTED, TargetStatus.CONFIRMED)
MAX_TEXT = 10_000


@dataclass(frozen=True, slots=True)
class TargetDraft:
    url: NormalizedUrl
    kind: TargetKind
    control: Control
    status: TargetStatus = TargetStatus.SUSPECTED
    platform: str | None = None
    title: str | None = None
    note: str | None = None


def check_columns(columns: list[str]) -> None:
    """Reject unknown or missing columns, naming them."""
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise InvalidValue(
            "columns",
            f"unknown column(s) {', '.join(repr(c) for c in unknown)}; known: {', '.join(COLUMNS)}",
        )
    if "url" not in columns:
        raise InvalidValue("columns", "the required column 'url' is missing")


def _text(row: Mapping[str, object], name: str) -> str | None:
    value = row.get(name)
    if value is None:
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise InvalidValue(name, "must be text")
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise InvalidValue(name, f"is longer than {MAX_TEXT} characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, e.g. "\ud800" escaped in JSON
        raise InvalidValue(name, "contains a character that is not valid Unicode") from None
    return text or None


E = TypeVar("E", TargetKind, Control, TargetStatus)


def _choice(
    row: Mapping[str, object], name: str, enum: type[E], default: E, allowed: tuple[E, ...]
) -> E:
    text = _text(row, name)
    if text is None:
        return default
    try:
        value = enum(text.lower())
    except ValueError:
        value = None
    if value is None or value not in allowed:
        raise InvalidValue(
            name, f"{text!r} is not one of {', '.join(a.value for a in allowed)}"
        ) from None
    return value


def parse_target_row(row: Mapping[str, object]) -> TargetDraft:
    """Validate one import row; ``InvalidValue`` names the bad field."""
    url_text = _text(row, "url")
    if url_text is None:
        raise InvalidValue("url", "is missing")
    return TargetDraft(
        url=normalize_url(url_text),
        kind=_choice(row, "kind", TargetKind, TargetKind.URL, tuple(TargetKind)),
        control=_choice(row, "control", Control, Control.UNKNOWN, tuple(Control)),
        status=_choice(row, "status", TargetStatus, TargetStatus.SUSPECTED, IMPORT_STATUSES),
        platform=_text(row, "platform"),
        title=_text(row, "title"),
        note=_text(row, "note"),
    )
