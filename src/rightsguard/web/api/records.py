"""Read-only records: targets, captures, parties, providers, events (to be filled in)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["records"])
