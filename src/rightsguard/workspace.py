"""A workspace: one folder with the settings file, the database, the evidence
store and the signing key.

Commands find it by ``--workspace``, then ``RIGHTSGUARD_HOME``, then the current
folder and its parents.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rightsguard.domain.errors import InputError, WorkspaceNotFound
from rightsguard.settings import Settings, read_settings_file, resolve
from rightsguard.store.migrate import upgrade

SETTINGS_FILE = "rightsguard.toml"
DATABASE_FILE = "rightsguard.db"
KEY_FILE = Path("keys") / "signing-ed25519.pem"
PUBLIC_KEY_FILE = Path("keys") / "signing-ed25519.pub.pem"

_TEMPLATE = """\
# RightsGuard workspace settings. Every setting, its default and its meaning are
# listed in the README ("Configuration"). The environment (RIGHTSGUARD_<NAME>)
# overrides this file.
[rightsguard]
# database_url = "postgresql+psycopg://user@127.0.0.1:5432/rightsguard"
# language = "zh-CN"
# capture_max_age_days = 30
"""


@dataclass(frozen=True)
class Workspace:
    root: Path
    settings: Settings

    @property
    def settings_file(self) -> Path:
        return self.root / SETTINGS_FILE

    @property
    def database_url(self) -> str:
        url: str = self.settings.database_url
        return url or f"sqlite:///{self.root / DATABASE_FILE}"

    @property
    def evidence_dir(self) -> Path:
        return self.root / self.settings.evidence_dir

    @property
    def key_file(self) -> Path:
        return self.root / KEY_FILE

    @property
    def operator(self) -> str:
        name: str = self.settings.operator
        if name:
            return name
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "unknown"


def _write_signing_key(root: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    (root / KEY_FILE).parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(private)
    (root / PUBLIC_KEY_FILE).write_bytes(public)


def init_workspace(root: Path, settings: Mapping[str, object] | None = None) -> Workspace:
    """Create a workspace at ``root`` (settings, key, evidence folder, database).

    An existing workspace is left as it is and opened; nothing is overwritten.
    """
    import tomli_w

    root = root.expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise InputError(f"{root} exists and is not a folder")
    root.mkdir(parents=True, exist_ok=True)
    settings_path = root / SETTINGS_FILE
    if not settings_path.exists():
        text = _TEMPLATE
        if settings:
            text += tomli_w.dumps({"rightsguard": dict(settings)}).split("\n", 1)[1]
        settings_path.write_text(text, encoding="utf-8")
    if not (root / KEY_FILE).exists():
        _write_signing_key(root)
    workspace = open_workspace(root)
    workspace.evidence_dir.mkdir(parents=True, exist_ok=True)

    upgrade(workspace.database_url)
    return workspace


def open_workspace(root: Path, environ: Mapping[str, str] | None = None) -> Workspace:
    root = root.expanduser().resolve()
    settings_path = root / SETTINGS_FILE
    if not settings_path.is_file():
        raise WorkspaceNotFound(
            f"no RightsGuard workspace at {root} (no {SETTINGS_FILE}); "
            f"create one with: rightsguard init {root}"
        )
    return Workspace(root, resolve(read_settings_file(settings_path), environ))


def find_workspace(explicit: Path | None, environ: Mapping[str, str] | None = None) -> Workspace:
    """``--workspace``, then ``RIGHTSGUARD_HOME``, then the current folder or a parent."""
    env = os.environ if environ is None else environ
    if explicit is not None:
        return open_workspace(explicit, env)
    if env.get("RIGHTSGUARD_HOME"):
        return open_workspace(Path(env["RIGHTSGUARD_HOME"]), env)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return open_workspace(folder, env)
    raise WorkspaceNotFound(
        f"no RightsGuard workspace in {here} or its parents; pass --workspace DIR, "
        "set RIGHTSGUARD_HOME, or create one with: rightsguard init DIR"
    )
