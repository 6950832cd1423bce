"""``rightsguard notify``: e-mail each person their daily digest or deadline reminders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from rightsguard.cli.context import store, workspace
from rightsguard.cli.output import console, print_json
from rightsguard.domain.errors import InvalidValue

notify_app = typer.Typer(
    help="E-mail the team: daily digests and deadline reminders (SMTP settings).",
    no_args_is_help=True,
)


def _day(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValue("--today", f"not a date (YYYY-MM-DD): {value!r}") from None


def _run(
    ctx: typer.Context,
    today: str | None,
    user: list[str] | None,
    base_url: str,
    json_output: bool,
    reminders_only: bool,
) -> None:
    from rightsguard.services.notify import notify

    ws = workspace(ctx)
    with store(ctx) as st:
        report = notify(
            ws,
            st,
            today=_day(today),
            reminders_only=reminders_only,
            users=user or None,
            base_url=base_url,
        )
    if json_output:
        print_json(report)
        return
    table = Table("user", "to", "lang", "approve", "send", "ready", "due", title="sent")
    for m in report.sent:
        c = m.counts
        table.add_row(
            m.username,
            m.email,
            m.lang,
            *(str(c[k]) for k in ("to_approve", "to_send", "ready", "due")),
        )
    console.print(table)
    for username, why in report.skipped:
        console.print(f"  {username}: {why}")


TODAY = Annotated[str | None, typer.Option("--today", help="The day (YYYY-MM-DD; default today).")]
USER = Annotated[list[str] | None, typer.Option("--user", help="Only this user (repeatable).")]
BASE = Annotated[str, typer.Option("--base-url", help="The workbench's address, for links.")]
JSON = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _command(*, reminders_only: bool, doc: str) -> Callable[..., None]:
    """``notify digest`` and ``notify reminders``: the same options, one switch."""

    def command(
        ctx: typer.Context,
        today: TODAY = None,
        user: USER = None,
        base_url: BASE = "",
        json_output: JSON = False,
    ) -> None:
        _run(ctx, today, user, base_url, json_output, reminders_only=reminders_only)

    command.__doc__ = doc
    return command


notify_app.command("digest")(
    _command(
        reminders_only=False,
        doc="Each person's digest (once a day): drafts to approve, actions to send, "
        "targets ready for liaison, deadlines due within a week.",
    )
)
notify_app.command("reminders")(
    _command(
        reminders_only=True,
        doc="Deadlines due within a week not yet reminded today (each at most once a day).",
    )
)


def register(app: typer.Typer) -> None:
    app.add_typer(notify_app, name="notify")
