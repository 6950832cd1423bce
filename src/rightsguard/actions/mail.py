"""Sending documents by e-mail over SMTP (STARTTLS or implicit TLS, AUTH)."""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from rightsguard.actions.errors import DispatchFailed
from rightsguard.domain.errors import SettingError
from rightsguard.netretry import CircuitBreaker, CircuitOpen


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    ssl: bool
    starttls: bool
    user: str | None
    password: str | None
    sender: str
    ca_file: Path | None
    timeout: float

    @classmethod
    def from_settings(
        cls, url: str, sender: str, ca_file: str, timeout: float, root: Path
    ) -> SmtpConfig:
        if not url:
            raise SettingError("no mail server: set smtp_url (RIGHTSGUARD_SMTP_URL)")
        if not sender:
            raise SettingError("no sender address: set smtp_from (RIGHTSGUARD_SMTP_FROM)")
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise SettingError(f"smtp_url {url!r} is not smtp://… or smtps://…")
        query = parse_qs(parts.query)
        ca = Path(ca_file) if ca_file else None
        if ca is not None and not ca.is_absolute():
            ca = root / ca
        return cls(
            host=parts.hostname,
            port=parts.port or (465 if parts.scheme == "smtps" else 25),
            ssl=parts.scheme == "smtps",
            starttls=query.get("starttls", ["false"])[0].lower() in ("1", "true", "yes"),
            user=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            sender=sender,
            ca_file=ca,
            timeout=timeout,
        )

    def tls_context(self) -> ssl.SSLContext:
        if self.ca_file is not None:
            return ssl.create_default_context(cafile=str(self.ca_file))
        return ssl.create_default_context()


def build_message(
    config: SmtpConfig,
    *,
    to: str,
    subject: str,
    text: str,
    html: str,
    message_id: str,
    attachments: list[tuple[str, str, bytes]],
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = config.sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    msg["Message-ID"] = message_id
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    for name, media_type, data in attachments:
        maintype, subtype = media_type.split(";", 1)[0].strip().split("/", 1)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg


class SmtpSession:
    """One open, authenticated connection for many messages (bulk sending); it
    reconnects once if the server dropped the connection between messages."""

    def __init__(self, config: SmtpConfig, breaker: CircuitBreaker | None = None) -> None:
        self.config = config
        self.breaker = breaker
        self._client: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        if config.ssl:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                config.host, config.port, timeout=config.timeout, context=config.tls_context()
            )
        else:
            client = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
        try:
            # Commands and replies are small: without this, Nagle's algorithm and
            # delayed ACKs add tens of milliseconds to every exchange.
            if client.sock is not None:
                client.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if config.starttls:
                client.starttls(context=config.tls_context())
            if config.user:
                client.login(config.user, config.password or "")
        except BaseException:
            client.close()
            raise
        return client

    def send(self, msg: EmailMessage) -> None:
        server = f"{self.config.host}:{self.config.port}"
        if self.breaker is not None:
            try:
                self.breaker.check(server)
            except CircuitOpen:
                raise DispatchFailed(
                    f"cannot deliver to {server}: it could not be reached "
                    f"{self.breaker.threshold} times in a row just now; not tried until "
                    "its pause ends (the action stays unsent)"
                ) from None
        try:
            with _translated(self.config):
                if self._client is None:
                    self._client = self._connect()
                try:
                    self._client.send_message(msg)
                except smtplib.SMTPServerDisconnected:
                    self._client = self._connect()
                    self._client.send_message(msg)
        except DispatchFailed as exc:
            # Only an unreachable server counts against it: a refusal is an answer.
            if self.breaker is not None and isinstance(exc.__context__, UNREACHABLE):
                self.breaker.failure(server)
            raise
        if self.breaker is not None:
            self.breaker.success(server)

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.quit()
            except (smtplib.SMTPException, OSError):
                pass
            finally:
                self._client.close()
            self._client = None

    def __enter__(self) -> SmtpSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: One per process: mail servers that could not be reached three times in a row are
#: left alone for a minute, so a bulk send to a dead server fails each action at
#: once (unsent, with the reason) instead of waiting out every timeout.
SERVER_BREAKER = CircuitBreaker(threshold=3, cooldown=60.0)
UNREACHABLE = (TimeoutError, ConnectionError, smtplib.SMTPServerDisconnected)


def send_message(
    config: SmtpConfig, msg: EmailMessage, breaker: CircuitBreaker | None = None
) -> None:
    """Hand the message to the server on a connection of its own."""
    with SmtpSession(config, breaker) as session:
        session.send(msg)


@contextmanager
def _translated(config: SmtpConfig) -> Iterator[None]:
    """Any failure becomes DispatchFailed with the reason."""
    try:
        yield
    except smtplib.SMTPAuthenticationError as exc:
        raise DispatchFailed(f"the mail server refused the login ({exc.smtp_code})") from None
    except smtplib.SMTPResponseException as exc:
        reason = (
            exc.smtp_error.decode(errors="replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        raise DispatchFailed(
            f"the mail server refused the message: {exc.smtp_code} {reason}"
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise DispatchFailed(
            f"the mail server refused the recipients {list(exc.recipients)}"
        ) from None
    except (TimeoutError, OSError, smtplib.SMTPException) as exc:
        raise DispatchFailed(
            f"cannot deliver to {config.host}:{config.port}: {exc.__class__.__name__} {exc}"
        ) from None
