"""Dashboard figures as JSON (to be filled in)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["dashboard"])
