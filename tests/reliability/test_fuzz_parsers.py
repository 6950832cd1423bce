"""Every parser and importer, fuzzed small (``bench/fuzz.py`` runs them at full size).

A parser may only end in a documented clean error (``InputError``); anything
else fails the test with the minimal example Hypothesis shrank it to. The
regression tests below pin the crashes the fuzzing found.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from fuzzing import REPLY_ID, TARGETS, Target, _reply_context, _store_context, fuzz

from rightsguard.actions.replies import import_reply
from rightsguard.cli.playbook_cmds import load_facts_file
from rightsguard.domain.errors import InvalidValue, UnreadableFile
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.store.target_import import import_targets

EXAMPLES = int(os.environ.get("RIGHTSGUARD_FUZZ_EXAMPLES", "150"))


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_parser_survives_fuzzing(target: Target, capsys: pytest.CaptureFixture[str]) -> None:
    counts = fuzz(target, EXAMPLES)
    with capsys.disabled():
        print(f"\n  fuzz {counts.line()}")
    assert counts.crashes == 0, "\n\n".join(counts.failures)
    assert counts.examples >= EXAMPLES


def test_the_harness_reports_a_crash_with_its_minimal_example() -> None:
    from fuzzing import mutated_text

    def run(_: object, text: str) -> None:
        if "Registrar" in text:
            raise KeyError("found")

    samples = ["Registrar: X\r\n", "Domain Name: a.cn\r\n"]
    counts = fuzz(Target("sanity", lambda: mutated_text(samples), run), 50)
    assert counts.crashes == 1
    assert "KeyError" in counts.failures[0] and "minimal example" in counts.failures[0]


# --- regressions found by the fuzzing -------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "data"),
    [
        ("json", b"[" * 100_000 + b"]" * 100_000),
        ("json", b'[{"url": ' + b"1" * 5000 + b"}]"),
    ],
    ids=["deep", "long-integer"],
)
def test_json_import_too_deep_or_long_integer_is_a_clean_error(fmt: str, data: bytes) -> None:
    with _store_context() as (store, tmp, _case):
        path = tmp / f"t.{fmt}"
        path.write_bytes(data)
        with pytest.raises(UnreadableFile, match="not valid JSON"):
            import_targets(store, path, case_id=None)


def test_jsonl_bad_lines_are_rejected_rows_not_crashes() -> None:
    with _store_context() as (store, tmp, _case):
        path = tmp / "t.jsonl"
        lines = [b"[" * 100_000, b'{"url": ' + b"1" * 5000 + b"}", b'{"url": "http://a.com/"}']
        path.write_bytes(b"\n".join(lines))
        report = import_targets(store, path, case_id=None, partial=True)
        assert report.created == 1
        assert [row for row, _ in report.rejected] == [1, 2]
        assert "nested too deeply" in report.rejected[0][1]


def test_a_lone_surrogate_in_a_text_field_is_rejected() -> None:
    with pytest.raises(InvalidValue, match="title: contains a character that is not valid"):
        parse_target_row({"url": "http://a.com/", "title": "\ud800"})
    with _store_context() as (store, tmp, _case):
        path = tmp / "t.json"
        path.write_bytes(b'[{"url": "http://a.com/", "note": "x\\udfff"}]')
        report = import_targets(store, path, case_id=None, partial=True)
        assert report.created == 0 and "note" in report.rejected[0][1]


@pytest.mark.parametrize(
    "text", ["[" * 100_000, '{"today": ' + "9" * 5000 + "}"], ids=["deep", "long-integer"]
)
def test_facts_file_too_deep_or_long_integer_is_a_clean_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "facts.json"
    path.write_text(text)
    with pytest.raises(UnreadableFile, match="not JSON"):
        load_facts_file(path, today=date(2026, 9, 25))


def test_a_reply_with_an_unparseable_date_is_still_matched_and_kept() -> None:
    with _reply_context() as (ws, store, tmp):
        eml = tmp / "r.eml"
        eml.write_bytes(
            f"From: abuse@host.example\nSubject: Re: notice\nIn-Reply-To: {REPLY_ID}\n"
            "Date: Tue, 01 Sep 99999999999999999999999 10:00:00 +0800\n\nremoved\n".encode()
        )
        action, data = import_reply(ws, store, eml)
        assert action.status.value == "acknowledged"
        reply = data["history"][-1]["reply"]
        assert reply["date"].startswith("Tue, 01 Sep 9999") and reply["subject"] == "Re: notice"
        assert json.dumps(reply)
