"""Discovery: the names to check for a brand, their DNS answers, and the registered ones
imported into a case as suspected targets.

``rightsguard discover domains``, the ``discover.brand`` job, the CT-log and zone
watchers and the demo use these steps, so they choose names, score them and import
them alike (the importer links a target already known, never doubles it)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rightsguard.discover.combos import combos as combination_names
from rightsguard.discover.dnscheck import DEFAULT_TIMEOUT, check_domains
from rightsguard.discover.generate import generate
from rightsguard.discover.looks import compare_screenshots
from rightsguard.discover.model import Candidate, Seed
from rightsguard.discover.page import PageCheck, look_at_pages, marks_for
from rightsguard.discover.results import Assessment, assess_all, discovered_rows
from rightsguard.store import Store
from rightsguard.store.target_import import import_targets
from rightsguard.workspace import Workspace


@dataclass(frozen=True)
class CombinationPlan:
    """Combination names: the likeliest ``budget`` of them, years around ``year``."""

    budget: int
    year: int
    classes: Sequence[int] = ()
    vocabulary: Sequence[str] = ()
    marks: Sequence[str] = field(default_factory=tuple)


def candidates_for(
    seeds: Sequence[Seed],
    fuzzers: Iterable[str] | None = None,
    combinations: CombinationPlan | None = None,
) -> list[Candidate]:
    """The names to check: the fuzzers' (all, or those named); with ``combinations``
    the ranked combination names first, and fuzzers only if named."""
    named = list(fuzzers or [])
    if combinations is None:
        return generate(seeds, named or None)
    ranked = combination_names(
        seeds,
        year=combinations.year,
        budget=combinations.budget,
        classes=list(combinations.classes),
        vocabulary=list(combinations.vocabulary),
        marks=list(combinations.marks),
    )
    found = [r.candidate for r in ranked]
    if named:
        known = {c.domain for c in found}
        found += [c for c in generate(seeds, named) if c.domain not in known]
    return found


def import_discovered(
    ws: Workspace, store: Store, assessed: Sequence[Assessment], case_id: int
) -> dict[str, Any]:
    """The registered look-alikes into the case through the target importer (one
    transaction); the import's report."""
    with tempfile.TemporaryDirectory(prefix="rg-discover-") as folder:
        path = Path(folder) / "discovered.jsonl"
        path.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in discovered_rows(assessed)),
            encoding="utf-8",
        )
        report = import_targets(
            store, path, case_id=case_id, fmt="jsonl", batch_size=ws.settings.import_batch_size
        ).as_dict()
    report.pop("source", None)
    return report


def discover_brand(
    ws: Workspace,
    store: Store,
    seeds: Sequence[Seed],
    *,
    resolvers: Sequence[str],
    case_id: int | None = None,
    fuzzers: Iterable[str] | None = None,
    combinations: CombinationPlan | None = None,
    timeout: float = 2.0,
) -> dict[str, Any]:
    """Names for ``seeds`` checked over DNS; the registered ones scored and, with
    ``case_id``, imported into the case. A summary of the run."""
    candidates = candidates_for(seeds, fuzzers, combinations)
    results = check_domains(candidates, resolvers=list(resolvers), timeout=timeout)
    assessed = assess_all(results, registered_only=True)
    summary: dict[str, Any] = {
        "candidates": len(candidates),
        "registered": [a.candidate.domain for a in assessed][:200],
        "errors": sum(1 for r in results if r.error),
    }
    if case_id is not None and assessed:
        summary["import"] = import_discovered(ws, store, assessed, case_id)
    return summary


@dataclass(frozen=True)
class LookAlikes:
    """Names checked, the registered ones scored, and the pages of those that answered."""

    candidates: list[Candidate]
    assessed: list[Assessment]
    pages: dict[str, PageCheck]


def look_alikes(
    seeds: Sequence[Seed],
    *,
    resolvers: Sequence[str],
    mark_names: Sequence[str],
    port: int = 80,
    allow_private: bool = False,
    chromium_path: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> LookAlikes:
    """Names for ``seeds`` checked over DNS; the pages of the registered ones fetched
    (favicons and marks against the brand's own sites) and, with ``chromium_path``,
    screenshotted against them; then scored."""
    candidates = candidates_for(seeds)
    results = check_domains(candidates, resolvers=list(resolvers), timeout=timeout)
    own = check_domains(
        [s.as_candidate() for s in seeds], resolvers=list(resolvers), timeout=timeout
    )
    marks = marks_for(seeds, list(mark_names))
    pages = look_at_pages(results, own, marks=marks, port=port, allow_private=allow_private)
    if chromium_path is not None:
        pages = compare_screenshots(pages, own, chromium_path=chromium_path, port=port)
    return LookAlikes(candidates, assess_all(results, pages=pages), pages)
