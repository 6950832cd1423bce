"""CLI for the playbook: ``rules list|show`` and ``plan``.

``register(app)`` adds the commands to the main Typer app. Errors are raised
as domain errors; the main CLI prints them as one line (exit code 2 for input
errors).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from rightsguard.cli.context import store, workspace
from rightsguard.domain.errors import InvalidValue, UnreadableFile
from rightsguard.playbook import all_rules, get_rule, make_plan, parse_facts, plan_to_dict
from rightsguard.playbook.clocks import Clock, Urgency
from rightsguard.playbook.facts import CaseFacts, facts_json_schema
from rightsguard.playbook.output import Plan
from rightsguard.playbook.sources import all_sources
from rightsguard.services.planning import case_facts, replan_case


def _lang_ok(lang: str) -> str:
    if lang not in ("zh-CN", "en"):
        raise InvalidValue("--lang", f"must be zh-CN or en, not {lang!r}")
    return lang


def _today(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValue("--today", f"not a date (YYYY-MM-DD): {value!r}") from None


def _emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def load_facts_file(path: Path, *, today: date | None) -> CaseFacts:
    """Read and validate a facts file; every failure names the file."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFile(path, getattr(exc, "strerror", None) or str(exc)) from None
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(
            path, f"not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except (ValueError, RecursionError) as exc:  # an over-long integer, too deep nesting
        why = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise UnreadableFile(path, f"not JSON: {why}") from None
    try:
        return parse_facts(obj, today=today or date.today())
    except InvalidValue as exc:
        raise InvalidValue(f"{path}: {exc.field}", exc.message.split(": ", 1)[-1]) from None


def _case_id(case: str) -> int:
    try:
        return int(case)
    except ValueError:
        raise InvalidValue("CASE", f"{case!r} is not a case id") from None


def render_plan(plan: Plan, lang: str, console: Console) -> None:
    """Human rendering of a plan with Rich tables."""
    zh = lang.startswith("zh")

    def g(text: Any) -> str:
        return str(text.get(lang)) if text is not None else ""

    console.print(f"[bold]{'维权计划' if zh else 'Enforcement plan'}[/bold] — {plan.today}")
    if plan.next_steps:
        console.print(f"[bold]{'下一步' if zh else 'Next steps'}[/bold]")
        for i, step in enumerate(plan.next_steps, 1):
            mark = "[red]![/red] " if step.level == "warn" else ""
            console.print(f"  {i}. {mark}{g(step.text)}  [dim]({step.rule_id})[/dim]")
    table = Table(title="建议行动" if zh else "Recommended actions", show_lines=True)
    for col in (
        "#",
        "行动" if zh else "action",
        "去向" if zh else "venue",
        "就绪" if zh else "ready",
        "缺少" if zh else "missing",
        "期限" if zh else "clocks",
        "规则" if zh else "rules",
    ):
        table.add_column(col)
    for a in plan.actions:
        missing = "\n".join(g(c.remedy or c.text) for c in a.preconditions if not c.met)
        clocks = "\n".join(f"{g(c.label)}: {c.due}{_urgency_mark(c, zh)}" for c in a.clocks)
        table.add_row(
            str(a.rank),
            f"{g(a.title)}\n[dim]{', '.join(a.target_ids)}[/dim]",
            g(a.venue.name) if a.venue else "",
            "✓" if a.ready else "✗",
            missing,
            clocks,
            ", ".join(a.rule_ids),
        )
    console.print(table)
    if plan.blocked:
        bt = Table(title="被阻止的行动" if zh else "Blocked actions")
        for col in (
            "行动" if zh else "action",
            "原因" if zh else "reason",
            "替代" if zh else "instead",
        ):
            bt.add_column(col)
        for b in plan.blocked:
            reasons = "\n".join(f"[{x.rule_id}] {g(x.text)}" for x in b.blocks)
            bt.add_row(f"{g(b.title)} ({b.key})", reasons, g(b.alternative))
        console.print(bt)
    if plan.clocks:
        ct = Table(title="进行中的期限" if zh else "Running clocks")
        for col in (
            "期限" if zh else "clock",
            "起算" if zh else "start",
            "届满" if zh else "due",
            "后果" if zh else "then",
            "规则" if zh else "rule",
        ):
            ct.add_column(col)
        for c in plan.clocks:
            due = f"{c.due}" + (f" – {c.due_latest}" if c.due_latest else "")
            due += _urgency_mark(c, zh)
            ct.add_row(g(c.label), str(c.start), due, g(c.consequence), c.rule_id)
        console.print(ct)
    for ind in plan.indicators:
        console.print(f"[yellow]![/yellow] {g(ind.text)}")
    for n in plan.notes:
        mark = "[yellow]![/yellow]" if n.level == "warn" else "•"
        console.print(f"{mark} {g(n.text)} [dim]({n.rule_id})[/dim]")
    console.print(f"[dim]{g(plan.disclaimer)}[/dim]")


def _urgency_mark(clock: Clock, zh: bool) -> str:
    """`` (passed)`` or `` (N days left)`` for a clock that has ended or ends soon."""
    if clock.expired or clock.urgency == Urgency.EXPIRED:
        return " (已过)" if zh else " (passed)"
    if clock.urgency == Urgency.URGENT:
        return f" (剩{clock.days_left}天)" if zh else f" ({clock.days_left} days left)"
    return ""


def register(app: typer.Typer) -> None:
    """Add ``rules`` (list, show) and ``plan`` to ``app``."""
    rules_app = typer.Typer(help="The playbook's rules.", no_args_is_help=False)

    @rules_app.callback(invoke_without_command=True)
    def rules_default(ctx: typer.Context) -> None:
        if ctx.invoked_subcommand is None:
            list_rules(as_json=False, lang="en")

    @rules_app.command("list")
    def list_rules(
        as_json: Annotated[bool, typer.Option("--json", help="JSON output")] = False,
        lang: Annotated[str, typer.Option("--lang", help="zh-CN or en")] = "en",
    ) -> None:
        """List every rule."""
        _lang_ok(lang)
        rules = all_rules()
        if as_json:
            _emit_json([r.to_dict() for r in rules])
            return
        table = Table(title="Rules")
        table.add_column("id", no_wrap=True)
        for col in ("effect", "jur.", "guide", "law", "statement"):
            table.add_column(col)
        for r in rules:
            table.add_row(
                r.id,
                r.effect.value,
                r.jurisdiction.value,
                ", ".join(r.guide),
                "; ".join(str(c) for c in r.law) + (" (unverified)" if r.unverified else ""),
                r.statement.get(lang),
            )
        Console().print(table)

    @rules_app.command("show")
    def show_rule(
        rule_id: Annotated[str, typer.Argument(help="rule id, e.g. evidence.first")],
        as_json: Annotated[bool, typer.Option("--json", help="JSON output")] = False,
    ) -> None:
        """Show one rule."""
        rule = get_rule(rule_id)
        if as_json:
            _emit_json(rule.to_dict())
            return
        console = Console()
        console.print(f"[bold]{rule.id}[/bold]  ({rule.effect.value}, {rule.jurisdiction.value})")
        console.print(rule.statement.zh)
        console.print(rule.statement.en)
        console.print(f"guide: {', '.join(rule.guide)}")
        console.print(f"law: {'; '.join(str(c) for c in rule.law) or '—'}")
        if rule.unverified:
            console.print("[yellow]unverified[/yellow]")

    @rules_app.command("sources")
    def list_sources(
        as_json: Annotated[bool, typer.Option("--json", help="JSON output")] = False,
        lang: Annotated[str, typer.Option("--lang", help="zh-CN or en")] = "en",
    ) -> None:
        """List the legal sources the rules cite, with what each article is used for."""
        _lang_ok(lang)
        sources = all_sources()
        if as_json:
            _emit_json([s.to_dict() for s in sources])
            return
        zh = lang.startswith("zh")
        table = Table(title="法律依据" if zh else "Legal sources")
        for col in (
            ("法律文件", "施行日", "条款", "用途")
            if zh
            else ("instrument", "in force", "article", "used for")
        ):
            table.add_column(col, overflow="fold")
        for s in sources:
            title = s.title.get(lang) + (
                ("（待核实）" if zh else " (unverified)") if s.unverified else ""
            )
            note = s.note.get(lang) if s.note else ""
            table.add_row(title, s.in_force or "", "", note)
            for art in s.articles:
                mark = ("（待核实）" if zh else " (unverified)") if art.unverified else ""
                table.add_row("", "", art.number + mark, art.gist.get(lang))
        Console(width=160).print(table)

    @rules_app.command("facts-schema")
    def facts_schema_cmd() -> None:
        """Print the JSON Schema of a facts document (each date field says which day it takes)."""
        _emit_json(facts_json_schema())

    app.add_typer(rules_app, name="rules")

    @app.command("plan")
    def plan_cmd(
        ctx: typer.Context,
        case: Annotated[str | None, typer.Argument(help="case id (from the store)")] = None,
        facts: Annotated[Path | None, typer.Option("--facts", help="facts JSON file")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="JSON output only")] = False,
        show_facts: Annotated[
            bool,
            typer.Option("--show-facts", help="print the case's facts document (for what-ifs)"),
        ] = False,
        today: Annotated[str | None, typer.Option("--today", help="YYYY-MM-DD")] = None,
        lang: Annotated[str, typer.Option("--lang", help="zh-CN or en")] = "en",
    ) -> None:
        """Make the enforcement plan for a case (or for a facts file: what-if mode)."""
        _lang_ok(lang)
        day = _today(today)
        if facts is not None:
            what_if = load_facts_file(facts, today=day)
            if day is not None and what_if.today != day:
                what_if = what_if.model_copy(update={"today": day})
            plan = make_plan(what_if)
        elif case is not None:
            case_id = _case_id(case)
            max_age = workspace(ctx).settings.capture_max_age_days
            with store(ctx) as st:
                if show_facts:
                    document, _ = case_facts(
                        st, case_id, today=day or date.today(), capture_max_age_days=max_age
                    )
                    _emit_json(document)
                    return
                plan = replan_case(
                    st, case_id, today=day or date.today(), capture_max_age_days=max_age
                ).plan
        else:
            raise InvalidValue("--facts", "give a facts file (--facts FILE.json) or a CASE")
        if as_json:
            _emit_json(plan_to_dict(plan))
        else:
            render_plan(plan, lang, Console())
