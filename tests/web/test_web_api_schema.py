"""Schemathesis against the workbench's OpenAPI description: whatever it sends, the
API answers without a 5xx and within the schema it publishes."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks
from webkit import Web, make_web_workspace, start_web

from rightsguard.store import open_store
from rightsguard.store.users import add_user

EXAMPLES = 25


@pytest.fixture(scope="module")
def api_web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    ws = make_web_workspace(tmp_path_factory.mktemp("api") / "ws")
    st = open_store(ws)
    try:
        # Something to find: a case with a target, so id-taking routes reach past 404.
        case = st.cases.new("fuzzed case")
        from rightsguard.domain.target_rows import parse_target_row

        st.targets.add(parse_target_row({"url": "https://fuzz.example/item/1"}), case.id)
        add_user(st, "fuzzer", "admin", "pw-fuzzer-123")
    finally:
        st.close()
    running = start_web(ws)
    yield running
    running.close()


@pytest.fixture(scope="module")
def api_schema(api_web: Web) -> schemathesis.BaseSchema:  # type: ignore[name-defined]
    schema = schemathesis.openapi.from_url(f"{api_web.base}/api/openapi.json")
    # Signing out would end the fuzzer's own session; signing in is tested elsewhere.
    return schema.exclude(path_regex="^/api/v1/(logout|login)$")


@pytest.fixture(scope="module")
def session_headers(api_web: Web) -> dict[str, str]:
    import httpx

    with httpx.Client(base_url=api_web.base) as c:
        me = c.post("/api/v1/login", json={"username": "fuzzer", "password": "pw-fuzzer-123"})
        assert me.status_code == 200
        cookie = c.cookies.get("rg_session")
    return {"X-CSRF-Token": me.json()["csrf"], "Cookie": f"rg_session={cookie}"}


def test_api_answers_within_its_schema(api_schema, api_web: Web, session_headers) -> None:  # type: ignore[no-untyped-def]
    """Every operation, ``EXAMPLES`` generated requests each (valid and invalid)."""
    from hypothesis import given

    tried: list[str] = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
        def run(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call(base_url=api_web.base, headers=session_headers)
            case.validate_response(
                response,
                checks=[checks.not_a_server_error, checks.response_schema_conformance],
            )

        run()
        tried.append(f"{operation.method.upper()} {operation.path}")
    assert len(tried) >= 15, tried


def test_the_description_covers_every_api_route(api_web: Web) -> None:
    import httpx

    spec = httpx.get(f"{api_web.base}/api/openapi.json").json()
    paths = set(spec["paths"])
    for needed in ("/api/v1/cases", "/api/v1/cases/{case_id}", "/api/v1/actions/{action_id}/send"):
        assert needed in paths
    assert not any(not p.startswith("/api/") for p in paths), "pages must stay out of the API"


def test_a_draft_through_the_api_is_in_the_recipients_language_by_default(
    api_web: Web,
) -> None:
    """As on the draft form (#20): no ``lang`` means the recipient's language, decided
    by services.doc_language, not a fixed zh-CN; a language given must be one we write."""
    draft = httpx.get(f"{api_web.base}/api/openapi.json").json()["components"]["schemas"]
    lang = draft["DraftIn"]["properties"]["lang"]
    assert lang["default"] == ""
    admin = api_web.client("admin")
    refused = admin.post(
        "/api/v1/cases/1/actions",
        json={"kind": "notice.ecommerce", "lang": "fr"},
        headers={"X-CSRF-Token": api_web.csrf(admin)},
    )
    assert refused.status_code == 422 and "lang" in refused.text
