"""Watchlists: keyword watches over candidate feeds.

A watch has keywords and feeds. A feed is a source of candidate rows (url and
whatever else: title, platform, text); the built-in sources read CSV and JSON
from a file or a URL. Other sources (a marketplace's or a search engine's API,
which need keys) plug in through the entry-point group
``rightsguard.watch_sources``: a callable ``source(spec: str) -> Iterable[dict]``.
Rows whose URL, title or text holds a keyword (case-insensitive) become
suspected targets of a case, with the watch and the keyword in the note.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from rightsguard.domain.errors import InvalidValue, UnreadableFile

Source = Callable[[str], Iterable[Mapping[str, Any]]]
ENTRY_POINT_GROUP = "rightsguard.watch_sources"


@dataclass(frozen=True)
class Watch:
    name: str
    keywords: tuple[str, ...]
    feeds: tuple[str, ...]  # "csv:PATH_OR_URL", "json:PATH_OR_URL" or "<plugin>:<spec>"


def _read(spec: str, fetch: Callable[[str], bytes] | None) -> bytes:
    if spec.startswith(("http://", "https://")):
        if fetch is None:
            raise InvalidValue("feed", f"{spec}: no fetcher for URLs")
        return fetch(spec)
    try:
        return Path(spec).read_bytes()
    except OSError as exc:
        raise UnreadableFile(spec, exc.strerror or str(exc)) from None


def csv_source(fetch: Callable[[str], bytes] | None = None) -> Source:
    def read(spec: str) -> Iterator[Mapping[str, Any]]:
        text = _read(spec, fetch).decode("utf-8-sig", errors="replace")
        yield from csv.DictReader(io.StringIO(text))

    return read


def json_source(fetch: Callable[[str], bytes] | None = None) -> Source:
    def read(spec: str) -> Iterator[Mapping[str, Any]]:
        try:
            data = json.loads(_read(spec, fetch))
        except ValueError as exc:
            raise UnreadableFile(spec, f"not JSON ({exc})") from None
        items = data.get("items", data.get("targets", [])) if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise UnreadableFile(spec, "expected a JSON array of objects")
        yield from (i for i in items if isinstance(i, dict))

    return read


def sources(fetch: Callable[[str], bytes] | None = None) -> dict[str, Source]:
    """Built-ins first, then plugins from the entry points."""
    found: dict[str, Source] = {"csv": csv_source(fetch), "json": json_source(fetch)}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(ep.name, ep.load())
    return found


def matches(row: Mapping[str, Any], keywords: Iterable[str]) -> str | None:
    """The first keyword found in the row's url, title or text (case-insensitive)."""
    haystack = " ".join(str(row.get(k) or "") for k in ("url", "title", "text", "note")).lower()
    return next((k for k in keywords if k.lower() in haystack), None)


def run_watch(watch: Watch, available: Mapping[str, Source]) -> list[dict[str, str]]:
    """Rows for the target importer: each feed row that holds a keyword."""
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    for feed in watch.feeds:
        kind, sep, spec = feed.partition(":")
        if not sep or kind not in available:
            raise InvalidValue(
                "feed", f"{feed!r}: use csv:…, json:… or one of {', '.join(sorted(available))}"
            )
        for row in available[kind](spec):
            url = str(row.get("url") or "").strip()
            keyword = matches(row, watch.keywords) if url else None
            if keyword is None or url in seen:
                continue
            seen.add(url)
            rows.append(
                {
                    "url": url,
                    "kind": str(row.get("kind") or "url"),
                    "control": str(row.get("control") or "unknown"),
                    "platform": str(row.get("platform") or ""),
                    "title": str(row.get("title") or "")[:500],
                    "note": f"watch {watch.name}: keyword {keyword!r} in {kind} feed",
                }
            )
    return rows
