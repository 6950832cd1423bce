"""Settings: environment > file > default; bad values fail loudly; all documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rightsguard.domain.errors import SettingError, WorkspaceNotFound
from rightsguard.settings import SETTINGS, resolve
from rightsguard.workspace import find_workspace, init_workspace, open_workspace

README = Path(__file__).resolve().parents[2] / "README.md"


def test_precedence_env_over_file_over_default() -> None:
    s = resolve(
        {"capture_max_age_days": 7, "language": "en"}, {"RIGHTSGUARD_CAPTURE_MAX_AGE_DAYS": "3"}
    )
    assert s.capture_max_age_days == 3 and s.source("capture_max_age_days") == "env"
    assert s.language == "en" and s.source("language") == "file"
    assert s.import_batch_size == 2000 and s.source("import_batch_size") == "default"


def test_typed_values_from_environment() -> None:
    s = resolve(
        {},
        {
            "RIGHTSGUARD_ALLOW_PRIVATE_TARGETS": "true",
            "RIGHTSGUARD_RDAP_SERVERS": '{"cn": "http://127.0.0.1:9000/rdap/"}',
            "RIGHTSGUARD_DNS_RESOLVERS": "127.0.0.53:5353,127.0.0.54",
        },
    )
    assert s.allow_private_targets is True
    assert s.rdap_servers == {"cn": "http://127.0.0.1:9000/rdap/"}
    assert s.dns_resolvers == ["127.0.0.53:5353", "127.0.0.54"]


@pytest.mark.parametrize(
    ("file", "env", "needle"),
    [
        ({}, {"RIGHTSGUARD_CAPTURE_MAX_AGE_DAYS": "soon"}, "RIGHTSGUARD_CAPTURE_MAX_AGE_DAYS"),
        ({"language": "fr"}, {}, "rightsguard.toml"),
        ({"allow_private_targets": "maybe"}, {}, "allow_private_targets"),
        ({"no_such_setting": 1}, {}, "no_such_setting"),
        ({}, {"RIGHTSGUARD_RDAP_SERVERS": "[1]"}, "rdap_servers"),
        ({"web_threads": 0}, {}, "web_threads"),
        ({}, {"RIGHTSGUARD_WEB_THREADS": "65"}, "RIGHTSGUARD_WEB_THREADS"),
    ],
)
def test_bad_values_name_the_setting(
    file: dict[str, object], env: dict[str, str], needle: str
) -> None:
    with pytest.raises(SettingError, match=needle):
        resolve(file, env)


def test_every_setting_is_documented_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [
        s.name
        for s in SETTINGS
        if not re.search(rf"^\|\s*`{s.name}`\s*\|\s*`{s.env}`\s*\|", text, re.MULTILINE)
    ]
    assert not missing, f"settings missing from README's Configuration table: {missing}"


def test_workspace_discovery(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = init_workspace(tmp_path / "ws", {"language": "en"})
    assert ws.settings.language == "en"
    nested = ws.root / "a" / "b"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    assert find_workspace(None, {}).root == ws.root
    assert find_workspace(None, {"RIGHTSGUARD_HOME": str(ws.root)}).root == ws.root
    monkeypatch.chdir(tmp_path)
    with pytest.raises(WorkspaceNotFound, match="rightsguard init"):
        find_workspace(None, {})
    with pytest.raises(WorkspaceNotFound):
        open_workspace(tmp_path / "nope")


def test_broken_settings_file(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    ws.settings_file.write_text("[rightsguard\nbroken", encoding="utf-8")
    with pytest.raises(SettingError, match="not valid TOML"):
        open_workspace(ws.root)


def test_every_setting_has_chinese_help() -> None:
    from rightsguard.settings import SETTINGS
    from rightsguard.web.settings_help import HELP_ZH

    assert sorted(HELP_ZH) == sorted(s.name for s in SETTINGS)
