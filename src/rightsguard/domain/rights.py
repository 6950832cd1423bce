"""Validation of a right before it is stored (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rightsguard.domain.enums import RightKind
from rightsguard.domain.errors import InvalidValue
from rightsguard.domain.nouns import ProofDocument

_JURISDICTION = re.compile(r"^[A-Z]{2,4}$")


@dataclass(frozen=True, slots=True)
class RightDraft:
    kind: RightKind
    name: str
    jurisdiction: str
    owner: str
    registration_number: str | None = None
    office: str | None = None
    classes: tuple[int, ...] = ()
    registered_on: date | None = None
    expires_on: date | None = None
    proofs: tuple[ProofDocument, ...] = ()


def make_right_draft(
    *,
    kind: str,
    name: str,
    jurisdiction: str,
    owner: str,
    registration_number: str | None = None,
    office: str | None = None,
    classes: tuple[int, ...] | list[int] = (),
    registered_on: date | None = None,
    expires_on: date | None = None,
    proofs: tuple[ProofDocument, ...] = (),
) -> RightDraft:
    """Check every field; ``InvalidValue`` names the first bad one."""
    try:
        right_kind = RightKind(kind)
    except ValueError:
        raise InvalidValue(
            "kind", f"{kind!r} is not one of {', '.join(k.value for k in RightKind)}"
        ) from None
    name = name.strip()
    if not name:
        raise InvalidValue("name", "is empty")
    owner = owner.strip()
    if not owner:
        raise InvalidValue("owner", "is empty")
    code = jurisdiction.strip().upper()
    if not _JURISDICTION.match(code):
        raise InvalidValue("jurisdiction", f"{jurisdiction!r} is not a code such as CN, US, EU")
    number = (registration_number or "").strip() or None
    if right_kind is RightKind.TRADEMARK:
        bad = [c for c in classes if not 1 <= c <= 45]
        if bad:
            raise InvalidValue("classes", f"Nice classes run from 1 to 45, not {bad[0]}")
    elif classes:
        raise InvalidValue("classes", "only trademarks have Nice classes")
    if registered_on and expires_on and expires_on <= registered_on:
        raise InvalidValue("expires_on", "is not after the registration date")
    return RightDraft(
        kind=right_kind,
        name=name,
        jurisdiction=code,
        owner=owner,
        registration_number=number,
        office=(office or "").strip() or None,
        classes=tuple(sorted(set(classes))),
        registered_on=registered_on,
        expires_on=expires_on,
        proofs=proofs,
    )
