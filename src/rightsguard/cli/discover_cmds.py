"""``rightsguard discover``: look-alike domains of a brand, and which are registered."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from rightsguard.cli.context import state, store, workspace
from rightsguard.cli.output import console, err_console, print_json
from rightsguard.discover import (
    FUZZERS,
    Assessment,
    assess_all,
    check_domains,
    parse_seed,
    seeds_for_mark,
)
from rightsguard.discover.combos import own_words
from rightsguard.discover.dnscheck import DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT, DnsResult
from rightsguard.discover.looks import Look, brand_image_looks, compare_screenshots
from rightsguard.discover.model import Candidate, Seed
from rightsguard.discover.page import PageCheck, look_at_pages, marks_for
from rightsguard.domain.errors import InvalidValue, WorkspaceNotFound
from rightsguard.net import network_for
from rightsguard.services.discovery import CombinationPlan, candidates_for, import_discovered
from rightsguard.store.discovery import right_vocabulary

DEFAULT_BUDGET = 2000

discover_app = typer.Typer(
    help="Discover look-alike domains of a brand and check which are registered.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the ``discover`` group to the main app."""
    app.add_typer(discover_app, name="discover")


def _seeds(ctx: typer.Context, domains: list[str], rights: list[int]) -> list[Seed]:
    seeds: list[Seed] = [parse_seed(d) for d in domains]
    if rights:
        with store(ctx) as st:
            for right_id in rights:
                seeds.extend(seeds_for_mark(st.rights.get(right_id).name))
    unique = {s.domain: s for s in seeds}
    return list(unique.values())


def _resolvers(ctx: typer.Context, given: list[str]) -> list[str]:
    if given:
        return given
    try:
        ws = workspace(ctx)
    except WorkspaceNotFound:
        if state(ctx).workspace is not None:
            raise
        from rightsguard.settings import resolve

        return list(network_for(resolve({})).endpoints.dns_resolvers)
    return list(network_for(ws.settings).endpoints.dns_resolvers)


@discover_app.command("domains")
def domains(
    ctx: typer.Context,
    domain: Annotated[
        list[str] | None,
        typer.Argument(help="Domains (or URLs) to protect, e.g. aurorix.com 极光.cn."),
    ] = None,
    right: Annotated[
        list[int] | None,
        typer.Option("--right", help="Use this right's mark as a seed (repeatable)."),
    ] = None,
    case: Annotated[
        int | None, typer.Option(help="Import registered look-alikes into this case.")
    ] = None,
    no_dns: Annotated[
        bool, typer.Option("--no-dns", help="Only generate candidates; no DNS look-ups.")
    ] = False,
    fuzzer: Annotated[
        list[str] | None,
        typer.Option("--fuzzer", help=f"Only these fuzzers (repeatable): {', '.join(FUZZERS)}."),
    ] = None,
    resolver: Annotated[
        list[str] | None,
        typer.Option(
            "--resolver", help="DNS resolver HOST[:PORT] (repeatable; default: dns_resolvers)."
        ),
    ] = None,
    concurrency: Annotated[
        int, typer.Option(help="Look-ups in flight at once.")
    ] = DEFAULT_CONCURRENCY,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for one answer.")] = (
        DEFAULT_TIMEOUT
    ),
    fetch: Annotated[
        bool,
        typer.Option(
            "--fetch",
            help="Fetch the home page and favicon of each registered look-alike: the "
            "right's marks in it and the brand's favicon raise the score.",
        ),
    ] = False,
    screenshots: Annotated[
        bool,
        typer.Option(
            "--screenshots",
            help="With --fetch: screenshot each look-alike in Chromium and compare its "
            "perceptual hash with the brand's own sites and --brand-image files.",
        ),
    ] = False,
    brand_image: Annotated[
        list[Path] | None,
        typer.Option(
            "--brand-image",
            help="A PNG/JPEG of the brand's own pages (repeatable; with --screenshots).",
        ),
    ] = None,
    http_port: Annotated[
        int, typer.Option(help="Port for --fetch (80; other ports for sandboxes).")
    ] = 80,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also list look-alikes that are not registered.")
    ] = False,
    with_combos: Annotated[
        bool,
        typer.Option(
            "--combos",
            help="Check combination names instead (brand + shop, place, product and year "
            "words), the likeliest --budget first; --fuzzer adds fuzzers' look-alikes.",
        ),
    ] = False,
    budget: Annotated[
        int, typer.Option(help="With --combos: how many combination names to check.")
    ] = DEFAULT_BUDGET,
    year: Annotated[
        int | None, typer.Option(help="With --combos: years around this one (default: now).")
    ] = None,
    word: Annotated[
        list[str] | None, typer.Option("--word", help="With --combos: a product word (repeatable).")
    ] = None,
    nice_class: Annotated[
        list[int] | None,
        typer.Option("--class", help="With --combos: a Nice class's product words (repeatable)."),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Generate look-alike domains and check which are registered (NS, A, AAAA, MX)."""
    if not domain and not right:
        raise InvalidValue("domain", "give one or more domains, or --right ID")
    if concurrency < 1:
        raise InvalidValue("--concurrency", "must be at least 1")
    if no_dns and case is not None:
        raise InvalidValue("--case", "needs DNS look-ups; drop --no-dns")
    if (screenshots or brand_image) and not fetch:
        raise InvalidValue("--screenshots", "needs --fetch (and --brand-image needs both)")
    if brand_image and not screenshots:
        raise InvalidValue("--brand-image", "needs --screenshots")
    brand_files = brand_image_looks(brand_image or [])  # bad files fail before any look-up
    seeds = _seeds(ctx, domain or [], right or [])
    if not with_combos and (word or nice_class or year is not None):
        raise InvalidValue("--word", "--word, --class and --year need --combos")
    plan = (
        _combination_plan(ctx, right or [], budget, year, word or [], nice_class or [])
        if with_combos
        else None
    )
    candidates = candidates_for(seeds, fuzzer, plan)
    if no_dns:
        _print_candidates(candidates, json_output)
        return
    resolvers = _resolvers(ctx, resolver or [])
    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        disable=json_output or not err_console.is_terminal,
    )
    with progress:
        task = progress.add_task("checking DNS", total=len(candidates))

        def advance(_: DnsResult) -> None:
            progress.advance(task)

        results = check_domains(
            candidates,
            resolvers=resolvers,
            concurrency=concurrency,
            timeout=timeout,
            on_result=advance,
        )
    pages = None
    if fetch:
        pages = _pages(
            ctx,
            seeds,
            results,
            right or [],
            resolvers,
            http_port,
            timeout,
            brand_files if screenshots else None,
        )
    assessed = assess_all(results, registered_only=not show_all, pages=pages)
    imported = None
    if case is not None:
        imported = _import(ctx, assessed, case)
    errors = sum(1 for r in results if r.error)
    if json_output:
        print_json(
            {
                "seeds": [s.domain for s in seeds],
                "candidates": len(candidates),
                "registered": sum(1 for r in results if r.registered),
                "errors": errors,
                "results": [
                    {
                        "domain": a.candidate.domain,
                        "unicode": a.candidate.unicode,
                        "fuzzer": a.candidate.fuzzer,
                        "seed": a.candidate.seed,
                        "registered": a.registered,
                        "score": a.score,
                        "reasons": list(a.reasons),
                        "records": {k: list(v) for k, v in a.records.items()},
                        "page": a.page,
                    }
                    for a in assessed
                ],
                "import": imported,
            }
        )
        return
    registered = sum(1 for r in results if r.registered)
    console.print(
        f"{len(candidates)} look-alikes of {', '.join(s.domain for s in seeds)}: "
        f"{registered} registered, {errors} with DNS errors"
    )
    if assessed:
        table = Table("score", "domain", "fuzzer", "seed", "records")
        if fetch:
            table.add_column("page")
        for a in assessed:
            cand = a.candidate
            name = cand.domain if cand.unicode == cand.domain else f"{cand.unicode} ({cand.domain})"
            cells = [f"{a.score:.2f}", name, cand.fuzzer, cand.seed]
            cells.append(" ".join(sorted(a.records)) or "—")
            if fetch:
                cells.append("; ".join(a.page.reasons()) if a.page else "—")
            table.add_row(*cells)
        console.print(table)
    if imported is not None:
        console.print(
            f"Case {case}: {imported['created']} targets created, {imported['linked']} linked, "
            f"{imported['duplicates']} already there"
        )


def _combination_plan(
    ctx: typer.Context,
    rights: list[int],
    budget: int,
    year: int | None,
    words: list[str],
    classes: list[int],
) -> CombinationPlan:
    """Combination names: the rights' Nice classes, marks and own vocabulary with
    ``words`` and ``classes``; years around ``year`` (this year by default)."""
    vocabulary = list(words)
    all_classes = list(classes)
    marks: list[str] = []
    if rights:
        with store(ctx) as st:
            for right_id in rights:
                right = st.rights.get(right_id)
                marks.append(right.name)
                all_classes.extend(right.classes)
                vocabulary.extend(right_vocabulary(st, right_id))
    own_words(vocabulary)  # a word that cannot stand in a name fails before any look-up
    return CombinationPlan(
        budget=budget,
        year=date.today().year if year is None else year,
        classes=all_classes,
        vocabulary=vocabulary,
        marks=marks,
    )


def _print_candidates(cands: list[Candidate], json_output: bool) -> None:
    if json_output:
        print_json(
            [
                {"domain": c.domain, "unicode": c.unicode, "fuzzer": c.fuzzer, "seed": c.seed}
                for c in cands
            ]
        )
        return
    counts = Counter(c.fuzzer for c in cands)
    table = Table("fuzzer", "candidates", "example", title=f"{len(cands)} look-alikes")
    for name, count in counts.most_common():
        example = next(c for c in cands if c.fuzzer == name)
        table.add_row(name, str(count), example.unicode)
    console.print(table)


def _settings_value(ctx: typer.Context, name: str) -> Any:
    try:
        ws = workspace(ctx)
    except WorkspaceNotFound:
        from rightsguard.settings import resolve

        return getattr(resolve({}), name)
    return getattr(ws.settings, name)


def _settings_flag(ctx: typer.Context, name: str) -> bool:
    return bool(_settings_value(ctx, name))


def _pages(
    ctx: typer.Context,
    seeds: list[Seed],
    results: list[DnsResult],
    rights: list[int],
    resolvers: list[str],
    port: int,
    timeout: float,
    brand_files: dict[str, Look] | None,
) -> dict[str, PageCheck]:
    """The look-alikes' pages; with ``brand_files`` (``--screenshots``) also their looks."""
    names: list[str] = []
    if rights:
        with store(ctx) as st:
            names = [st.rights.get(r).name for r in rights]
    seed_results = check_domains(
        [s.as_candidate() for s in seeds], resolvers=resolvers, timeout=timeout
    )
    pages = look_at_pages(
        results,
        seed_results,
        marks=marks_for(seeds, names),
        port=port,
        allow_private=_settings_flag(ctx, "allow_private_targets"),
        timeout=timeout * 5,
    )
    if brand_files is None:
        return pages
    with err_console.status("screenshots of the look-alikes and the brand's own sites"):
        return compare_screenshots(
            pages,
            seed_results,
            brand_files,
            chromium_path=str(_settings_value(ctx, "chromium_path")),
            port=port,
            timeout=timeout * 10,
        )


def _import(ctx: typer.Context, results: list[Assessment], case: int) -> dict[str, object]:
    """Registered look-alikes into ``case`` through the target importer (one transaction)."""
    with store(ctx) as st:
        return import_discovered(workspace(ctx), st, results, case)
