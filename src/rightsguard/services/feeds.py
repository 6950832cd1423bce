"""Watching new-registration feeds for the brand: a certificate-transparency log
(``ct_log_url``) and a zone file (``zone_file``).

``rightsguard discover ct`` / ``discover zone``, the ``discover.ct`` /
``discover.zone`` jobs (and ``rightsguard schedule``) and the demo run these, so they
read, match, score and import alike. Every fetch goes through the workspace's one
network object (``rightsguard.net``), behind its SSRF guard: a log or zone URL on an
address the guard forbids is refused."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from rightsguard.discover.ctlog import DEFAULT_MAX_ENTRIES, CtLog, client_fetch, read_new
from rightsguard.discover.generate import seeds_for_mark
from rightsguard.discover.matching import brand_forms, find_hits, hit_assessments
from rightsguard.discover.model import Seed, parse_seed
from rightsguard.discover.results import Assessment
from rightsguard.discover.zonediff import decode_zone, new_names, zone_names
from rightsguard.domain.errors import InvalidValue, UnreadableFile
from rightsguard.evidence.errors import CaptureRefused
from rightsguard.net import Network, network_for
from rightsguard.services.discovery import import_discovered
from rightsguard.store import Store
from rightsguard.store.discovery import ct_next_index, set_ct_next_index
from rightsguard.workspace import Workspace

USER_AGENT = "RightsGuard discover"


@dataclass(frozen=True)
class FeedRun:
    """One read of a feed: what was read (``summary``), the hits scored, and the
    import's report when a case was given and there were hits."""

    summary: dict[str, object]
    assessed: list[Assessment]
    imported: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.summary,
            "hits": [
                {
                    "domain": a.candidate.domain,
                    "unicode": a.candidate.unicode,
                    "seed": a.candidate.seed,
                    "score": a.score,
                    "reasons": list(a.reasons),
                }
                for a in self.assessed
            ],
            "import": self.imported,
        }


def brand_seeds(
    st: Store, domains: Sequence[str] = (), right_ids: Sequence[int] = ()
) -> tuple[list[Seed], list[str]]:
    """The brand's seeds and mark names: the domains and the rights' marks given, or,
    with neither, every right's mark in the workspace (as scheduled runs watch)."""
    names = [st.rights.get(r).name for r in right_ids]
    if not domains and not right_ids:
        names = [r.name for r in st.rights.list()]
        if not names:
            raise InvalidValue("domains", "give the brand's domains or add a right first")
    seeds = [parse_seed(d) for d in domains]
    for name in names:
        seeds.extend(seeds_for_mark(name))
    return list({s.domain: s for s in seeds}.values()), names


def _client(ws: Workspace, network: Network | None, timeout: float) -> httpx.Client:
    chosen = network or network_for(ws.settings)
    return chosen.http_client(timeout=timeout, headers={"User-Agent": USER_AGENT})


def _import(
    ws: Workspace, st: Store, assessed: list[Assessment], case_id: int | None
) -> dict[str, Any] | None:
    if case_id is None or not assessed:
        return None
    return import_discovered(ws, st, assessed, case_id)


def watch_ct(
    ws: Workspace,
    st: Store,
    seeds: Sequence[Seed],
    marks: Sequence[str] = (),
    *,
    url: str | None = None,
    case_id: int | None = None,
    start: int | None = None,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    network: Network | None = None,
) -> FeedRun:
    """New certificates in the CT log (default: ``ct_log_url``) whose names hold the
    brand; the log position is remembered only after the hits are imported (a failed
    import reads them again)."""
    url = url or str(ws.settings.ct_log_url or "")
    if not url:
        raise InvalidValue("ct_log_url", "give the log's URL or set ct_log_url")
    brand = brand_forms(list(seeds), list(marks))
    begin = ct_next_index(st, url) if start is None else start
    with _client(ws, network, 20.0) as client:
        read = read_new(CtLog(url, client_fetch(client)), begin, max_entries)
    hits = [
        hit
        for entry in read.entries
        for hit in find_hits(entry.names, brand, f"CT log {url} entry {entry.index}", "ct-log")
    ]
    unique = {h.candidate.domain: h for h in reversed(hits)}  # the first entry wins
    assessed = hit_assessments(unique.values())
    summary: dict[str, object] = {
        "entries read": len(read.entries),
        "from": read.start,
        "next": read.next_index,
        "tree size": read.tree_size,
        "hits": len(assessed),
    }
    imported = _import(ws, st, assessed, case_id)
    set_ct_next_index(st, url, read.next_index)
    return FeedRun(summary, assessed, imported)


def read_zone(ws: Workspace, spec: str, network: Network | None = None) -> str:
    """A zone file's text, from a path or an http(s) URL (fetched behind the guard)."""
    if spec.startswith(("http://", "https://")):
        try:
            with _client(ws, network, 60.0) as client:
                response = client.get(spec)
                response.raise_for_status()
        except httpx.HTTPError as exc:
            raise UnreadableFile(spec, str(exc)) from None
        except CaptureRefused as exc:
            raise UnreadableFile(spec, f"refused: {exc.message}") from None
        return decode_zone(response.content)
    try:
        return decode_zone(Path(spec).read_bytes())
    except OSError as exc:
        raise UnreadableFile(spec, exc.strerror or str(exc)) from None


def kept_zone_copy(ws: Workspace, spec: str) -> Path:
    """Where the names of the last zone read from ``spec`` are kept."""
    digest = hashlib.sha256(spec.encode("utf-8")).hexdigest()[:24]
    return ws.root / "discovery" / "zones" / f"{digest}.names"


def watch_zone(
    ws: Workspace,
    st: Store,
    seeds: Sequence[Seed],
    marks: Sequence[str] = (),
    *,
    spec: str | None = None,
    previous: str | None = None,
    case_id: int | None = None,
    network: Network | None = None,
) -> FeedRun:
    """Names the zone file (default: ``zone_file``) gained since the last one read
    (or ``previous``) that hold the brand; today's names are kept for the next run."""
    spec = spec or str(ws.settings.zone_file or "")
    if not spec:
        raise InvalidValue("zone_file", "give today's zone file or set zone_file")
    brand = brand_forms(list(seeds), list(marks))
    today = zone_names(read_zone(ws, spec, network))
    kept = kept_zone_copy(ws, spec)
    if previous is not None:
        older: set[str] | None = zone_names(read_zone(ws, previous, network))
    elif kept.exists():
        older = set(kept.read_text(encoding="utf-8").split())
    else:
        older = None  # first run: keep today's names, report nothing
    added = new_names(older, today) if older is not None else []
    hits = find_hits(added, brand, f"zone {spec}", "zone-diff")
    summary: dict[str, object] = {"names": len(today), "new": len(added), "hits": len(hits)}
    if older is None:
        summary["first run"] = "names kept; new ones are reported from the next run"
    assessed = hit_assessments(hits)
    imported = _import(ws, st, assessed, case_id)
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text("\n".join(sorted(today)) + "\n", encoding="utf-8")
    return FeedRun(summary, assessed, imported)
