"""Who may do what in the workbench: one table, checked on every route.

The roles follow the guide's division of work: analysts monitor, capture and
triage; liaisons talk to service providers and send notices; counsel approve,
write letters and override gates; admins run the workspace. Admin may do
everything. ``public`` routes need no sign-in (the log-in page, static files).
"""

from __future__ import annotations

ROLES = ("analyst", "liaison", "counsel", "admin")

PERMISSIONS: dict[str, frozenset[str]] = {
    "public": frozenset({"anonymous", *ROLES}),
    "view": frozenset(ROLES),
    "case.write": frozenset({"analyst", "counsel", "admin"}),
    "right.write": frozenset({"counsel", "admin"}),
    "capture": frozenset({"analyst", "admin"}),
    "identify": frozenset({"analyst", "liaison", "admin"}),
    "triage": frozenset({"analyst", "admin"}),
    "party.edit": frozenset({"analyst", "counsel", "admin"}),
    "action.draft": frozenset({"liaison", "counsel", "admin"}),
    "action.approve": frozenset({"liaison", "counsel", "admin"}),
    "action.send": frozenset({"liaison", "counsel", "admin"}),
    "gate.override": frozenset({"counsel", "admin"}),
    "admin": frozenset({"admin"}),
}


def allowed(permission: str, role: str | None) -> bool:
    """Whether ``role`` (None: not signed in) holds ``permission``."""
    return (role or "anonymous") in PERMISSIONS[permission]


def can(role: str | None) -> dict[str, bool]:
    """Every permission's answer for ``role``: what the pages use to show buttons."""
    return {name: allowed(name, role) for name in PERMISSIONS}
