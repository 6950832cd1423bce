"""The authorization matrix: every route of the workbench × every role and anonymous.

Each route names one permission; a role outside it gets 403, anonymous gets 401
(API) or the log-in page (pages), and a role inside it is never refused. A new
route without a permission fails the first test.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from webkit import ROLES, Web, concrete, make_web_workspace, permission_of, routes, start_web

from rightsguard.domain.roles import PERMISSIONS, allowed
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.store import open_store


@pytest.fixture(scope="module")
def matrix_web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    ws = make_web_workspace(tmp_path_factory.mktemp("authz") / "ws")
    st = open_store(ws)
    try:
        case = st.cases.new("matrix case")
        st.targets.add(parse_target_row({"url": "https://matrix.example/item/1"}), case.id)
    finally:
        st.close()
    running = start_web(ws)
    yield running
    running.close()


def test_every_route_names_exactly_one_permission(matrix_web: Web) -> None:
    missing = {r.path: permission_of(r) for r in routes(matrix_web) if len(permission_of(r)) != 1}
    assert not missing, f"routes without exactly one require(...): {missing}"
    assert len(routes(matrix_web)) >= 30


def test_every_route_for_every_role(matrix_web: Web) -> None:
    clients: dict[str | None, httpx.Client] = {role: matrix_web.client(role) for role in ROLES}
    clients[None] = matrix_web.client(None)
    tokens = {role: matrix_web.csrf(c) for role, c in clients.items() if role}
    checked = 0
    wrong: list[str] = []
    for route in routes(matrix_web):
        (permission,) = permission_of(route)
        path = concrete(route.path)
        for method in sorted(route.methods - {"HEAD"}):
            for role, client in clients.items():
                if path.endswith("/logout") and role is not None:
                    client = matrix_web.client(role)  # signing out must not end the shared one
                    headers = {"X-CSRF-Token": matrix_web.csrf(client)}
                else:
                    headers = {"X-CSRF-Token": tokens[role]} if role else {}
                answer = client.request(method, path, headers=headers)
                status = answer.status_code
                if allowed(permission, role):
                    # Signing out rightly sends the browser to the log-in page.
                    to_login = answer.headers.get("location", "").startswith("/login")
                    ok = status not in (401, 403) and not (
                        status == 303 and to_login and not path.endswith("/logout")
                    )
                elif role is None:
                    ok = status == 401 if path.startswith("/api/") else status == 303
                else:
                    ok = status == 403
                checked += 1
                if not ok:
                    wrong.append(
                        f"{method} {path} as {role or 'anonymous'} ({permission}): {status}"
                    )
    assert not wrong, "\n".join(wrong)
    assert checked >= 5 * 30
    assert set(PERMISSIONS) >= {"view", "admin", "gate.override"}


def test_a_role_change_ends_the_users_sessions(matrix_web: Web) -> None:
    analyst = matrix_web.client("analyst")
    assert analyst.get("/api/v1/me").status_code == 200
    admin = matrix_web.client("admin")
    token = matrix_web.csrf(admin)
    changed = admin.post("/settings/users/analyst", data={"role": "liaison", "csrf": token})
    assert changed.status_code == 303
    assert analyst.get("/api/v1/me").status_code == 401
    admin.post("/settings/users/analyst", data={"role": "analyst", "csrf": token})
