"""One table of settings: name, type, default, help.

Values come from the environment (``RIGHTSGUARD_<NAME>``), then the workspace's
``rightsguard.toml`` (table ``[rightsguard]``), then the default. A value that
cannot be read as its type stops start-up with an error naming the setting and
where the value came from. The README documents every setting; a test fails
when one is missing there.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rightsguard.domain.errors import SettingError
from rightsguard.domain.roles import ROLES

ENV_PREFIX = "RIGHTSGUARD_"


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"{value!r} is not true or false")


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a whole number")
    return int(value)


def _web_threads(value: Any) -> int:
    number = _int(value)
    if not 1 <= number <= 64:
        raise ValueError(f"{number} is not between 1 and 64")
    return number


def _positive(value: Any) -> int:
    number = _int(value)
    if number < 1:
        raise ValueError(f"{number} is not a positive whole number")
    return number


def _str(value: Any) -> str:
    if not isinstance(value, str | int | float):
        raise ValueError(f"{value!r} is not text")
    return str(value)


def _json_map(value: Any) -> dict[str, str]:
    if isinstance(value, str):
        value = json.loads(value) if value.strip() else {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError("expected a map of names to text")
    return {str(k): v for k, v in value.items()}


def _json_list(value: Any) -> list[str]:
    if isinstance(value, str):
        text = value.strip()
        value = json.loads(text) if text.startswith("[") else [v for v in text.split(",") if v]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of text")
    return [v.strip() for v in value]


def _role(value: Any) -> str:
    text = _str(value)
    if text not in ROLES:
        raise ValueError(f"{text!r} is not {', '.join(ROLES[:-1])} or {ROLES[-1]}")
    return text


def _runner(value: Any) -> str:
    text = _str(value)
    if text not in {"inline", "celery"}:
        raise ValueError(f"{text!r} is not inline or celery")
    return text


def _language(value: Any) -> str:
    text = _str(value)
    if text not in {"zh-CN", "en"}:
        raise ValueError(f"{text!r} is not zh-CN or en")
    return text


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[Any], Any]

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database_url",
        "",
        "SQLAlchemy URL of the database. Empty means the workspace's SQLite file "
        "`rightsguard.db`; `postgresql+psycopg://user@host/db` selects PostgreSQL.",
        _str,
    ),
    Setting(
        "evidence_dir",
        "evidence",
        "Folder of the content-addressed evidence store, relative to the workspace.",
        _str,
    ),
    Setting("operator", "", "Name recorded as the actor of every event (default: OS user).", _str),
    Setting("language", "zh-CN", "Language of documents and messages: zh-CN or en.", _language),
    Setting(
        "capture_max_age_days",
        30,
        "A capture older than this many days no longer counts as fresh evidence "
        "for the playbook's evidence-first gate.",
        _int,
    ),
    Setting(
        "allow_private_targets",
        False,
        "Allow capture and lookups of loopback and private addresses (sandbox and demo only).",
        _bool,
    ),
    Setting(
        "import_batch_size",
        2000,
        "Rows written per database round trip when importing targets.",
        _int,
    ),
    Setting("capture_timeout_seconds", 60, "Wall-clock limit of one capture.", _int),
    Setting("capture_max_response_bytes", 52_428_800, "Bytes kept of one response.", _int),
    Setting("capture_max_total_bytes", 209_715_200, "Bytes of all responses of one capture.", _int),
    Setting("capture_max_requests", 500, "Requests one capture may make.", _int),
    Setting("capture_max_redirects", 10, "Redirects followed by one capture.", _int),
    Setting(
        "capture_settle_seconds",
        5,
        "Cap on waiting for a loaded page to settle (network, DOM, script timers) and "
        "for the network after each scroll step.",
        _int,
    ),
    Setting("capture_scroll_steps", 10, "Screens scrolled to load lazy content.", _int),
    Setting(
        "timestamp_each_capture",
        True,
        "Ask the TSA for a token over every capture's WACZ (off: only ledger checkpoints "
        "are time-stamped, one token for a whole bulk run).",
        _bool,
    ),
    Setting(
        "chromium_path",
        "/usr/bin/chromium",
        "Path of the Chromium executable used for browser captures.",
        _str,
    ),
    Setting(
        "rdap_servers",
        {},
        "Map of TLD to RDAP base URL overriding the IANA bootstrap (JSON in the environment).",
        _json_map,
    ),
    Setting(
        "whois_servers",
        {},
        "Map of TLD to WHOIS host:port overriding the defaults (JSON in the environment).",
        _json_map,
    ),
    Setting(
        "tsa_url",
        "",
        "URL of the RFC 3161 time-stamp authority (e.g. the national TSA's); empty: "
        "evidence waits as 'awaiting timestamp'.",
        _str,
    ),
    Setting(
        "tsa_ca_file",
        "",
        "PEM file with the TSA's root (and intermediate) certificates; tokens are verified "
        "against it before they are kept.",
        _str,
    ),
    Setting("tsa_username", "", "User name for a TSA that needs HTTP authentication.", _str),
    Setting("tsa_password", "", "Password for a TSA that needs HTTP authentication.", _str),
    Setting("tsa_timeout_seconds", 10, "How long to wait for the TSA before retrying later.", _int),
    Setting(
        "role",
        "analyst",
        "Your role on the command line: analyst, liaison, counsel or admin (approvals and "
        "gate overrides check it; the web UI uses accounts).",
        _role,
    ),
    Setting(
        "smtp_url",
        "",
        "Outgoing mail server, e.g. smtp://user:pass@host:587?starttls=true or "
        "smtps://user:pass@host:465.",
        _str,
    ),
    Setting("smtp_from", "", "The From address of letters and notices sent by e-mail.", _str),
    Setting(
        "smtp_ca_file",
        "",
        "PEM file of CAs to trust for the mail server's TLS (default: the system's).",
        _str,
    ),
    Setting(
        "smtp_max_attachment_mb",
        10,
        "Larger documents are not attached; the e-mail says how to obtain them instead.",
        _int,
    ),
    Setting("smtp_timeout_seconds", 30, "How long to wait for the mail server.", _int),
    Setting(
        "download_base_url",
        "",
        "Where recipients can fetch documents too large to attach: the e-mail links "
        "<download_base_url>/<sha256> (empty: it says they are available on request).",
        _str,
    ),
    Setting(
        "recheck_schedules",
        {},
        "When targets under watch are looked at again: action type (or *) -> "
        '"DAYS,EVERY": daily for DAYS after the action, then every EVERY days '
        '(default "14,7"; JSON in the environment).',
        _json_map,
    ),
    Setting(
        "job_runner",
        "inline",
        "Where background jobs run: inline (worker threads, state in the database) or "
        "celery (Celery workers on broker_url).",
        _runner,
    ),
    Setting(
        "broker_url",
        "redis://127.0.0.1:6379/0",
        "Celery broker for job_runner = celery: redis://… or amqp://… (RabbitMQ).",
        _str,
    ),
    Setting(
        "job_lease_seconds",
        60,
        "A running job's lease; a job whose worker died is taken up again after it.",
        _int,
    ),
    Setting(
        "web_session_hours",
        12,
        "How long a sign-in to the web workbench lasts.",
        _int,
    ),
    Setting(
        "web_threads",
        4,
        "Requests each workbench server process works on at once (1-64); more wait their "
        "turn. Few keep a busy server's slowest answers short; a request waiting on the "
        "network (a mail server) holds one.",
        _web_threads,
    ),
    Setting(
        "web_secure_cookies",
        False,
        "Mark the workbench's session cookie Secure even when the request arrived as plain "
        "HTTP (set it behind a TLS-terminating proxy; HTTPS requests always get Secure).",
        _bool,
    ),
    Setting(
        "allow_self_approval",
        False,
        "Let whoever drafted an action approve it too (a team of one); each such approval "
        "says so in the audit trail. Off: another person must approve (four eyes).",
        _bool,
    ),
    Setting(
        "login_max_failures",
        5,
        "Failed sign-ins to the workbench, per user name within 15 minutes, after which "
        "that name is locked out (an address is locked out after four times as many, over "
        "every name). Each failure is an audit event.",
        _positive,
    ),
    Setting(
        "login_lockout_minutes",
        15,
        "How long a locked-out user name or address must wait before trying again.",
        _positive,
    ),
    Setting(
        "web_max_body_bytes",
        50_000_000,
        "The largest request body the workbench accepts (evidence uploads included); "
        "larger ones are refused with 413 before they are read.",
        _positive,
    ),
    Setting(
        "replay_url",
        "",
        "Base URL of the replay server (pywb) that shows captured pages in the evidence "
        "viewer, on an origin of its own; empty: rightsguard serve starts one on port + 1.",
        _str,
    ),
    Setting(
        "dns_resolvers",
        [],
        "DNS resolvers to use, as host or host:port (JSON list or comma-separated).",
        _json_list,
    ),
    Setting(
        "network",
        "internet",
        "Which network lookups, captures and fetches go out on: internet, or sandbox (the "
        "local stand-in, when its package is loaded). Flags such as --sandbox choose it "
        "for one command.",
        _str,
    ),
    Setting(
        "ct_log_url",
        "",
        "The certificate-transparency log (RFC 6962) that rightsguard discover ct reads "
        "new certificates from, without /ct/v1 (e.g. https://ct.googleapis.com/logs/us1/argon2025h2).",
        _str,
    ),
    Setting(
        "zone_file",
        "",
        "Today's zone file (a path or an http(s) URL) that rightsguard discover zone compares "
        "with the copy it kept from its last run.",
        _str,
    ),
)

SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}


class Settings:
    """Resolved settings. Read a value as an attribute: ``settings.database_url``."""

    def __init__(self, values: Mapping[str, Any], sources: Mapping[str, str]) -> None:
        self._values = dict(values)
        self._sources = dict(sources)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def source(self, name: str) -> str:
        """Where the value came from: ``env``, ``file`` or ``default``."""
        return self._sources[name]

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)


def resolve(file_values: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> Settings:
    """Combine environment > file > default into ``Settings``."""
    env = os.environ if environ is None else environ
    unknown = sorted(set(file_values) - set(SETTINGS_BY_NAME))
    if unknown:
        raise SettingError(f"unknown setting(s) in rightsguard.toml: {', '.join(unknown)}")
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for setting in SETTINGS:
        if setting.env in env:
            raw, source = env[setting.env], "env"
        elif setting.name in file_values:
            raw, source = file_values[setting.name], "file"
        else:
            values[setting.name] = setting.default
            sources[setting.name] = "default"
            continue
        try:
            values[setting.name] = setting.parse(raw)
        except (ValueError, TypeError) as exc:
            where = setting.env if source == "env" else "rightsguard.toml"
            raise SettingError(f"setting {setting.name} (from {where}): {exc}") from None
        sources[setting.name] = source
    return Settings(values, sources)


def read_settings_file(path: Path) -> dict[str, Any]:
    """Read the ``[rightsguard]`` table of a TOML settings file."""
    import tomllib

    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise SettingError(f"cannot read {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingError(f"{path} is not valid TOML: {exc}") from None
    table = data.get("rightsguard", {})
    if not isinstance(table, dict):
        raise SettingError(f"{path}: [rightsguard] must be a table")
    return table


#: Settings whose whole value is a secret.
_SECRET_SUFFIXES = ("_password", "_secret", "_token", "_key")
#: Query parameters that carry a secret (compared in lower case, as substrings).
_SECRET_QUERY = ("pass", "pwd", "secret", "token", "key", "auth", "signature", "sig", "cred")
HIDDEN = "••••"


def masked(name: str, value: object) -> str:
    """A setting as a person may see it: a secret setting as ``••••``; in URLs (also
    inside lists and maps) the password of the user information, whatever it holds
    (``redis://:pw@host``, ``smtp://u:p@ss@host``), and secret query parameters
    (``?password=``, ``?access_token=``) replaced by ``••••``."""
    if name.endswith(_SECRET_SUFFIXES):
        return HIDDEN if value else ""
    return _masked_value(value)


def _masked_value(value: object) -> str:
    if isinstance(value, dict):
        inner = ", ".join(f"{k}: {_masked_value(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_masked_value(v) for v in value) + "]"
    text = str(value)
    return _masked_url(text) if "://" in text else text


def _masked_url(text: str) -> str:
    scheme, sep, rest = text.partition("://")
    end = min((i for i in (rest.find(c) for c in "/?#") if i != -1), default=len(rest))
    authority, tail = rest[:end], rest[end:]
    userinfo, at, hostport = authority.rpartition("@")
    if at and ":" in userinfo:
        authority = userinfo.split(":", 1)[0] + ":" + HIDDEN + "@" + hostport
    if "?" in tail:
        path, _, query = tail.partition("?")
        query, hash_sep, fragment = query.partition("#")
        pairs = []
        for pair in query.split("&"):
            key, eq, val = pair.partition("=")
            secret = eq and val and any(word in key.lower() for word in _SECRET_QUERY)
            pairs.append(f"{key}={HIDDEN}" if secret else pair)
        tail = path + "?" + "&".join(pairs) + hash_sep + fragment
    return scheme + sep + authority + tail
