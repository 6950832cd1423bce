"""Server-rendered pages, one module per part of the workbench."""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter

MODULES = (
    "session",
    "dashboard",
    "queue",
    "rights",
    "cases",
    "actions",
    "targets",
    "evidence",
    "parties",
    "providers",
    "discovery",
    "audit",
    "settings",
    "notifications",
    "search",
    "filters",
    "reports",
    "evidence_upload",
)


def routers() -> list[APIRouter]:
    return [import_module(f"rightsguard.web.pages.{name}").router for name in MODULES]
