"""Property tests: no import input crashes, and every rejection names its row."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightsguard.domain.errors import ImportRejected, InputError
from rightsguard.store import Store
from rightsguard.store.migrate import upgrade
from rightsguard.store.target_import import RowOutcome, import_targets


@pytest.fixture(scope="module")
def shared_store() -> Iterator[tuple[Store, Path]]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/p.db"
        upgrade(url)
        st_ = Store(url, "prop")
        yield st_, Path(tmp)
        st_.close()


cell = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["http://a.cn/", "b.com", "listing", "infringer", "ftp://x", "", "例子.中国"]),
)
header = st.lists(
    st.sampled_from(["url", "kind", "control", "title", "note", "bogus"]),
    min_size=1,
    max_size=5,
    unique=True,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(columns=header, rows=st.lists(st.lists(cell, min_size=0, max_size=6), max_size=15))
def test_structured_csv(
    shared_store: tuple[Store, Path], columns: list[str], rows: list[list[str]]
) -> None:
    store, tmp = shared_store
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    writer.writerows(rows)
    path = tmp / "s.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    _check(store, path, expected_rows=None)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes(shared_store: tuple[Store, Path], data: bytes) -> None:
    store, tmp = shared_store
    path = tmp / "b.csv"
    path.write_bytes(b"url,kind\n" + data)
    _check(store, path, expected_rows=None)


def _check(store: Store, path: Path, expected_rows: int | None) -> None:
    outcomes: list[RowOutcome] = []
    before = len(store.targets.list())
    try:
        report = import_targets(store, path, case_id=None, on_row=outcomes.append)
    except ImportRejected as rejected:
        assert rejected.rejections
        assert all(isinstance(r, int) and r >= 1 and why for r, why in rejected.rejections)
        assert len(store.targets.list()) == before  # all or nothing
        return
    except InputError as error:
        assert error.message  # a clean, named error (bad header, undecodable bytes)
        assert len(store.targets.list()) == before
        return
    assert report.committed and not report.rejected
    assert [o.row for o in outcomes] == sorted(o.row for o in outcomes)
