"""Errors that reach the user.

Every error the user can cause or meet carries a stable short ``code`` (for
programs, the web UI and the logs) and a readable ``message`` naming what was
wrong. The CLI turns one into a single line on stderr and an exit code; the
web layer into a page or JSON. Nothing else should catch them.

    RightsGuardError                 exit 1
    ├── InputError                   exit 2: what the user typed or supplied is wrong
    │   ├── InvalidValue             a field's value is not acceptable
    │   ├── NotFound                 an id or name that does not exist
    │   ├── Duplicate                the thing already exists
    │   ├── UnreadableFile           a file that cannot be opened or decoded
    │   ├── ImportRejected           rows of an import were rejected (all-or-nothing)
    │   ├── WorkspaceNotFound        no workspace where one was looked for
    │   ├── SettingError             a setting's value is invalid
    │   └── Throttled                too many tries: wait ``retry_after`` seconds
    ├── GateBlocked                  exit 1: a playbook rule forbids the step
    └── OperationalError             exit 1: the environment failed
        ├── StoreLocked              the database is locked by another process
        ├── StoreCorrupt             the database file is damaged or not a database
        └── StoreUnavailable         the database server cannot be reached

The layers' own errors subclass these and are drawn in each layer's errors
module: ``evidence.errors`` (capture, timestamps, verification),
``identify.errors`` (``LookupFailed``, for RDAP, WHOIS and DNS, also raised by
discovery), ``actions.errors`` (missing elements, dispatch) and
``sandbox.errors``.
"""

from __future__ import annotations


class RightsGuardError(Exception):
    """Base of every error shown to a user."""

    code = "error"
    exit_code = 1

    def __init__(self, message: str, *, code: str | None = None, zh: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.zh = zh  # the message in Chinese, where the raiser has one
        if code is not None:
            self.code = code

    def said(self, lang: str) -> str:
        """The message in ``lang`` (zh-CN or en); English where no Chinese was given."""
        return self.zh if lang == "zh-CN" and self.zh else self.message

    def __str__(self) -> str:
        return self.message


class InputError(RightsGuardError):
    code = "input"
    exit_code = 2


class InvalidValue(InputError):
    code = "invalid_value"

    def __init__(self, field: str, message: str, zh: str | None = None) -> None:
        super().__init__(f"{field}: {message}", zh=f"{field}：{zh}" if zh else None)
        self.field = field


class NotFound(InputError):
    code = "not_found"

    def __init__(self, kind: str, ident: object) -> None:
        super().__init__(f"no {kind} with id {ident!r}")
        self.kind = kind
        self.ident = ident


class Duplicate(InputError):
    code = "duplicate"


class UnreadableFile(InputError):
    code = "unreadable_file"

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"cannot read {path}: {reason}")
        self.path = path


class ImportRejected(InputError):
    """Some rows were invalid; nothing was imported."""

    code = "import_rejected"

    def __init__(self, source: str, rejections: list[tuple[int, str]]) -> None:
        shown = "; ".join(f"row {row}: {why}" for row, why in rejections[:5])
        more = f" (and {len(rejections) - 5} more)" if len(rejections) > 5 else ""
        super().__init__(
            f"{source}: {len(rejections)} row(s) rejected, nothing imported: {shown}{more}"
            " (use --partial to import the valid rows)"
        )
        self.rejections = rejections


class WorkspaceNotFound(InputError):
    code = "workspace_not_found"


class SettingError(InputError):
    code = "setting"


class Throttled(InputError):
    """Too many attempts (failed sign-ins): the caller must wait before trying again."""

    code = "throttled"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = max(1, int(retry_after))


class GateBlocked(RightsGuardError):
    """A playbook rule blocks this step; ``rule_id`` names it."""

    code = "gate_blocked"

    def __init__(self, rule_id: str, message: str, zh: str | None = None) -> None:
        super().__init__(
            f"blocked by rule {rule_id}: {message}",
            zh=f"被规则 {rule_id} 阻止：{zh}" if zh else None,
        )
        self.rule_id = rule_id


class OperationalError(RightsGuardError):
    code = "operational"


class StoreLocked(OperationalError):
    code = "store_locked"


class StoreCorrupt(OperationalError):
    code = "store_corrupt"


class StoreUnavailable(OperationalError):
    code = "store_unavailable"
