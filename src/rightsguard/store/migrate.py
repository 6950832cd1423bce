"""Apply and inspect the Alembic migrations that ship in the package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from rightsguard.domain.errors import OperationalError
from rightsguard.store.db import make_engine, translated_errors

MIGRATIONS = Path(__file__).parent / "migrations"


def _config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["database_url"] = url
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config("")).get_current_head()
    assert head is not None
    return head


def current_revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with translated_errors(url), engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` up to ``revision`` (all pending migrations)."""
    with translated_errors(url):
        command.upgrade(_config(url), revision)


def check_current(url: str) -> None:
    """Fail with a clear message when the database is behind the code."""
    current = current_revision(url)
    head = head_revision()
    if current != head:
        raise OperationalError(
            f"the database schema is at {current or 'nothing'} but this RightsGuard needs "
            f"{head}; run: rightsguard db upgrade",
            code="store_outdated",
        )
