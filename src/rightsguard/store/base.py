"""The ``Store``: an engine, its sessions, the repositories, and the event trail."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from rightsguard.store.actions import ActionRepo
from rightsguard.store.captures import CaptureRepo
from rightsguard.store.cases import CaseRepo
from rightsguard.store.db import make_engine, translated_errors
from rightsguard.store.deadlines import DeadlineRepo
from rightsguard.store.events import EventRepo
from rightsguard.store.evidence_items import EvidenceItemRepo
from rightsguard.store.migrate import check_current
from rightsguard.store.models import EventRow, utcnow
from rightsguard.store.observables import ObservableRepo
from rightsguard.store.parties import PartyRepo
from rightsguard.store.providers import ProviderRepo
from rightsguard.store.rechecks import RecheckRepo
from rightsguard.store.repeats import RepeatRepo
from rightsguard.store.rights import RightRepo
from rightsguard.store.targets import TargetRepo

if TYPE_CHECKING:
    from rightsguard.store.actions import ActionRepo
    from rightsguard.store.captures import CaptureRepo
    from rightsguard.store.cases import CaseRepo
    from rightsguard.store.deadlines import DeadlineRepo
    from rightsguard.store.events import EventRepo
    from rightsguard.store.evidence_items import EvidenceItemRepo
    from rightsguard.store.observables import ObservableRepo
    from rightsguard.store.parties import PartyRepo
    from rightsguard.store.providers import ProviderRepo
    from rightsguard.store.rechecks import RecheckRepo
    from rightsguard.store.repeats import RepeatRepo
    from rightsguard.store.rights import RightRepo
    from rightsguard.store.targets import TargetRepo
    from rightsguard.workspace import Workspace


_SESSIONS: weakref.WeakKeyDictionary[Engine, sessionmaker[Session]] = weakref.WeakKeyDictionary()
_SESSIONS_LOCK = threading.Lock()


def sessions_of(engine: Engine) -> sessionmaker[Session]:
    """One session factory per engine: each ``sessionmaker`` defines a class of its own,
    and a class made per request (the web makes a Store per request) cost the events
    system and the garbage collector more than the queries did."""
    with _SESSIONS_LOCK:
        made = _SESSIONS.get(engine)
        if made is None:
            made = _SESSIONS[engine] = sessionmaker(engine, expire_on_commit=False)
        return made


class Store:
    """Repositories over one database. ``actor`` is recorded on every event."""

    def __init__(self, url: str, actor: str, engine: Engine | None = None) -> None:

        self.url = url
        self.actor = actor
        self.engine = engine or make_engine(url)
        self._sessions = sessions_of(self.engine)
        self.rights: RightRepo = RightRepo(self)
        self.cases: CaseRepo = CaseRepo(self)
        self.targets: TargetRepo = TargetRepo(self)
        self.events: EventRepo = EventRepo(self)
        self.observables: ObservableRepo = ObservableRepo(self)
        self.parties: PartyRepo = PartyRepo(self)
        self.providers: ProviderRepo = ProviderRepo(self)
        self.actions: ActionRepo = ActionRepo(self)
        self.captures: CaptureRepo = CaptureRepo(self)
        self.deadlines: DeadlineRepo = DeadlineRepo(self)
        self.evidence_items: EvidenceItemRepo = EvidenceItemRepo(self)
        self.rechecks: RecheckRepo = RecheckRepo(self)
        self.repeats: RepeatRepo = RepeatRepo(self)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on any error
        (including Ctrl-C)."""
        with translated_errors(self.url):
            session = self._sessions()
            try:
                with session.begin():
                    yield session
            finally:
                session.close()

    def record(
        self,
        session: Session,
        verb: str,
        entity: str,
        entity_id: int | None,
        *,
        case_id: int | None = None,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
        reason: str | None = None,
    ) -> None:
        """Append an event to the audit trail inside the caller's transaction."""
        session.add(
            EventRow(
                at=utcnow(),
                actor=self.actor,
                verb=verb,
                entity=entity,
                entity_id=entity_id,
                case_id=case_id,
                before=dict(before) if before is not None else None,
                after=dict(after) if after is not None else None,
                reason=reason,
            )
        )

    def close(self) -> None:
        self.engine.dispose()


def open_store(workspace: Workspace, *, check_schema: bool = True) -> Store:
    """The store of a workspace, refusing a database whose schema is behind."""

    if check_schema:
        check_current(workspace.database_url)
    return Store(workspace.database_url, workspace.operator)
