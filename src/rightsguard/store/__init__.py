"""Persistence: tables, migrations and repositories over SQLite or PostgreSQL.

Public surface: ``Store`` (``store.rights``, ``store.cases``, ``store.targets``,
``store.events``, ``store.observables``, ``store.parties``, ``store.providers``,
``store.actions``), ``open_store(workspace)`` and ``migrate.upgrade(url)``.
Callers never see a session; every repository method is one transaction.
"""

from rightsguard.store.base import Store, open_store

__all__ = ["Store", "open_store"]
