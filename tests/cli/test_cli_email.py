"""Every e-mail address typed on the command line is checked (#20)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli import rg, ws  # noqa: F401  (ws is a fixture)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["holder", "set", "--email", "legal@localhost"], "email"),
        (
            [
                "user",
                "add",
                "bob",
                "--role",
                "analyst",
                "--password",
                "pw-analyst-123",
                "--email",
                "bob@-bad-.com",
            ],
            "email",
        ),
        (
            [
                "act",
                "draft",
                "1",
                "--type",
                "cease_and_desist",
                "--to-name",
                "X",
                "--to-email",
                "shop @x.cn",
            ],
            "to_email",
        ),
    ],
)
def test_a_bad_address_is_refused_naming_the_field(
    ws: Path,  # noqa: F811
    args: list[str],
    field: str,
) -> None:
    code, out, err = rg(ws, *args)
    assert code == 2, out + err
    assert f"{field}: " in err and "is not an e-mail address" in err
    assert "Traceback" not in out + err


def test_holder_keeps_its_address_when_a_bad_one_is_typed(ws: Path) -> None:  # noqa: F811
    assert rg(ws, "holder", "set", "--email", "ip@aurorix.com")[0] == 0
    assert rg(ws, "holder", "set", "--email", "ip@aurorix")[0] == 2
    _, out, _ = rg(ws, "holder", "show", "--json")
    assert json.loads(out)["email"] == "ip@aurorix.com"
