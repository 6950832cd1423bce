from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from playbook_world import REPO, base
from typer.testing import CliRunner

from rightsguard.cli.playbook_cmds import register
from rightsguard.domain.errors import InvalidValue, RightsGuardError, UnreadableFile
from rightsguard.playbook import all_rules


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test app."""

    register(app)
    return app


runner = CliRunner()


def test_rules_list_json(app: typer.Typer) -> None:
    result = runner.invoke(app, ["rules", "list", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [r["id"] for r in data] == [r.id for r in all_rules()]


def test_rules_list_bare_and_show(app: typer.Typer) -> None:
    bare = runner.invoke(app, ["rules"])
    assert bare.exit_code == 0 and "evidence.first" in bare.stdout
    shown = runner.invoke(app, ["rules", "show", "cd.primary-only", "--json"])
    assert json.loads(shown.stdout)["guide"] == ["II.1"]
    human = runner.invoke(app, ["rules", "show", "icp.venue"])
    assert "II.4" in human.stdout


def test_rules_show_unknown_raises_domain_error(app: typer.Typer) -> None:
    result = runner.invoke(app, ["rules", "show", "nope"])
    assert isinstance(result.exception, RightsGuardError)
    assert result.exception.exit_code == 2


def test_plan_json_and_today(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    doc = base()
    del doc["today"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = runner.invoke(app, ["plan", "--facts", str(path), "--json", "--today", "2026-09-25"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["today"] == "2026-09-25" and data["actions"][0]["rank"] == 1


def test_plan_human_zh(app: typer.Typer) -> None:
    example = REPO / "docs" / "examples" / "counterfeit-shop-cn.json"
    result = runner.invoke(
        app, ["plan", "--facts", str(example), "--lang", "zh-CN"], env={"COLUMNS": "250"}
    )
    assert result.exit_code == 0, result.output
    assert "广东省通信管理局" in result.stdout and "建议行动" in result.stdout


def test_bad_files_name_the_file_and_path(app: typer.Typer, tmp_path: Path) -> None:
    missing = tmp_path / "none.json"
    r = runner.invoke(app, ["plan", "--facts", str(missing)])
    assert isinstance(r.exception, UnreadableFile) and str(missing) in str(r.exception)
    notjson = tmp_path / "bad.json"
    notjson.write_text("{nope", encoding="utf-8")
    r = runner.invoke(app, ["plan", "--facts", str(notjson)])
    assert isinstance(r.exception, UnreadableFile) and "not JSON" in str(r.exception)
    schema = tmp_path / "schema.json"
    doc = base()
    doc["targets"][0]["url"] = "http://"
    schema.write_text(json.dumps(doc), encoding="utf-8")
    r = runner.invoke(app, ["plan", "--facts", str(schema)])
    assert isinstance(r.exception, InvalidValue)
    assert str(r.exception).startswith(f"{schema}: targets[0].url: ")
    assert "\n" not in str(r.exception)


def test_plan_needs_facts_or_case(app: typer.Typer) -> None:
    r = runner.invoke(app, ["plan"])
    assert isinstance(r.exception, InvalidValue)
    r = runner.invoke(app, ["plan", "--facts", "x.json", "--lang", "fr"])
    assert isinstance(r.exception, InvalidValue) and r.exception.field == "--lang"


def test_plan_case_without_store_module_is_clear(app: typer.Typer) -> None:
    r = runner.invoke(app, ["plan", "C-1"])
    assert isinstance(r.exception, RightsGuardError)
    # either the store module is missing (clear message) or it exists and raised its own error
    assert str(r.exception)
