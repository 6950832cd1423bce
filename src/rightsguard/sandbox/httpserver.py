"""A small threaded HTTP/1.1 server for sandbox services (plain or TLS).

A service hands it an ``app``: a function from :class:`Request` to
:class:`Response`. A response body may be bytes (sent with Content-Length) or
an iterable of byte chunks (sent chunked as they come, so a hostile page can
drip slowly or run long). One thread per connection; the TLS handshake runs in
that thread, not the accept loop. ``stop()`` closes the listener and every
open connection, so the port is free when it returns.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import socket
import socketserver
import ssl
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from rightsguard.sandbox.errors import PortInUse

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Request:
    method: str
    target: str  # path and query as sent
    path: str
    query: dict[str, list[str]]
    headers: Message
    host: str  # from the Host header: lower case, no port, no trailing dot
    scheme: str
    client_ip: str
    body: bytes = b""

    def arg(self, name: str, default: str = "") -> str:
        values = self.query.get(name)
        return values[0] if values else default


@dataclass(slots=True)
class Response:
    status: int = 200
    body: bytes | Iterable[bytes] = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


App = Callable[[Request], Response]


def host_from_header(value: str | None) -> str:
    if not value:
        return ""
    value = value.strip().lower()
    if value.startswith("["):  # [v6]:port
        return value[1 : value.find("]")] if "]" in value else value
    host = value.rsplit(":", 1)[0] if value.count(":") == 1 else value
    return host.rstrip(".")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""
    timeout = 60
    disable_nagle_algorithm = True
    server: _Server

    def setup(self) -> None:
        super().setup()
        if isinstance(self.request, ssl.SSLSocket):
            self.request.do_handshake()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        request = Request(
            method=self.command,
            target=self.path,
            path=parts.path or "/",
            query=parse_qs(parts.query, keep_blank_values=True),
            headers=self.headers,
            host=host_from_header(self.headers.get("Host")),
            scheme=self.server.scheme,
            client_ip=self.client_address[0],
            body=body,
        )
        try:
            response = self.server.app(request)
        except Exception:
            log.exception("sandbox app failed on %s %s", self.command, self.path)
            response = Response(500, b"internal error", "text/plain; charset=utf-8")
        self._send(response)

    do_GET = do_POST = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = _dispatch

    def do_HEAD(self) -> None:
        self._dispatch()

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        for name, value in response.headers.items():
            self.send_header(name, value)
        body = response.body
        if isinstance(body, bytes | bytearray):
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if self.command == "HEAD":
            return
        for chunk in body:
            if chunk:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], app: App, ssl_context: ssl.SSLContext | None):
        self.app = app
        self.ssl_context = ssl_context
        self.scheme = "https" if ssl_context else "http"
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # Skip HTTPServer.server_bind: it does a reverse DNS lookup of the address.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, addr = self.socket.accept()
        if self.ssl_context is not None:
            sock = self.ssl_context.wrap_socket(
                sock, server_side=True, do_handshake_on_connect=False
            )
        return sock, addr

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.connections_lock:
            self.connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.connections_lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, OSError | ssl.SSLError | TimeoutError):
            log.debug("connection from %s ended: %s", client_address, exc)
        else:
            log.exception("error serving %s", client_address)


class HttpServer:
    """One listening socket in a background thread."""

    def __init__(
        self,
        host: str,
        port: int,
        app: App,
        *,
        ssl_context: ssl.SSLContext | None = None,
        name: str = "http",
    ) -> None:
        self.host = host
        self.requested_port = port
        self.app = app
        self.ssl_context = ssl_context
        self.name = name
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError(f"{self.name} server is not started")
        return self._server.server_port

    def start(self) -> None:
        try:
            server = _Server((self.host, self.requested_port), self.app, self.ssl_context)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortInUse.at(self.host, self.requested_port, self.name) from None
            raise
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"sandbox-{self.name}",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        if self._thread is not None:
            self._thread.join()
        server.server_close()
        with server.connections_lock:
            open_now = list(server.connections)
        for conn in open_now:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(conn, socket.SHUT_RDWR)
        deadline = threading.Event()
        for _ in range(100):  # let handler threads close their sockets (≤ 2 s)
            with server.connections_lock:
                if not server.connections:
                    break
            deadline.wait(0.02)


class HttpAndHttps:
    """One app on a plain and a TLS listener, started and stopped together (an HTTPS
    listener that cannot start takes the plain one down with it)."""

    def __init__(
        self,
        host: str,
        ports: tuple[int, int],
        app: App,
        ssl_context: ssl.SSLContext,
        *,
        names: tuple[str, str] = ("http", "https"),
    ) -> None:
        self.host = host
        self.http = HttpServer(host, ports[0], app, name=names[0])
        self.https = HttpServer(host, ports[1], app, ssl_context=ssl_context, name=names[1])

    def start(self) -> None:
        self.http.start()
        try:
            self.https.start()
        except BaseException:
            self.http.stop()
            raise

    def stop(self) -> None:
        self.https.stop()
        self.http.stop()

    def ports(self) -> dict[str, int]:
        """``{"http": port, "https": port}`` of the running listeners."""
        return {"http": self.http.port, "https": self.https.port}
