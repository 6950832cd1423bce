"""``rightsguard discover ct`` and ``discover zone``: the brand in new-registration feeds."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.table import Table

from rightsguard.cli.context import store, workspace
from rightsguard.cli.discover_cmds import _import, _seeds, _settings_value, discover_app
from rightsguard.cli.output import console, print_json
from rightsguard.discover.ctlog import DEFAULT_MAX_ENTRIES, CtLog, read_new
from rightsguard.discover.matching import brand_forms, find_hits, hit_assessments
from rightsguard.discover.model import Seed
from rightsguard.discover.results import Assessment
from rightsguard.discover.zonediff import decode_zone, new_names, zone_names
from rightsguard.domain.errors import InvalidValue, UnreadableFile
from rightsguard.store.discovery import ct_next_index, set_ct_next_index


def _marks(ctx: typer.Context, rights: list[int]) -> list[str]:
    if not rights:
        return []
    with store(ctx) as st:
        return [st.rights.get(r).name for r in rights]


def _report(
    ctx: typer.Context,
    assessed: list[Assessment],
    case: int | None,
    summary: dict[str, object],
    json_output: bool,
) -> None:
    imported = _import(ctx, assessed, case) if case is not None and assessed else None
    if json_output:
        print_json(
            {
                **summary,
                "hits": [
                    {
                        "domain": a.candidate.domain,
                        "unicode": a.candidate.unicode,
                        "seed": a.candidate.seed,
                        "score": a.score,
                        "reasons": list(a.reasons),
                    }
                    for a in assessed
                ],
                "import": imported,
            }
        )
        return
    console.print(", ".join(f"{k} {v}" for k, v in summary.items()))
    if assessed:
        table = Table("score", "domain", "seed", "why")
        for a in assessed:
            table.add_row(f"{a.score:.2f}", a.candidate.unicode, a.candidate.seed, a.reasons[0])
        console.print(table)
    if imported is not None:
        console.print(
            f"Case {case}: {imported['created']} targets created, {imported['linked']} linked, "
            f"{imported['duplicates']} already there"
        )


def _brand(ctx: typer.Context, domains: list[str], rights: list[int]) -> list[Seed]:
    if not domains and not rights:
        raise InvalidValue("domain", "give one or more domains, or --right ID")
    return _seeds(ctx, domains, rights)


def ct(
    ctx: typer.Context,
    domain: Annotated[
        list[str] | None, typer.Argument(help="The brand's domains, e.g. aurorix.com 极光.cn.")
    ] = None,
    right: Annotated[
        list[int] | None, typer.Option("--right", help="Use this right's mark (repeatable).")
    ] = None,
    log: Annotated[
        str | None, typer.Option(help="The CT log's URL (default: the ct_log_url setting).")
    ] = None,
    case: Annotated[int | None, typer.Option(help="Import the hits into this case.")] = None,
    start: Annotated[
        int | None,
        typer.Option(help="Read from this entry (default: where the last run stopped)."),
    ] = None,
    max_entries: Annotated[
        int, typer.Option(help="Read at most this many entries.")
    ] = DEFAULT_MAX_ENTRIES,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """New certificates in a CT log whose names hold the brand (its pinyin, Han and
    homophone forms too); the log position is remembered between runs."""
    url = log or str(_settings_value(ctx, "ct_log_url"))
    if not url:
        raise InvalidValue("--log", "give the log's URL or set ct_log_url")
    seeds = _brand(ctx, domain or [], right or [])
    brand = brand_forms(seeds, _marks(ctx, right or []))
    with store(ctx) as st:
        begin = ct_next_index(st, url) if start is None else start
    read = read_new(CtLog(url), begin, max_entries)
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
    _report(ctx, assessed, case, summary, json_output)
    with store(ctx) as st:  # only after the hits are in: a failed import reads them again
        set_ct_next_index(st, url, read.next_index)


def _read_zone(spec: str) -> str:
    if spec.startswith(("http://", "https://")):
        try:
            response = httpx.get(spec, timeout=60.0)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise UnreadableFile(spec, str(exc)) from None
        return decode_zone(response.content)
    try:
        return decode_zone(Path(spec).read_bytes())
    except OSError as exc:
        raise UnreadableFile(spec, exc.strerror or str(exc)) from None


def _kept_copy(ctx: typer.Context, spec: str) -> Path:
    digest = hashlib.sha256(spec.encode("utf-8")).hexdigest()[:24]
    return workspace(ctx).root / "discovery" / "zones" / f"{digest}.names"


def zone(
    ctx: typer.Context,
    domain: Annotated[list[str] | None, typer.Argument(help="The brand's domains.")] = None,
    right: Annotated[
        list[int] | None, typer.Option("--right", help="Use this right's mark (repeatable).")
    ] = None,
    zone_file: Annotated[
        str | None,
        typer.Option("--zone", help="Today's zone file, path or URL (default: zone_file)."),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(help="The older zone file (default: the copy kept from the last run)."),
    ] = None,
    case: Annotated[int | None, typer.Option(help="Import the hits into this case.")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Names a zone file gained since the last one that hold the brand."""
    spec = zone_file or str(_settings_value(ctx, "zone_file"))
    if not spec:
        raise InvalidValue("--zone", "give today's zone file or set zone_file")
    seeds = _brand(ctx, domain or [], right or [])
    brand = brand_forms(seeds, _marks(ctx, right or []))
    today = zone_names(_read_zone(spec))
    kept = _kept_copy(ctx, spec)
    if previous is not None:
        older: set[str] | None = zone_names(_read_zone(str(previous)))
    elif kept.exists():
        older = set(kept.read_text(encoding="utf-8").split())
    else:
        older = None  # first run: keep today's names, report nothing
    added = new_names(older, today) if older is not None else []
    hits = find_hits(added, brand, f"zone {spec}", "zone-diff")
    summary: dict[str, object] = {"names": len(today), "new": len(added), "hits": len(hits)}
    if older is None:
        summary["first run"] = "names kept; new ones are reported from the next run"
    _report(ctx, hit_assessments(hits), case, summary, json_output)
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text("\n".join(sorted(today)) + "\n", encoding="utf-8")


def register() -> None:
    """Add ``ct`` and ``zone`` to the ``discover`` group."""
    discover_app.command("ct")(ct)
    discover_app.command("zone")(zone)
