"""Who may do what: the roles and their permissions, one table for every face.

The roles follow the guide's division of work: analysts monitor, capture and
triage; liaisons talk to service providers and send notices; counsel approve,
write letters and override gates; admins run the workspace and may do everything.
``public`` needs no sign-in (the workbench's log-in page, static files).
"""

from __future__ import annotations

from collections.abc import Iterable

ROLES = ("analyst", "liaison", "counsel", "admin")
#: The roles as a Chinese message names them.
ROLE_ZH = {"analyst": "分析员", "liaison": "联络员", "counsel": "法律顾问", "admin": "管理员"}


def roles_zh(roles: Iterable[str]) -> str:
    """``{"admin", "counsel"}`` → "法律顾问或管理员" (in the order of ``ROLES``)."""
    chosen = set(roles)
    return "或".join(ROLE_ZH[r] for r in ROLES if r in chosen)


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
