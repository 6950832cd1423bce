"""The layers of docs/architecture.md, enforced: every import of every module under
src/rightsguard (also those inside functions; not those under ``if TYPE_CHECKING:``,
which never run) goes from a layer to one it may use."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "rightsguard"
DOC = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"

#: What each layer may import (besides itself, ``rightsguard`` itself for the version,
#: and ``netretry``, the retry and circuit-breaker helpers every network client shares).
#: The order is the table of docs/architecture.md, bottom up.
MAY_IMPORT: dict[str, set[str]] = {
    "rightsguard": set(),
    "netretry": {"domain"},
    "domain": set(),
    "playbook": {"domain"},
    "settings": {"domain"},
    "i18n": set(),
    "store": {"domain", "settings", "workspace"},
    "workspace": {"domain", "settings", "store"},
    "evidence": {"domain", "settings", "store", "workspace"},
    "net": {"domain", "settings", "evidence"},
    "identify": {"domain", "settings", "store", "workspace", "evidence", "net"},
    "discover": {"domain", "settings", "store", "workspace", "evidence", "net", "identify"},
    "actions": {"domain", "settings", "store", "workspace", "playbook", "evidence", "identify"},
    "report": {"domain", "settings", "store", "workspace", "playbook", "i18n", "actions"},
    "services": {
        "domain",
        "settings",
        "store",
        "workspace",
        "playbook",
        "evidence",
        "net",
        "identify",
        "discover",
        "actions",
        "report",
    },
    "jobs": {
        "domain",
        "settings",
        "store",
        "workspace",
        "playbook",
        "evidence",
        "net",
        "identify",
        "discover",
        "actions",
        "services",
    },
    "sandbox": {"domain", "settings", "evidence", "net"},
}
EVERYTHING_BELOW_THE_FACES = set(MAY_IMPORT)
#: The faces: the workbench, the command line and the demo (a scripted session).
MAY_IMPORT["web"] = EVERYTHING_BELOW_THE_FACES - {"sandbox"}
MAY_IMPORT["cli"] = EVERYTHING_BELOW_THE_FACES | {"web", "demo"}
MAY_IMPORT["demo"] = EVERYTHING_BELOW_THE_FACES | {"cli"}
MAY_IMPORT["__main__"] = {"cli"}
SHARED = {"rightsguard", "netretry"}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "rightsguard":
        return None
    return parts[1] if len(parts) > 1 else "rightsguard"


def _module_of(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(tree: ast.Module) -> list[tuple[str, int]]:
    """(module, line) of every import that runs: ``if TYPE_CHECKING:`` blocks skipped."""
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((a.name, node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def crossings(src: Path = SRC) -> list[str]:
    """Every import that leaves its layer for one it may not use."""
    wrong = []
    for path in sorted(src.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = _module_of(path)
        here = _layer(module)
        assert here is not None
        allowed = MAY_IMPORT.get(here)
        if allowed is None:
            wrong.append(f"{module}: layer {here!r} is not in docs/architecture.md")
            continue
        for target, line in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            there = _layer(target)
            if there is None or there == here or there in SHARED or there in allowed:
                continue
            wrong.append(f"{module}:{line} imports {target} ({here} may not use {there})")
    return wrong


def test_every_import_stays_within_the_drawn_layers() -> None:
    assert crossings() == []


def _on_tree(fake: Path, check: Callable[[Path], list[str]]) -> list[str]:
    """``check`` run over a made-up source tree (module names are taken from it)."""
    global SRC
    saved, SRC = SRC, fake
    try:
        return check(fake)
    finally:
        SRC = saved


def test_the_checker_catches_a_crossing(tmp_path: Path) -> None:
    fake = tmp_path / "rightsguard"
    (fake / "domain").mkdir(parents=True)
    (fake / "domain" / "nouns.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from rightsguard.store import Store\n"
        "def f():\n    from rightsguard.web.app import create_app\n"
    )
    (fake / "gadgets").mkdir()
    (fake / "gadgets" / "x.py").write_text("import os\n")
    found = _on_tree(fake, crossings)
    assert found == [
        "rightsguard.domain.nouns:5 imports rightsguard.web.app (domain may not use web)",
        "rightsguard.gadgets.x: layer 'gadgets' is not in docs/architecture.md",
    ]


@pytest.mark.parametrize("layer", sorted(MAY_IMPORT))
def test_the_document_draws_every_layer(layer: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    assert f"`{layer}" in text, f"docs/architecture.md does not name the layer {layer}"


#: Modules outside store/ still allowed to import SQLAlchemy, each with its reason.
#: Empty: store/ owns every table, query and unit of work (docs/architecture.md).
SQL_OUTSIDE_THE_STORE: dict[str, str] = {}


def _every_import(tree: ast.Module) -> list[tuple[str, int]]:
    """(module, line) of every import, those inside functions and under
    ``if TYPE_CHECKING:`` included."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((a.name, node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
    return sorted(found, key=lambda f: f[1])


def sql_outside_the_store(src: Path = SRC) -> list[str]:
    """Every import of SQLAlchemy by a module outside rightsguard.store."""
    wrong = []
    for path in sorted(src.rglob("*.py")):
        module = _module_of(path)
        if _layer(module) == "store" or module in SQL_OUTSIDE_THE_STORE:
            continue
        for target, line in _every_import(ast.parse(path.read_text(encoding="utf-8"))):
            if target.split(".")[0] == "sqlalchemy":
                wrong.append(f"{module}:{line} imports {target} (only the store may)")
    return wrong


def test_only_the_store_imports_sqlalchemy() -> None:
    assert sql_outside_the_store() == []


def test_the_sqlalchemy_check_sees_imports_in_functions_and_type_checking(
    tmp_path: Path,
) -> None:
    fake = tmp_path / "rightsguard"
    (fake / "store").mkdir(parents=True)
    (fake / "store" / "rows.py").write_text("from sqlalchemy import select\n")
    (fake / "jobs").mkdir()
    (fake / "jobs" / "x.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from sqlalchemy.orm import Session\n"
        "def f():\n    import sqlalchemy\n"
    )
    found = _on_tree(fake, sql_outside_the_store)
    assert found == [
        "rightsguard.jobs.x:3 imports sqlalchemy.orm (only the store may)",
        "rightsguard.jobs.x:5 imports sqlalchemy (only the store may)",
    ]
