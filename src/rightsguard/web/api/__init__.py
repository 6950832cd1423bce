"""The JSON API (under /api/v1), one module per noun; OpenAPI at /api/openapi.json."""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter

MODULES = (
    "session",
    "cases",
    "actions",
    "records",
    "dashboard",
)


def routers() -> list[APIRouter]:
    return [import_module(f"rightsguard.web.api.{name}").router for name in MODULES]
