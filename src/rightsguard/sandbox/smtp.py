"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives.

STARTTLS with the sandbox CA's certificate, AUTH (PLAIN/LOGIN) after TLS with
the account ``USER``/``PASSWORD``, and every accepted message kept in memory
(``messages``) and as an ``.eml`` file under ``<state_dir>/smtp/inbox``.
``mode`` makes it misbehave for tests: ``ok``, ``reject`` (554 to MAIL),
``slow`` (DATA answered after ``slow_seconds``).
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from types import MappingProxyType
from typing import Any, ClassVar

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from rightsguard.sandbox.faults import Faults
from rightsguard.sandbox.service import Endpoint, SandboxConfig, SandboxContext

USER = "rightsguard"
PASSWORD = "sandbox-password"
MODES = ("ok", "reject", "slow")


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed

    @property
    def message_id(self) -> str:
        return str(self.message.get("Message-ID", "")).strip()


class _Handler:
    def __init__(self, service: SmtpService) -> None:
        self.service = service

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.service.mode == "reject":
            return "554 5.7.1 sending refused by policy"
        fault = self.service.faults.take()
        session.fault = fault  # type: ignore[attr-defined]
        if fault == "down":
            return "421 4.3.2 service not available, closing transmission channel"
        if fault == "ratelimited":
            return "451 4.7.1 too many messages, try again later"
        if fault == "garbage":
            return "hello? \x7f garbage without a reply code"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        fault = getattr(session, "fault", "ok")
        if self.service.mode == "slow" or fault == "slow":
            await asyncio.sleep(self.service.slow_seconds)
        if fault == "drop":  # the connection goes before DATA is answered
            if server.transport is not None:
                server.transport.abort()
            return "421 4.4.2 connection dropped"
        raw = envelope.original_content or b""
        self.service.keep(Received(str(envelope.mail_from), tuple(envelope.rcpt_tos), raw))
        return "250 Message accepted for delivery"


def _authenticate(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
) -> AuthResult:
    ok = (
        isinstance(data, LoginPassword)
        and data.login.decode() == USER
        and data.password.decode() == PASSWORD
    )
    return AuthResult(success=ok, handled=False)


class _Session(Session):
    """aiosmtpd still sets the deprecated ``login_data`` after every AUTH; keep it
    without the warning (tests treat warnings as errors)."""

    @property
    def login_data(self) -> Any:
        return self._login_data

    @login_data.setter
    def login_data(self, value: Any) -> None:
        self._login_data = value


class _SMTP(SMTP):
    def _create_session(self) -> Session:
        return _Session(self.loop)


class _Controller(Controller):
    def __init__(self, service: SmtpService, host: str, port: int, tls: Any) -> None:
        self._tls = tls
        super().__init__(_Handler(service), hostname=host, port=port)

    def factory(self) -> SMTP:
        return _SMTP(
            self.handler,
            hostname="mail.sandbox.rightsguard.test",
            tls_context=self._tls,
            require_starttls=False,
            auth_require_tls=True,
            authenticator=_authenticate,
            enable_SMTPUTF8=True,
            timeout=30,
        )


class SmtpService:
    name = "smtp"
    hostnames: ClassVar[tuple[str, ...]] = ()
    portless: ClassVar[Mapping[str, str]] = MappingProxyType({})

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.inbox = config.state_dir / "smtp" / "inbox"
        self.mode = "ok"
        self.slow_seconds = 5.0
        self.faults = Faults(self.name)  # down, ratelimited, garbage, drop, slow
        self.messages: list[Received] = []
        self._lock = threading.Lock()
        self._controller: _Controller | None = None

    def start(self, ctx: SandboxContext) -> None:
        self.inbox.mkdir(parents=True, exist_ok=True)
        port = self.config.port("smtp") or _free_port(self.config.host)
        controller = _Controller(self, self.config.host, port, ctx.tls.server_context())
        controller.start()
        self._controller = controller

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
        self._controller = None

    def endpoints(self) -> dict[str, Endpoint]:
        if self._controller is None:
            return {}
        return {"smtp": Endpoint("smtp", self.config.host, int(self._controller.port))}

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"SMTP mode must be one of {', '.join(MODES)}")
        self.mode = mode

    def keep(self, received: Received) -> None:
        with self._lock:
            self.messages.append(received)
            n = len(self.messages)
        (self.inbox / f"{n:05d}.eml").write_bytes(received.raw)

    def to(self, address: str) -> list[Received]:
        with self._lock:
            return [m for m in self.messages if address in m.rcpt_tos]

    def distinct_message_ids(self) -> set[str]:
        with self._lock:
            return {m.message_id for m in self.messages}


def _free_port(host: str) -> int:
    """aiosmtpd needs a concrete port; ask the kernel for a free one."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def make_service(config: SandboxConfig) -> SmtpService:
    return SmtpService(config)
