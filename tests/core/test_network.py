"""The one network object: chosen by name, honouring ``dns_resolvers`` everywhere, and
the sandbox reached only through its registered backend (never imported by product code)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rightsguard.cli.main import app
from rightsguard.evidence.netguard import StaticResolver, SystemResolver
from rightsguard.net import UnknownNetwork, network_for, network_names
from rightsguard.sandbox import Sandbox, backend
from rightsguard.services.identify import identifier_for
from rightsguard.store import open_store
from rightsguard.workspace import Workspace, init_workspace

SRC = Path(__file__).resolve().parents[2] / "src" / "rightsguard"
RESOLVERS = ["127.0.0.9:5353"]


@pytest.fixture()
def ws(tmp_path: Path) -> Workspace:
    return init_workspace(tmp_path / "ws", {"dns_resolvers": RESOLVERS})


def _nameservers(resolver: Any) -> list[str]:
    if isinstance(resolver, StaticResolver):
        resolver = resolver.fallback
    assert isinstance(resolver, SystemResolver)
    return resolver.nameservers


def test_the_network_is_chosen_by_name(ws: Workspace) -> None:
    assert network_for(ws.settings).name == "internet"
    assert {"internet", "sandbox"} <= set(network_names())  # the sandbox registered itself
    with pytest.raises(UnknownNetwork, match="'nowhere' is not a known network"):
        network_for(ws.settings, "nowhere")


def test_every_resolver_honours_dns_resolvers(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    network = network_for(ws.settings)
    assert _nameservers(network.resolver()) == RESOLVERS
    assert _nameservers(network.guard().resolver) == RESOLVERS
    assert network.endpoints.dns_resolvers == tuple(RESOLVERS)
    records = network.record_resolver()
    assert (records.nameservers, records.port) == (["127.0.0.9"], 5353)

    # identification: its DNS step asks them
    with identifier_for(ws) as ident:
        assert (ident.resolver.nameservers, ident.resolver.port) == (["127.0.0.9"], 5353)

    # capture: the run's resolver falls back on them
    import rightsguard.services.capture as capture
    from rightsguard.services.capture import capture_targets

    seen: list[Any] = []
    monkeypatch.setattr(capture, "capture_urls", lambda _b, _i, options, **_: seen.append(options))
    st = open_store(ws)
    try:
        capture_targets(ws, st, [("http://example.test/", None)], mode="http")
    finally:
        st.close()
    assert _nameservers(seen[0].resolver) == RESOLVERS

    # discovery from the command line: the look-alikes are checked against them
    import rightsguard.cli.discover_cmds as discover_cmds

    asked: list[Any] = []

    def check_domains(candidates: Any, *, resolvers: Any, **_: Any) -> list[Any]:
        asked.append(list(resolvers))
        return []

    monkeypatch.setattr(discover_cmds, "check_domains", check_domains)
    args = ["--workspace", str(ws.root), "discover", "domains", "aurorix.com", "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert asked and all(a == RESOLVERS for a in asked)

    # rechecks from the command line: their fetches resolve with them
    import rightsguard.services.recheck as recheck

    guards: list[Any] = []

    def recheck_targets(_st: Any, _ids: Any, client_factory: Any, **_: Any) -> list[Any]:
        guards.append(client_factory()._transport.guard)
        return []

    monkeypatch.setattr(recheck, "recheck_targets", recheck_targets)
    args = ["--workspace", str(ws.root), "recheck", "--target", "1", "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert _nameservers(guards[0].resolver) == RESOLVERS


def test_the_sandbox_network_falls_back_on_dns_resolvers(ws: Workspace, tmp_path: Path) -> None:
    with Sandbox(state_dir=tmp_path / "sandbox") as sb:
        network = backend.network_of(sb.map(), ws.settings)
        dns = sb.endpoints()["dns.dns"]
    resolver = network.resolver()
    assert isinstance(resolver, StaticResolver) and _nameservers(resolver) == RESOLVERS
    assert network.endpoints.dns_resolvers == (f"{dns.host}:{dns.port}",)  # its own DNS


#: Product modules that may import the sandbox, and why.
ALLOWED_AT_TOP = {
    "demo.py",  # the demo starts and drives a sandbox
    "cli/sandbox_cmds.py",  # `rightsguard sandbox up|down|status|mode`; importing it also
    # registers the sandbox backend for the CLI's processes (workers, the web server)
}
ALLOWED_INSIDE_FUNCTIONS = {
    "cli/demo_cmd.py",  # `rightsguard demo --serve` starts the background sandbox
}


def _sandbox_imports(tree: ast.AST) -> list[tuple[int, bool]]:
    """(line, at module level?) of every import of rightsguard.sandbox in ``tree``."""
    found = []
    top = {id(n) for n in getattr(tree, "body", [])}
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        if any(n == "rightsguard.sandbox" or n.startswith("rightsguard.sandbox.") for n in names):
            found.append((node.lineno, id(node) in top))
    return found


def test_no_product_module_imports_the_sandbox() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("sandbox/") or rel in ALLOWED_AT_TOP:
            continue
        for line, at_top in _sandbox_imports(ast.parse(path.read_text("utf-8"))):
            if at_top or rel not in ALLOWED_INSIDE_FUNCTIONS:
                offenders.append(f"{rel}:{line}")
    assert not offenders, f"product modules importing rightsguard.sandbox: {offenders}"
