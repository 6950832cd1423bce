"""Engines and the translation of database failures into user errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.attributes import flag_modified

from rightsguard.domain.errors import (
    InvalidValue,
    StoreCorrupt,
    StoreLocked,
    StoreUnavailable,
)

#: The names the layers above may use without importing SQLAlchemy themselves
#: (tests/core/test_layers.py: only store/ imports it).
#: ``Unit``: one unit of work, the session a ``Store.transaction()`` yields.
Unit = Session
#: ``DatabaseEngine``: the connection pool of one database (the web keeps two).
DatabaseEngine = Engine
#: ``OutOfRange``: the database refused a value it cannot hold (a number too large).
OutOfRange = exc.DataError


def session_of(row: Any) -> Unit:
    """The unit of work a row was read in (a callback given the row writes in it)."""
    session = object_session(row)
    assert session is not None, "the row is not in a unit of work"
    return session


def mark_changed(row: Any, field: str) -> None:
    """Tell the unit of work that ``row.field`` (a JSON value) changed in place."""
    flag_modified(row, field)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Autocommit off at the driver; SQLAlchemy issues BEGIN itself so that a
    # whole import is one transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_begin_read(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def _sqlite_query_only(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only = ON")
    cursor.close()


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for ``url``: SQLite (WAL, foreign keys on) or PostgreSQL.

    ``read_only`` engines (the web workbench's page reads) start SQLite transactions
    deferred, so that under WAL any number of readers run beside the one writer
    instead of queueing behind it; SQLite itself refuses writes on them.
    """
    try:
        parsed = make_url(url)
    except exc.ArgumentError:
        raise InvalidValue("database_url", f"{url!r} is not a database URL") from None
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        if read_only:
            event.listen(engine, "connect", _sqlite_query_only)
            event.listen(engine, "begin", _sqlite_begin_read)
        else:
            event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True)
    raise InvalidValue("database_url", f"unsupported database {parsed.get_backend_name()!r}")


def describe(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except exc.ArgumentError:
        return "<invalid URL>"


@contextmanager
def translated_errors(url: str) -> Iterator[None]:
    """Turn driver failures into StoreLocked / StoreCorrupt / StoreUnavailable."""
    try:
        yield
    except exc.DBAPIError as error:
        raise translate(error, url) from error


def translate(error: exc.DBAPIError, url: str) -> Exception:
    text = str(error.orig).lower()
    where = describe(url)
    if "database is locked" in text or "database table is locked" in text:
        return StoreLocked(
            f"the database {where} is locked by another process; try again when it finishes"
        )
    if "file is not a database" in text or "malformed" in text or "not a database" in text:
        return StoreCorrupt(f"the database {where} is damaged or is not a RightsGuard database")
    if "unable to open database" in text:
        return StoreUnavailable(f"cannot open the database {where}")
    if isinstance(error, exc.OperationalError) and (
        "connection" in text or "could not" in text or "server" in text
    ):
        return StoreUnavailable(f"cannot reach the database {where}: {str(error.orig).strip()}")
    if "no such table" in text or "does not exist" in text:
        return StoreCorrupt(
            f"the database {where} has no RightsGuard tables; run: rightsguard db upgrade"
        )
    return error


def allocate_ids(connection: Any, table: str, count: int) -> list[int]:
    """Reserve ``count`` primary keys of ``table`` for a bulk insert.

    PostgreSQL draws them from the table's sequence. SQLite continues after the
    largest id: safe because every RightsGuard transaction on SQLite starts with
    BEGIN IMMEDIATE, so no other writer can take ids until this one ends.
    """
    from sqlalchemy import text

    if count <= 0:
        return []
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table, "n": count},
        )
        return [int(r[0]) for r in rows]
    start = int(connection.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar())
    return list(range(start + 1, start + 1 + count))


def bulk_insert(connection: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert many rows with one driver-level ``executemany``.

    Values go through each column type's own bind processor (so JSON and the
    UTC datetimes are stored exactly as the ORM stores them), but the per-row
    bookkeeping of a Core ``insert`` is skipped. Every row must have the same keys.
    """
    if not rows:
        return
    dialect = connection.dialect
    keys = list(rows[0])
    statement = table.insert().compile(dialect=dialect, column_keys=keys)
    processors = [(key, table.c[key].type._cached_bind_processor(dialect)) for key in keys]
    if dialect.paramstyle == "qmark":
        positional = statement.positiontup
        order = {key: positional.index(key) for key in keys}
        params: list[Any] = []
        last: dict[str, tuple[Any, Any]] = {}  # rows often share a value (e.g. "now")
        for row in rows:
            values: list[Any] = [None] * len(keys)
            for key, proc in processors:
                value = row[key]
                if proc is None or value is None:
                    values[order[key]] = value
                    continue
                seen = last.get(key)
                if seen is not None and seen[0] is value:
                    values[order[key]] = seen[1]
                    continue
                processed = proc(value)
                last[key] = (value, processed)
                values[order[key]] = processed
            params.append(tuple(values))
    else:
        params = [
            {
                key: (proc(row[key]) if proc and row[key] is not None else row[key])
                for key, proc in processors
            }
            for row in rows
        ]
    connection.exec_driver_sql(str(statement), params)
