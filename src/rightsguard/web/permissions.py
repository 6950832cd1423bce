"""The workbench's view of the roles (``domain/roles.py`` holds the table every face
checks): which buttons a page shows a role."""

from __future__ import annotations

from rightsguard.domain.roles import PERMISSIONS, allowed


def can(role: str | None) -> dict[str, bool]:
    """Every permission's answer for ``role``: what the pages use to show buttons."""
    return {name: allowed(name, role) for name in PERMISSIONS}
