"""A running workbench on loopback, with one account per role.

``web`` starts uvicorn in a thread on a free port over a fresh workspace;
``web.client(role)`` is an httpx client signed in as that role (None: anonymous).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi.routing import APIRoute

from rightsguard.store import open_store
from rightsguard.store.users import add_user
from rightsguard.web.app import create_app
from rightsguard.web.auth import Require
from rightsguard.workspace import Workspace, init_workspace

ROLES = ("analyst", "liaison", "counsel", "admin")
#: a Chinese trademark for little worlds (add ``registration_number``)
RIGHT = {
    "kind": "trademark",
    "name": "极光",
    "jurisdiction": "CN",
    "owner": "极光科技",
    "classes": [9],
}


def password_of(role: str) -> str:
    return f"pw-{role}-123"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Web:
    ws: Workspace
    base: str
    server: uvicorn.Server
    thread: threading.Thread
    app: Any = None
    clients: list[httpx.Client] = field(default_factory=list)

    def client(self, role: str | None) -> httpx.Client:
        c = httpx.Client(base_url=self.base, follow_redirects=False, timeout=60)
        self.clients.append(c)
        if role is not None:
            login(c, role, password_of(role))
        return c

    def csrf(self, client: httpx.Client) -> str:
        return str(client.get("/api/v1/me").json()["csrf"])

    def close(self) -> None:
        for c in self.clients:
            c.close()
        self.server.should_exit = True
        self.thread.join(timeout=10)
        if self.app is not None:
            self.app.state.rg.close()


def login(client: httpx.Client, username: str, password: str) -> httpx.Response:
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token, page.text
    answer = client.post(
        "/login",
        data={"username": username, "password": password, "csrf": token.group(1), "next": "/"},
    )
    assert answer.status_code == 303, answer.text
    return answer


def start_web(ws: Workspace, *, replay_origin: str = "", use_sandbox: bool = False) -> Web:
    app = create_app(ws, replay_origin=replay_origin, use_sandbox=use_sandbox)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the workbench did not start")
        time.sleep(0.02)
    return Web(ws, f"http://127.0.0.1:{port}", server, thread, app)


def make_web_workspace(root: Path, settings: dict[str, object] | None = None) -> Workspace:
    ws = init_workspace(root, settings)
    st = open_store(ws)
    try:
        for role in ROLES:
            add_user(st, role, role, password_of(role), f"{role.title()} Test")
    finally:
        st.close()
    return ws


# --- the routes of the app, for tests that go over every one ------------------


class Mounted:
    """A route as the app serves it: the router's route under its prefix."""

    def __init__(self, route: APIRoute, prefix: str) -> None:
        self.route = route
        self.path = prefix + route.path
        self.methods = route.methods
        self.dependant = route.dependant


def routes(_web: Web | None = None) -> list[Mounted]:
    from rightsguard.web import api, pages

    mounted = [Mounted(r, "") for router in pages.routers() for r in router.routes]
    mounted += [Mounted(r, "/api/v1") for router in api.routers() for r in router.routes]
    assert all(isinstance(m.route, APIRoute) for m in mounted)
    return mounted


def permission_of(route: Mounted) -> list[str]:
    found: list[str] = []

    def walk(dependant: object) -> None:
        for dep in getattr(dependant, "dependencies", []):
            if isinstance(dep.call, Require):
                found.append(dep.call.permission)
            walk(dep)

    walk(route.dependant)
    return found


PARAMS = {"username": "analyst", "fmt": "html"}


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)(:[^}]*)?\}", lambda m: PARAMS.get(m.group(1), "1"), path)


def browser_sign_in(
    browser: Any, web: Web, role: str, lang: str, viewport: dict[str, int], **options: Any
) -> Any:
    """A page of a fresh browser context, signed in as ``role`` in ``lang``."""
    context = browser.new_context(viewport=viewport, locale=lang, **options)
    page = context.new_page()
    page.goto(f"{web.base}/login?lang={lang}")
    page.fill("input[name=username]", role)
    page.fill("input[name=password]", password_of(role))
    page.click("button[type=submit]")
    page.wait_for_url(f"{web.base}/")
    return page


def nav_links(page: Any) -> list[str]:
    """The pages the header's navigation links to (not the API docs)."""
    links = page.eval_on_selector_all("nav.main a", "els => els.map(e => e.getAttribute('href'))")
    return [h for h in links if h.startswith("/") and not h.startswith("/api")]


def record_world(web: Web, number: str, title: str, url: str) -> dict[str, int]:
    """A right, a case with one target, and a notice drafted for it."""
    from contextlib import closing

    from rightsguard.domain.enums import ActionType
    from rightsguard.domain.rights import make_right_draft
    from rightsguard.domain.target_rows import parse_target_row

    with closing(open_store(web.ws)) as st:
        right = st.rights.add(make_right_draft(**RIGHT, registration_number=number))
        case = st.cases.new(title, right_ids=(right.id,))
        target = st.targets.add(parse_target_row({"url": url}), case.id)
        with st.transaction() as session:
            data = {"kind": "notice.ecommerce", "title": "电子商务平台通知", "lang": "zh-CN"}
            notice = ActionType.PROVIDER_NOTICE
            action = st.actions.create(session, case.id, notice, [target.id], data)
        return {"case": case.id, "target": target.id, "action": action.id}
