from __future__ import annotations

from datetime import date

import pytest
from playbook_world import base

from rightsguard.domain.errors import InvalidValue
from rightsguard.playbook import parse_facts


def bad(doc: object) -> InvalidValue:
    with pytest.raises(InvalidValue) as err:
        parse_facts(doc)
    return err.value


def test_tld_derived_from_url_and_idna() -> None:
    doc = base()
    doc["targets"] += [
        {"id": "t2", "url": "https://例子.中国/x"},
        {"id": "t3", "kind": "domain", "url": "xn--fsqu00a.xn--fiqs8s"},
        {"id": "t4", "url": "https://a.example.com", "tld": ".NET"},
    ]
    facts = parse_facts(doc)
    assert [x.tld for x in facts.targets] == ["cn", "中国", "中国", "net"]
    assert facts.targets[0].host == "acme-fake.cn"


def test_bad_url_names_its_json_path() -> None:
    doc = base()
    doc["targets"] += [{"id": "t2", "url": "https://ok.cn"}, {"id": "t3", "url": "http://"}]
    err = bad(doc)
    assert err.field == "targets[2].url"
    assert str(err).startswith("targets[2].url: ")


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("targets", 0, "control"), "someone", "targets[0].control"),
        (("captures", 0, "at"), "yesterday", "captures[0].at"),
        (("nature",), {"illegal_gains": -1}, "nature.illegal_gains"),
        (("goals",), ["world_peace"], "goals[0]"),
        (("parties", 0, "role"), "boss", "parties[0].role"),
        (("today",), "2300-01-01", "today"),
    ],
)
def test_schema_violations(path: tuple[object, ...], value: object, field: str) -> None:
    doc = base()
    node: object = doc
    for key in path[:-1]:
        node = node[key]  # type: ignore[index]
    node[path[-1]] = value  # type: ignore[index]
    assert bad(doc).field == field


def test_references_are_checked() -> None:
    doc = base()
    doc["captures"][0]["target_id"] = "ghost"
    assert bad(doc).field == "captures[0].target_id"
    doc = base()
    doc["targets"].append({"id": "t1"})
    assert bad(doc).field == "targets[1].id"
    doc = base()
    doc["history"] = [
        {
            "id": "h",
            "type": "cease_and_desist",
            "sent_on": "2026-01-05",
            "received_on": "2026-01-01",
        }
    ]
    assert bad(doc).field == "history[0].received_on"


def test_unknown_field_rejected_and_version_checked() -> None:
    doc = base()
    doc["targets"][0]["colour"] = "red"
    assert bad(doc).field == "targets[0].colour"
    doc = base()
    doc["schema_version"] = 2
    assert bad(doc).field == "schema_version"
    assert bad([1, 2]).field == "facts"


def test_today_from_argument() -> None:
    doc = base()
    del doc["today"]
    assert bad(doc).field == "today"
    assert parse_facts(doc, today=date(2026, 1, 2)).today == date(2026, 1, 2)


def test_integer_ids_are_strings() -> None:
    doc = base()
    doc["targets"][0]["id"] = 3
    doc["captures"][0]["target_id"] = 3
    facts = parse_facts(doc)
    assert facts.targets[0].id == "3" and facts.latest_capture("3") is not None
