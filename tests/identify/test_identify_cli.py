from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import pytest
import typer
from typer.testing import CliRunner

from rightsguard.cli import identify_cmds
from rightsguard.cli.context import state
from rightsguard.cli.main import ErrorReportingGroup
from rightsguard.domain.enums import TargetStatus
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.identify.service import Identifier
from rightsguard.sandbox import Sandbox, world
from rightsguard.services import identify as identify_service
from rightsguard.store import open_store
from rightsguard.workspace import Workspace


def _app() -> typer.Typer:
    app = typer.Typer(cls=ErrorReportingGroup, no_args_is_help=True)

    @app.callback()
    def main(
        ctx: typer.Context,
        workspace: Annotated[Path | None, typer.Option("--workspace", "-w")] = None,
    ) -> None:
        state(ctx).workspace = workspace

    identify_cmds.register(app)
    return app


@pytest.fixture()
def run(workspace: Workspace):  # type: ignore[no-untyped-def]
    app = _app()
    runner = CliRunner()

    def invoke(*args: str, ok: bool = True) -> Any:
        result = runner.invoke(app, ["-w", str(workspace.root), *args])
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke


def test_identify_parties_and_providers(
    run,
    workspace: Workspace,
    sb: Sandbox,
    client,  # type: ignore[no-untyped-def]
    identifier: Identifier,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    @contextmanager
    def fake(ws: Workspace, network: object = None) -> Iterator[Identifier]:
        yield identifier

    monkeypatch.setattr(identify_service, "identifier_for", fake)
    st = open_store(workspace)
    ids = [st.targets.add(parse_target_row({"url": sb.url(h)})).id for h in world.INFRINGER_HOSTS]
    st.close()
    out = json.loads(run("identify", str(ids[0]), "--json").stdout)
    assert out["targets"][0]["registration"]["registrant"] == world.OPERATOR.name_zh
    for t in ids[1:]:
        run("identify", str(t))
    parties = json.loads(run("parties", "list", "--json").stdout)
    assert len(parties) == 1 and parties[0]["targets"] == 3
    pid = parties[0]["id"]
    shown = json.loads(run("parties", "show", str(pid), "--json").stdout)
    assert shown["target_ids"] == ids and any("Baidu Tongji" in x for x in shown["links"])
    split = json.loads(
        run("parties", "split", str(pid), str(ids[2]), "--json", "--reason", "test").stdout
    )
    run("identify", str(ids[2]))
    assert json.loads(run("parties", "show", str(split["id"]), "--json").stdout)["target_ids"] == [
        ids[2]
    ]
    run("parties", "merge", str(pid), str(split["id"]))
    assert "primary_infringer" in run("parties", "list").stdout
    bad = run("parties", "show", "999", ok=False)
    assert bad.exit_code == 2 and "no party" in bad.output


def test_a_new_lookalike_of_an_acted_on_operator_is_flagged_as_a_repeat(
    run,
    workspace: Workspace,
    sb: Sandbox,
    identifier: Identifier,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """End to end: the operator's outlet site is identified and acted against; later a
    new look-alike (the store site, same Baidu Tongji ID) is found in another case.
    Identifying it ties it to the same party and reports a repeat infringement."""

    @contextmanager
    def fake(ws: Workspace, network: object = None) -> Iterator[Identifier]:
        yield identifier

    monkeypatch.setattr(identify_service, "identifier_for", fake)
    st = open_store(workspace)
    first_case = st.cases.new("outlet")
    old = st.targets.add(parse_target_row({"url": sb.url(world.OUTLET_HOST)}), first_case.id)
    st.close()
    first = json.loads(run("identify", str(old.id), "--json").stdout)
    assert first["repeats"] == []  # nothing acted on yet
    st = open_store(workspace)
    st.targets.set_status(old.id, TargetStatus.CONFIRMED)
    st.targets.set_status(old.id, TargetStatus.ACTIONED)
    later_case = st.cases.new("new look-alike")
    new = st.targets.add(parse_target_row({"url": sb.url(world.STORE_HOST)}), later_case.id)
    st.close()
    out = json.loads(run("identify", str(new.id), "--json").stdout)
    [repeat] = out["repeats"]
    assert repeat["target_id"] == new.id and repeat["earlier_targets"] == [old.id]
    assert repeat["party_id"] == out["targets"][0]["party"] == first["targets"][0]["party"]
    assert any(world.BAIDU_TONGJI_ID[:8] in link for link in repeat["links"])
    text = run("identify", str(new.id)).stdout
    assert "repeat infringement" not in text  # flagged once, not on every run
    st = open_store(workspace)
    try:
        events = [e.verb for e in st.events.list(entity="target", entity_id=new.id)]
    finally:
        st.close()
    assert events.count("target.repeat_infringement") == 1


def test_providers_commands(run, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    listed = json.loads(run("providers", "list", "--kind", "dispute_provider", "--json").stdout)
    assert {p["key"] for p in listed} >= {"wipo", "cietac-odrc", "hkiac"}
    shown = json.loads(run("providers", "show", "ca-sichuan", "--json").stdout)
    assert shown["icp_prefixes"] == ["川", "蜀"]
    run(
        "providers",
        "add",
        "acme",
        "--name",
        "Acme Host",
        "--kind",
        "host",
        "--email",
        "abuse@acme.example",
        "--domain",
        "acme.example",
    )
    assert (workspace.root / "providers.toml").is_file()
    assert json.loads(run("providers", "show", "acme", "--json").stdout)["channels"] == {
        "email": "abuse@acme.example"
    }
    assert (
        run("providers", "add", "x", "--name", "X", "--kind", "nonsense", ok=False).exit_code == 2
    )
    assert "Acme Host" in run("providers", "list").stdout
