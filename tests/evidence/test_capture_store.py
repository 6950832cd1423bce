"""CaptureRepo: lifecycle, immutability, events."""

from __future__ import annotations

import pytest

from rightsguard.domain.enums import CaptureStatus
from rightsguard.domain.errors import InvalidValue, NotFound
from rightsguard.domain.nouns import Artefact
from rightsguard.store import Store
from rightsguard.store.captures import CaptureRepo, find_or_add_target

ART = (Artefact("wacz", "a" * 64, 10, "application/wacz"),)


def test_capture_lifecycle_writes_events(store: Store) -> None:
    repo = CaptureRepo(store)
    target_id = find_or_add_target(store, "https://aurorix-outlet.cn/")
    assert find_or_add_target(store, "https://AURORIX-outlet.cn/") == target_id
    capture_id = repo.start(target_id, "browser")
    assert repo.get(capture_id).status is CaptureStatus.PENDING
    done = repo.complete(capture_id, ART, {"operator": "tester"})
    assert done.status is CaptureStatus.COMPLETE and done.artefacts == ART
    assert done.environment == {"operator": "tester"} and done.finished_at is not None
    with pytest.raises(InvalidValue, match="immutable"):
        repo.fail(capture_id, "late")
    second = repo.start(target_id, "http")
    partial = repo.partial(second, ART, {}, "time limit: 5 s")
    assert partial.partial_reason == "time limit: 5 s"
    third = repo.start(target_id, "http")
    assert repo.fail(third, "refused").status is CaptureStatus.FAILED
    assert [c.id for c in repo.list_for_target(target_id)] == [capture_id, second, third]
    verbs = [e.verb for e in store.events.list(entity="capture")]
    assert verbs.count("capture.started") == 3
    assert {"capture.complete", "capture.partial", "capture.failed"} <= set(verbs)


def test_capture_needs_target_and_reason(store: Store) -> None:
    repo = CaptureRepo(store)
    with pytest.raises(NotFound):
        repo.start(999, "http")
    target_id = find_or_add_target(store, "https://aurorix-outlet.cn/x")
    capture_id = repo.start(target_id, "http")
    with pytest.raises(InvalidValue):
        repo.partial(capture_id, ART, {}, "")
