"""``rightsguard discover ct`` and ``discover zone``: the brand in new-registration feeds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from rightsguard.cli.context import store, workspace
from rightsguard.cli.discover_cmds import _seeds, _settings_value, discover_app
from rightsguard.cli.output import console, print_json
from rightsguard.discover.ctlog import DEFAULT_MAX_ENTRIES
from rightsguard.discover.model import Seed
from rightsguard.domain.errors import InvalidValue
from rightsguard.services.feeds import FeedRun, watch_ct, watch_zone


def _marks(ctx: typer.Context, rights: list[int]) -> list[str]:
    if not rights:
        return []
    with store(ctx) as st:
        return [st.rights.get(r).name for r in rights]


def _report(run: FeedRun, case: int | None, json_output: bool) -> None:
    if json_output:
        print_json(run.as_dict())
        return
    console.print(", ".join(f"{k} {v}" for k, v in run.summary.items()))
    if run.assessed:
        table = Table("score", "domain", "seed", "why")
        for a in run.assessed:
            table.add_row(f"{a.score:.2f}", a.candidate.unicode, a.candidate.seed, a.reasons[0])
        console.print(table)
    imported = run.imported
    if imported is not None:
        console.print(
            f"Case {case}: {imported['created']} targets created, {imported['linked']} linked, "
            f"{imported['duplicates']} already there"
        )


def _watch(
    ctx: typer.Context,
    watch: Callable[..., FeedRun],
    domains: list[str],
    rights: list[int],
    case: int | None,
    json_output: bool,
    **feed: Any,
) -> None:
    """Run one feed watcher (``services.feeds``) for the brand and print what it found."""
    seeds = _brand(ctx, domains, rights)
    marks = _marks(ctx, rights)
    with store(ctx) as st:
        run = watch(workspace(ctx), st, seeds, marks, case_id=case, **feed)
    _report(run, case, json_output)


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
    _watch(
        ctx,
        watch_ct,
        domain or [],
        right or [],
        case,
        json_output,
        url=url,
        start=start,
        max_entries=max_entries,
    )


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
    previous_spec = None if previous is None else str(previous)
    _watch(
        ctx,
        watch_zone,
        domain or [],
        right or [],
        case,
        json_output,
        spec=spec,
        previous=previous_spec,
    )


def register() -> None:
    """Add ``ct`` and ``zone`` to the ``discover`` group."""
    discover_app.command("ct")(ct)
    discover_app.command("zone")(zone)
