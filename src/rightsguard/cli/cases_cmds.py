"""``rightsguard case``: open, list, show and close cases."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from rightsguard.cli.context import store
from rightsguard.cli.output import console, fmt_time, print_json
from rightsguard.domain.enums import CaseStatus, Goal
from rightsguard.domain.errors import InvalidValue
from rightsguard.store.cases import parse_goals

app = typer.Typer(help="Cases: rights + targets + goals + actions.", no_args_is_help=True)


@app.command("new")
def new(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="A short title.")],
    right: Annotated[list[int] | None, typer.Option(help="Right id (repeat).")] = None,
    goal: Annotated[
        list[str] | None, typer.Option(help="; ".join(g.value for g in Goal) + " (repeat).")
    ] = None,
    assignee: Annotated[str | None, typer.Option(help="Who works the case.")] = None,
    notes: Annotated[str, typer.Option(help="Free text.")] = "",
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Open a case."""
    goals = parse_goals(goal or [Goal.REMOVE_LINKS.value])
    with store(ctx) as st:
        case = st.cases.new(
            title, right_ids=tuple(right or ()), goals=goals, assignee=assignee, notes=notes
        )
    if json_output:
        print_json(case)
    else:
        console.print(f"Case {case.id} opened: {case.title}")


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option(help="open or closed")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List cases with their number of targets."""
    try:
        wanted = CaseStatus(status) if status else None
    except ValueError:
        raise InvalidValue("status", f"{status!r} is not open or closed") from None
    with store(ctx) as st:
        rows = st.cases.list(wanted)
    if json_output:
        print_json([{**_plain(c), "targets": n} for c, n in rows])
        return
    if not rows:
        console.print('No cases yet. Open one with: rightsguard case new "title" --right ID')
        return
    table = Table("id", "title", "status", "goals", "rights", "targets", "opened")
    for c, n in rows:
        table.add_row(
            str(c.id),
            c.title,
            c.status.value,
            ", ".join(g.value for g in c.goals),
            ",".join(map(str, c.right_ids)) or "—",
            str(n),
            fmt_time(c.created_at),
        )
    console.print(table)


def _plain(case: object) -> dict[str, object]:
    from rightsguard.cli.output import jsonable

    data = jsonable(case)
    assert isinstance(data, dict)
    return data


@app.command("show")
def show(
    ctx: typer.Context,
    case_id: Annotated[int, typer.Argument(help="Case id.")],
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show a case: rights, targets and its latest events."""
    with store(ctx) as st:
        case = st.cases.get(case_id)
        rights = [st.rights.get(r) for r in case.right_ids]
        targets = st.targets.list(case_id=case_id)
        events = st.events.list(case_id=case_id, limit=20)
        deadlines = st.deadlines.list(case_id)
    if json_output:
        print_json(
            {
                **_plain(case),
                "rights": rights,
                "targets": targets,
                "events": events,
                "deadlines": deadlines,
            }
        )
        return
    console.print(f"[bold]Case {case.id}[/]: {case.title}  ({case.status.value})")
    console.print(f"  goals: {', '.join(g.value for g in case.goals) or '—'}")
    console.print(f"  opened {fmt_time(case.created_at)}; assignee {case.assignee or '—'}")
    for r in rights:
        console.print(f"  right {r.id}: {r.kind.value} {r.name} {r.registration_number or ''}")
    table = Table("id", "url", "kind", "control", "status", title=f"{len(targets)} target(s)")
    for t in targets[:200]:
        table.add_row(str(t.id), t.url, t.kind.value, t.control.value, t.status.value)
    console.print(table)
    if len(targets) > 200:
        console.print(
            f"  … and {len(targets) - 200} more (rightsguard target list --case {case_id})"
        )
    if deadlines:
        console.print(
            "Deadlines (the playbook's clocks and follow-ups; rightsguard plan "
            f"{case_id} refreshes them):"
        )
        for d in deadlines:
            mark = "✓" if d.done else "•"
            console.print(
                f"  {mark} {d.due.date().isoformat()}  {d.label}  [{d.rule_id or ''}]"
                f"  → {d.consequence}",
                markup=False,
            )
    console.print("Latest events:")
    for e in events:
        console.print(f"  {fmt_time(e.at)}  {e.actor}  {e.verb}  {e.entity} {e.entity_id or ''}")


@app.command("close")
def close(
    ctx: typer.Context,
    case_id: Annotated[int, typer.Argument(help="Case id.")],
    reason: Annotated[str, typer.Option(help="Why the case is closed (recorded).")],
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Close a case, recording why."""
    with store(ctx) as st:
        case = st.cases.close(case_id, reason)
    if json_output:
        print_json(case)
    else:
        console.print(f"Case {case.id} closed.")
