"""Import targets from CSV, JSON or JSON Lines, streamed in batches.

The file is read row by row (JSON arrays are loaded whole; use JSON Lines for
very large files), each row validated by ``domain.target_rows``, normalised and
de-duplicated against the file and the database, and written in batches inside
ONE transaction. By default the import is all-or-nothing: if any row is
rejected, nothing is written and ``ImportRejected`` lists every rejected row.
With ``partial=True`` the valid rows are kept and the rejections reported.
An interruption (Ctrl-C, a crash) rolls the whole import back.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from sqlalchemy import select

from rightsguard.domain.errors import ImportRejected, InvalidValue, UnreadableFile
from rightsguard.domain.target_rows import COLUMNS, TargetDraft, check_columns, parse_target_row
from rightsguard.store.db import allocate_ids, bulk_insert
from rightsguard.store.models import CaseTargetRow, EventRow, TargetRow, utcnow
from rightsguard.store.targets import draft_values, snapshot

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rightsguard.store.base import Store

FORMATS = ("csv", "json", "jsonl")
csv.field_size_limit(1 << 20)


@dataclass
class RowOutcome:
    row: int
    outcome: str  # created | linked | duplicate | rejected
    url: str | None = None
    target_id: int | None = None
    reason: str | None = None


@dataclass
class ImportReport:
    source: str
    rows: int = 0
    created: int = 0
    linked: int = 0
    duplicates: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    committed: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "rows": self.rows,
            "created": self.created,
            "linked": self.linked,
            "duplicates": self.duplicates,
            "rejected": [{"row": r, "reason": why} for r, why in self.rejected],
            "committed": self.committed,
        }


class _CountingReader(io.RawIOBase):
    """Counts bytes read, for progress."""

    def __init__(self, raw: BinaryIO, on_bytes: Callable[[int], None] | None) -> None:
        self._raw = raw
        self._on_bytes = on_bytes

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        if self._on_bytes and n:
            self._on_bytes(n)
        return n


def detect_format(path: Path, explicit: str | None) -> str:
    if explicit:
        if explicit not in FORMATS:
            raise InvalidValue("format", f"{explicit!r} is not one of {', '.join(FORMATS)}")
        return explicit
    suffix = path.suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    if suffix == "ndjson":
        return "jsonl"
    raise InvalidValue(
        "format", f"cannot tell the format of {path.name}; pass --format csv|json|jsonl"
    )


def _detect_encoding(head: bytes) -> str:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"  # spreadsheets saved on Chinese systems
    return "utf-8-sig"


def _csv_rows(stream: io.BufferedReader, source: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    encoding = _detect_encoding(stream.peek(65536)[:65536])
    text = io.TextIOWrapper(stream, encoding=encoding, newline="", errors="strict")
    reader = csv.reader(text)
    try:
        header = next(reader, None)
    except (csv.Error, UnicodeDecodeError) as exc:
        raise UnreadableFile(source, f"the header row is not valid CSV ({exc})") from None
    if header is None:
        raise UnreadableFile(source, "the file is empty (no header row)")
    columns = [h.strip().lower() for h in header]
    try:
        check_columns(columns)
    except InvalidValue as exc:
        raise InvalidValue("header", f"{source}: {exc.message}") from None
    number = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            number += 1
            raise UnreadableFile(
                source, f"row {number}: bytes not valid {encoding}: {exc}"
            ) from None
        except csv.Error as exc:
            number += 1
            yield number, f"not valid CSV ({exc})"
            continue
        number += 1
        if not any(v.strip() for v in values):
            number -= 1
            continue
        if len(values) != len(columns):
            yield number, f"has {len(values)} fields but the header has {len(columns)}"
            continue
        yield number, dict(zip(columns, values, strict=True))


def _json_objects(
    items: Iterator[tuple[int, Any]],
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    for number, item in items:
        if not isinstance(item, dict):
            yield number, "is not a JSON object"
            continue
        columns = [str(k).strip().lower() for k in item]
        unknown = [c for c in columns if c not in COLUMNS]
        if unknown:
            yield number, f"unknown field(s) {', '.join(repr(c) for c in unknown)}"
            continue
        yield number, {str(k).strip().lower(): v for k, v in item.items()}


def _json_problem(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc)


def _json_rows(stream: BinaryIO, source: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    try:
        data = json.load(stream)
    except (ValueError, RecursionError) as exc:  # also over-long integers, deep nesting
        raise UnreadableFile(source, f"not valid JSON ({_json_problem(exc)})") from None
    if isinstance(data, dict) and isinstance(data.get("targets"), list):
        data = data["targets"]
    if not isinstance(data, list):
        raise UnreadableFile(source, 'expected a JSON array of objects or {"targets": [...]}')
    yield from _json_objects(enumerate(data, start=1))


def _jsonl_rows(stream: BinaryIO, source: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    def items() -> Iterator[tuple[int, Any]]:
        number = 0
        for raw in stream:
            line = raw.strip()
            if not line:
                continue
            number += 1
            try:
                yield number, json.loads(line)
            except (ValueError, RecursionError) as exc:  # also over-long integers, deep nesting
                yield number, f"not valid JSON ({exc.__class__.__name__}: {_json_problem(exc)})"

    for number, item in items():
        if isinstance(item, str) and item.startswith("not valid JSON"):
            yield number, item
        else:
            yield from _json_objects(iter([(number, item)]))


def read_rows(
    stream: BinaryIO, fmt: str, source: str
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Yield (row number, row dict) or (row number, reason it is unreadable)."""
    if fmt == "csv":
        return _csv_rows(io.BufferedReader(stream, 1 << 16), source)  # type: ignore[arg-type]
    if fmt == "json":
        return _json_rows(stream, source)
    return _jsonl_rows(stream, source)


class _Batch:
    """Rows waiting to be written; outcomes are emitted in row order at flush."""

    def __init__(self) -> None:
        self.entries: list[tuple[int, TargetDraft | RowOutcome]] = []
        self.rows: list[tuple[int, TargetDraft]] = []
        self.urls: set[str] = set()

    def add(self, number: int, draft: TargetDraft) -> None:
        self.entries.append((number, draft))
        self.rows.append((number, draft))
        self.urls.add(draft.url.url)

    def settled(self, outcome: RowOutcome) -> None:
        self.entries.append((outcome.row, outcome))


def import_targets(
    store: Store,
    path: Path,
    *,
    case_id: int | None,
    fmt: str | None = None,
    partial: bool = False,
    batch_size: int = 2000,
    on_bytes: Callable[[int], None] | None = None,
    on_row: Callable[[RowOutcome], None] | None = None,
) -> ImportReport:
    """Import the targets in ``path``; see the module docstring for the rules."""
    source = str(path)
    fmt = detect_format(path, fmt)
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise UnreadableFile(source, exc.strerror or str(exc)) from None
    report = ImportReport(source=source)

    def emit(outcome: RowOutcome) -> None:
        if outcome.outcome == "rejected":
            report.rejected.append((outcome.row, outcome.reason or ""))
        elif outcome.outcome == "created":
            report.created += 1
        elif outcome.outcome == "linked":
            report.linked += 1
        else:
            report.duplicates += 1
        if on_row:
            on_row(outcome)

    with raw, store.transaction() as session:
        if case_id is not None:
            store.cases.require(session, case_id)
        counted = io.BufferedReader(_CountingReader(raw, on_bytes), 1 << 16)
        batch = _Batch()
        for number, row in read_rows(counted, fmt, source):  # type: ignore[arg-type]
            report.rows += 1
            if isinstance(row, str):
                batch.settled(RowOutcome(number, "rejected", reason=row))
                continue
            try:
                draft = parse_target_row(row)
            except InvalidValue as exc:
                batch.settled(RowOutcome(number, "rejected", reason=exc.message))
                continue
            if draft.url.url in batch.urls:
                batch.settled(
                    RowOutcome(number, "duplicate", draft.url.url, reason="repeated in the file")
                )
                continue
            batch.add(number, draft)
            if len(batch.entries) >= batch_size:
                _write_batch(store, session, batch, case_id, emit)
                batch = _Batch()
        if batch.entries:
            _write_batch(store, session, batch, case_id, emit)
        if report.rejected and not partial:
            session.rollback()
            raise ImportRejected(source, report.rejected)
        store.record(
            session,
            "targets.imported",
            "case" if case_id is not None else "workspace",
            case_id,
            case_id=case_id,
            after={k: v for k, v in report.as_dict().items() if k != "rejected"}
            | {"rejected": len(report.rejected)},
        )
        report.committed = True
    return report


def _write_batch(
    store: Store,
    session: Session,
    batch: _Batch,
    case_id: int | None,
    emit: Callable[[RowOutcome], None],
) -> None:
    urls = list(batch.urls)
    existing: dict[str, int] = {}
    for start in range(0, len(urls), 900):
        chunk = urls[start : start + 900]
        existing.update(
            session.execute(
                select(TargetRow.url, TargetRow.id).where(TargetRow.url.in_(chunk))
            ).all()
        )
    linked_already: set[int] = set()
    if case_id is not None and existing:
        ids = list(existing.values())
        for start in range(0, len(ids), 900):
            linked_already.update(
                session.scalars(
                    select(CaseTargetRow.target_id).where(
                        CaseTargetRow.case_id == case_id,
                        CaseTargetRow.target_id.in_(ids[start : start + 900]),
                    )
                )
            )
    new = [(n, d) for n, d in batch.rows if d.url.url not in existing]
    values = [draft_values(d) for _, d in new]
    now = utcnow()
    new_ids = allocate_ids(session.connection(), "targets", len(values))
    for v, target_id in zip(values, new_ids, strict=True):
        v["id"] = target_id
        v["created_at"] = now
    if values:
        bulk_insert(session.connection(), TargetRow.__table__, values)
    events: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    created = dict(zip((d.url.url for _, d in new), new_ids, strict=True))
    new_values = {v["url"]: v for v in values}
    for number, entry in batch.entries:
        if isinstance(entry, RowOutcome):
            emit(entry)
            continue
        url = entry.url.url
        if url in created:  # a new target; its one event also records the case link
            target_id = created[url]
            after = snapshot(new_values[url])
            if case_id is not None:
                after["case_id"] = case_id
            events.append(_event(store, "target.created", target_id, case_id, now, after))
            outcome = "created"
        elif case_id is None or existing[url] in linked_already:
            emit(RowOutcome(number, "duplicate", url, existing[url], "already a target"))
            continue
        else:  # a known target, newly linked to this case
            target_id = existing[url]
            events.append(
                _event(store, "case.target_linked", target_id, case_id, now, {"case_id": case_id})
            )
            outcome = "linked"
        if case_id is not None:
            links.append({"case_id": case_id, "target_id": target_id, "added_at": now})
        emit(RowOutcome(number, outcome, url, target_id))
    if links:
        bulk_insert(session.connection(), CaseTargetRow.__table__, links)
    if events:
        bulk_insert(session.connection(), EventRow.__table__, events)


def _event(
    store: Store, verb: str, target_id: int, case_id: int | None, now: Any, after: dict[str, Any]
) -> dict[str, Any]:
    return {
        "at": now,
        "actor": store.actor,
        "verb": verb,
        "entity": "target",
        "entity_id": target_id,
        "case_id": case_id,
        "before": None,
        "after": after,
        "reason": None,
    }
