"""Bounded path and query parameters shared by the records pages and API.

Ids stay below 2**62 so no value can overflow a database integer (a 5xx), and
pages are at most 500 rows.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

MAX_ID = 2**62
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Offset = Annotated[int, Query(ge=0, le=MAX_ID)]
Limit = Annotated[int, Query(ge=1, le=500)]
