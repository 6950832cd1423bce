"""Shared fixtures: workspaces, and stores on SQLite and on PostgreSQL.

Tests that need a service (PostgreSQL, Redis, Chromium) skip when it is
missing, except when RIGHTSGUARD_REQUIRE_SERVICES=1 (CI sets it): then they
fail, so a missing service can never pass unnoticed.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from clockkit import moved_clock
from rightsguard.store import Store
from rightsguard.store.migrate import upgrade
from rightsguard.workspace import Workspace, init_workspace

PG_URL = os.environ.get(
    "RIGHTSGUARD_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_SERVICES = os.environ.get("RIGHTSGUARD_REQUIRE_SERVICES") == "1"
#: ``RIGHTSGUARD_TEST_NOW=2031-06-15T10:00:00+00:00`` runs the tests with this process's
#: clock moved to that moment (and ticking on): no test may depend on the real date.
FAKE_NOW = os.environ.get("RIGHTSGUARD_TEST_NOW")


def service_missing(what: str) -> None:
    """Fail under RIGHTSGUARD_REQUIRE_SERVICES=1, else skip."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (RIGHTSGUARD_REQUIRE_SERVICES=1) but missing")
    pytest.skip(f"{what} is not available")


@pytest.fixture(scope="session")
def missing_service() -> Callable[[str], None]:
    """``missing_service("Redis at …")``: fail under RIGHTSGUARD_REQUIRE_SERVICES=1, else skip."""
    return service_missing


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A migrated template database; each test copies it."""
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text("select 1"))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        service_missing(f"PostgreSQL at {PG_URL} ({exc.orig})")
    name = f"rg_tpl_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield name
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_url(pg_template: str) -> Iterator[str]:
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"rg_t_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"'))
    yield sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'rg.db'}"
        upgrade(url)
        return url
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    st = Store(db_url, actor="tester")
    yield st
    st.close()


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return init_workspace(tmp_path / "ws")


#: Fixtures that reach the PostgreSQL server: a test using one is marked ``postgres``.
POSTGRES_FIXTURES = frozenset({"pg_template", "pg_url"})


def needs_postgres(item: pytest.Item) -> bool:
    """True when the test talks to PostgreSQL through the shared fixtures: it asks for
    a PostgreSQL fixture, or runs the ``postgres`` case of the ``db_url`` matrix."""
    names = set(getattr(item, "fixturenames", ()))
    if names & POSTGRES_FIXTURES:
        return True
    callspec = getattr(item, "callspec", None)
    return callspec is not None and callspec.params.get("db_url") == "postgres"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the PostgreSQL cases from their fixtures, so ``-m "not postgres"`` leaves out
    exactly the tests that need the server (other markers are written on the tests)."""
    for item in items:
        if needs_postgres(item) and item.get_closest_marker("postgres") is None:
            item.add_marker(pytest.mark.postgres)


_travel: list[contextlib.AbstractContextManager[object]] = []


def pytest_configure(config: pytest.Config) -> None:
    """Under ``RIGHTSGUARD_TEST_NOW`` the whole run sees the moved clock."""
    if FAKE_NOW:
        travel = moved_clock(FAKE_NOW)
        travel.__enter__()
        _travel.append(travel)


def pytest_unconfigure(config: pytest.Config) -> None:
    while _travel:
        _travel.pop().__exit__(None, None, None)


def pytest_report_header(config: pytest.Config) -> str | None:
    return f"clock moved to {FAKE_NOW} (RIGHTSGUARD_TEST_NOW)" if FAKE_NOW else None
