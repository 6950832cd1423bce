"""What every request shares: the workspace, one database engine, the templates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from rightsguard.i18n import LANGUAGES, bilingual, translate
from rightsguard.playbook.facts import HistoryItem
from rightsguard.playbook.output import Plan
from rightsguard.playbook.progress import limitation_ending, split_done
from rightsguard.services.planning import keep_clocks, replan_case
from rightsguard.store import Store
from rightsguard.store.db import DatabaseEngine, make_engine
from rightsguard.web.auth import Caller
from rightsguard.web.permissions import can
from rightsguard.web.plans import PlanSections
from rightsguard.web.value_words import value_label
from rightsguard.workspace import Workspace

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


@dataclass
class WebContext:
    ws: Workspace
    replay_origin: str = ""
    use_sandbox: bool = False
    engine: DatabaseEngine = field(init=False)
    read_engine: DatabaseEngine = field(init=False)
    plans: PlanSections = field(init=False)
    env: Environment = field(init=False)

    def __post_init__(self) -> None:
        self.engine = make_engine(self.ws.database_url)
        self.read_engine = make_engine(self.ws.database_url, read_only=True)
        self.plans = PlanSections()
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(["html", "svg"], default=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals["LANGUAGES"] = LANGUAGES
        # htmx, when set-up fetched it (scripts/fetch-htmx.sh), boosts links and
        # forms into in-page swaps; without it every page works as plain HTML.
        self.env.globals["htmx"] = (STATIC / "vendor" / "htmx.min.js").is_file()

    def store(self, caller: Caller | str) -> Store:
        """A store whose events record ``caller``'s user name (shares the engine)."""
        actor = caller if isinstance(caller, str) else f"web:{caller.username}"
        return Store(self.ws.database_url, actor, engine=self.engine)

    def close(self) -> None:
        """Release the database connections (the server has stopped)."""
        self.engine.dispose()
        self.read_engine.dispose()

    def plan(self, case_id: int, caller: Caller | str = "web") -> Plan:
        """The case's enforcement plan today; its running clocks are kept as the case's
        deadlines, as every face does (``services.planning``)."""
        return replan_case(
            self.store(caller),
            case_id,
            today=date.today(),
            capture_max_age_days=int(self.ws.settings.capture_max_age_days),
        ).plan

    def plan_section(self, snapshot: dict[str, Any], caller: Caller) -> Markup:
        """The plan section of a case page, in the caller's language (kept per state of
        the case's facts: web/plans.py). A plan made afresh, because the case's facts
        changed, also keeps its clocks as the case's deadlines."""
        template = self.env.get_template("case_plan.html")
        case_id = snapshot["case"].id

        def render(plan: Plan, history: list[HistoryItem]) -> str:
            keep_clocks(self.store(caller), case_id, plan)
            todo, done, steps = split_done(plan, history)
            return template.render(
                plan=plan,
                todo=todo,
                done=done,
                steps=steps,
                limitation=limitation_ending(plan),
                **speaking(caller.lang),
            )

        return Markup(
            self.plans.section(
                snapshot,
                caller.lang,
                date.today(),
                int(self.ws.settings.capture_max_age_days),
                render,
            )
        )

    def reader(self) -> Store:
        """A store for reads only: on SQLite its transactions never wait for a writer."""
        return Store(self.ws.database_url, "web", engine=self.read_engine)


def rg(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.rg
    return ctx


def speaking(lang: str) -> dict[str, Callable[[Any], str]]:
    """What templates say things with: ``t(key)`` (a UI string) and ``b(text)`` (a
    bilingual text of the playbook), in ``lang``."""

    def t(key: str) -> str:
        return translate(key, lang)

    def b(text: object) -> str:
        return bilingual(text, lang)

    def v(value: object) -> str:
        return value_label(value, lang)

    return {"t": t, "b": b, "v": v}


def when(value: datetime | None) -> str:
    """A moment as pages show it: ``YYYY-MM-DD HH:MM``; empty for none."""
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def render(
    request: Request, caller: Caller, template: str, status_code: int = 200, **values: Any
) -> HTMLResponse:
    """A page in the caller's language, with the permissions that decide its buttons."""
    ctx = rg(request)
    body = ctx.env.get_template(template).render(
        request=request,
        caller=caller,
        user=caller.signed.user if caller.signed else None,
        csrf=caller.signed.csrf if caller.signed else "",
        can=can(caller.role),
        lang=caller.lang,
        path=request.url.path,
        **speaking(caller.lang),
        **values,
    )
    return HTMLResponse(body, status_code=status_code)
