"""The workspace (or one case) as one plain document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rightsguard import __version__

if TYPE_CHECKING:
    from rightsguard.store.base import Store


def export_document(store: Store, *, case_id: int | None = None) -> dict[str, Any]:
    if case_id is None:
        cases = [c for c, _ in store.cases.list()]
        rights = store.rights.list()
        targets = store.targets.list()
        events = store.events.list(limit=10**9)
    else:
        cases = [store.cases.get(case_id)]
        rights = [store.rights.get(r) for r in cases[0].right_ids]
        targets = store.targets.list(case_id=case_id)
        events = store.events.list(case_id=case_id, limit=10**9)
    return {
        "format": "rightsguard-export",
        "version": 1,
        "rightsguard": __version__,
        "rights": rights,
        "cases": cases,
        "targets": targets,
        "events": list(reversed(events)),
    }
