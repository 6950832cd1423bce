"""Breaches outside IP law found on a target (missing Chinese labels, no CCC mark, no
licence): recorded by a person with what shows it, so the case's facts carry them and
a complaint to the competent authority can be drafted (the guide, II.5)."""

from __future__ import annotations

from rightsguard.domain.errors import InvalidValue
from rightsguard.domain.nouns import Target
from rightsguard.playbook.facts import Breach
from rightsguard.store import Store

BREACHES = tuple(b.value for b in Breach)


def record_breach(store: Store, target_id: int, breach: str, note: str) -> Target:
    """Record ``breach`` on the target; ``note`` says what shows it (a test purchase,
    the listing's photos); both are required."""
    if breach not in BREACHES:
        raise InvalidValue("--breach", f"{breach!r} is not one of {', '.join(BREACHES)}")
    if not note.strip():
        raise InvalidValue("--note", "say what shows the breach (e.g. the test purchase)")
    return store.targets.record_breach(target_id, breach, note.strip())
