"""The recording proxy process: warcprox, with our name resolution and SSRF rule.

Run as ``python -m rightsguard.evidence.proxyserver CONFIG.json`` (by
:class:`rightsguard.evidence.recorder.RecordingProxy`, never by hand). It:

* replaces ``socket.getaddrinfo`` so made-up names resolve through a fixed map
  (``hosts``, and ``ports`` for name:port pairs) and every other name through
  the system; then, unless ``allow_private``, refuses any answer that is not a
  public address. This runs at connect time, for every connection warcprox
  makes, so DNS rebinding and redirects to internal addresses are refused too;
* starts warcprox on 127.0.0.1 (port chosen by the system; dedup off, gzip,
  SHA-256 digests, ``max_resource_size`` per response), and prints
  ``READY <port>``;
* reads commands on stdin: ``CLOSE <prefix>`` waits for that capture's
  exchanges to be written (aborting upstream fetches still running after a
  grace period), closes its WARC, and prints ``CLOSED <prefix> <json>`` with
  the file names, byte count and truncated URLs. ``REFUSED <prefix> <json>``
  lines report refused connections as they happen;
* answers only the standard HTTP methods (:data:`STANDARD_METHODS`). warcprox
  also understands ``WARCPROX_WRITE_RECORD`` and ``PUTMETA``, which write the
  request body into the WARC as a record: a captured page's script could use
  them to plant records in its own evidence. Any other method gets a 405, is
  never recorded, and is reported as ``REFUSED <prefix> {"method": ...}``.
  A ``Warcprox-Meta`` header other than ``{"warc-prefix": "rg-<32 hex>"}``
  (the one :mod:`rightsguard.evidence.browser` sets) is refused the same way,
  with a 400: no request may pick warcprox options (blocks, limits, dedup,
  capture metadata) or a prefix of another shape. The browser's header
  overrides one a page script sets, and prefixes are random and never sent
  upstream, so a page cannot name another capture's WARC.

Each capture sends a ``Warcprox-Meta: {"warc-prefix": ...}`` header, so each
gets its own WARC file.
"""

from __future__ import annotations

import collections
import contextlib
import json
import logging
import re
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

from rightsguard.evidence.netguard import forbidden_reason

STANDARD_METHODS = frozenset(
    {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"}
)

PREFIX_RE = re.compile(r"rg-[0-9a-f]{32}")

_out_lock = threading.Lock()
_local = threading.local()


def emit(line: str) -> None:
    with _out_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def install_resolver(config: dict[str, Any]) -> None:
    hosts: dict[str, str] = {k.lower(): v for k, v in config.get("hosts", {}).items()}
    ports: dict[str, dict[int, int]] = {
        k.lower(): {int(p): int(q) for p, q in v.items()}
        for k, v in config.get("ports", {}).items()
    }
    allow_private = bool(config.get("allow_private"))
    real = socket.getaddrinfo

    def getaddrinfo(
        host: Any, port: Any, family: int = 0, type: int = 0, proto: int = 0, flags: int = 0
    ) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        key = name.lower().rstrip(".")
        if key in hosts:
            mapped_port = ports.get(key, {}).get(int(port or 0), port)
            infos = real(hosts[key], mapped_port, family, type, proto, flags)
        else:
            infos = real(host, port, family, type, proto, flags)
        if not allow_private:
            for info in infos:
                why = forbidden_reason(str(info[4][0]))
                if why is not None:
                    prefix = getattr(_local, "prefix", "")
                    detail = {"host": name, "address": info[4][0], "reason": why}
                    emit(f"REFUSED {prefix or '-'} {json.dumps(detail)}")
                    raise socket.gaierror(
                        socket.EAI_FAIL, f"RightsGuard refused {name}: {info[4][0]} is {why}"
                    )
        return infos

    socket.getaddrinfo = getaddrinfo


class Tracker:
    """Per-prefix counts: exchanges in flight, queued, written; upstream sockets."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.inflight: collections.Counter[str] = collections.Counter()
        self.queued: collections.Counter[str] = collections.Counter()
        self.written: collections.Counter[str] = collections.Counter()
        self.bytes: collections.Counter[str] = collections.Counter()
        self.truncated: dict[str, list[str]] = collections.defaultdict(list)
        self.socks: dict[str, set[Any]] = collections.defaultdict(set)


def _prefix(meta: Any) -> str:
    if isinstance(meta, dict):
        return str(meta.get("warc-prefix") or "")
    return ""


def _header_prefix(headers: Any) -> str:
    raw = headers.get("Warcprox-Meta") if headers is not None else None
    if not raw:
        return ""
    try:
        return _prefix(json.loads(raw))
    except ValueError:
        return ""


def warcprox_meta_problem(raw: str | None) -> str | None:
    """Why a request's ``Warcprox-Meta`` header is refused, or None when it is ours (or absent)."""
    if raw is None:
        return None
    try:
        meta = json.loads(raw)
    except ValueError:
        return "Warcprox-Meta is not JSON"
    if not isinstance(meta, dict) or set(meta) != {"warc-prefix"}:
        return "Warcprox-Meta may only name the capture's warc-prefix"
    prefix = meta["warc-prefix"]
    if not isinstance(prefix, str) or not PREFIX_RE.fullmatch(prefix):
        return "Warcprox-Meta names a warc-prefix RightsGuard did not assign"
    return None


def _request_url(handler: Any) -> str:
    if getattr(handler, "is_connect", False):
        return f"https://{handler.hostname}:{handler.port}{handler.path}"
    return str(handler.path)


def refuse_nonstandard_requests(handler: Any) -> None:
    """Answer 405 to any method but the standard ones, and 400 to a Warcprox-Meta header
    that is not ours, before warcprox dispatches the request.

    warcprox's handler dispatches ``do_<METHOD>``: ``do_WARCPROX_WRITE_RECORD`` and
    ``do_PUTMETA`` write records, and its ``__getattr__`` proxies any other name.
    Checking in ``parse_request`` covers requests inside CONNECT tunnels too.
    """
    from warcprox.mitmproxy import MitmProxyHandler  # type: ignore[import-untyped]

    parse_request = handler.parse_request

    def parse_wrapper(self: Any) -> bool:
        if not parse_request(self):
            return False
        if self.command not in STANDARD_METHODS:
            code, reason = 405, "non-standard HTTP method"
        else:
            problem = warcprox_meta_problem(self.headers.get("Warcprox-Meta"))
            if problem is None:
                return True
            code, reason = 400, problem
        self.close_connection = True
        detail = {"method": self.command, "url": _request_url(self), "reason": reason}
        emit(f"REFUSED {_header_prefix(self.headers) or '-'} {json.dumps(detail)}")
        MitmProxyHandler.send_error(self, code, reason)
        return False

    handler.parse_request = parse_wrapper


def patch_warcprox(controller: Any, tracker: Tracker) -> None:
    import warcprox.warcproxy  # type: ignore[import-untyped]

    handler = warcprox.warcproxy.WarcProxyHandler
    refuse_nonstandard_requests(handler)
    connect = handler._connect_to_remote_server
    proxy_request = handler._proxy_request

    def connect_wrapper(self: Any) -> Any:
        _local.prefix = _header_prefix(getattr(self, "headers", None))
        return connect(self)

    def proxy_wrapper(self: Any) -> Any:
        prefix = _header_prefix(self.headers)
        sock = getattr(getattr(self, "_remote_server_conn", None), "sock", None)
        with tracker.lock:
            tracker.inflight[prefix] += 1
            if sock is not None:
                tracker.socks[prefix].add(sock)
        try:
            return proxy_request(self)
        finally:
            with tracker.lock:
                tracker.inflight[prefix] -= 1
                tracker.socks[prefix].discard(sock)

    handler._connect_to_remote_server = connect_wrapper
    handler._proxy_request = proxy_wrapper

    queue = controller.proxy.recorded_url_q
    put = queue.put

    def put_wrapper(item: Any, *args: Any, **kwargs: Any) -> Any:
        prefix = _prefix(getattr(item, "warcprox_meta", None))
        with tracker.lock:
            tracker.queued[prefix] += 1
        return put(item, *args, **kwargs)

    queue.put = put_wrapper

    writer = controller.warc_writer_processor
    process = writer._process_url

    def process_wrapper(recorded_url: Any) -> Any:
        try:
            return process(recorded_url)
        finally:
            prefix = _prefix(getattr(recorded_url, "warcprox_meta", None))
            with tracker.lock:
                tracker.written[prefix] += 1
                tracker.bytes[prefix] += int(getattr(recorded_url, "size", 0) or 0)
                if getattr(recorded_url, "truncated", None):
                    reason = recorded_url.truncated
                    if isinstance(reason, bytes):
                        reason = reason.decode()
                    url = recorded_url.url
                    if isinstance(url, bytes):
                        url = url.decode("utf-8", "replace")
                    tracker.truncated[prefix].append(f"{url} ({reason})")

    writer._process_url = process_wrapper

    # The writer thread handles close requests between queue reads, which wait up to
    # 0.5 s; poll every 20 ms instead so a capture's WARC is handed back promptly.
    inq = writer.inq
    get = inq.get

    def quick_get(block: bool = True, timeout: float | None = None) -> Any:  # noqa: FBT001, FBT002
        return get(block, 0.02 if timeout is None else min(timeout, 0.02))

    inq.get = quick_get


def close_prefix(
    controller: Any, tracker: Tracker, directory: Path, prefix: str, grace: float
) -> dict[str, Any]:
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        with tracker.lock:
            if tracker.inflight[prefix] <= 0:
                break
        time.sleep(0.02)
    with tracker.lock:
        stuck = list(tracker.socks[prefix])
    for sock in stuck:  # a drip or a huge body still running: stop it, keep what came
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with tracker.lock:
            done = (
                tracker.inflight[prefix] <= 0 and tracker.written[prefix] >= tracker.queued[prefix]
            )
        if done:
            break
        time.sleep(0.02)
    writer = controller.warc_writer_processor
    if prefix in writer.writer_pool.warc_writers:
        writer.close_for_prefix(prefix)
        deadline = time.monotonic() + 10
        while prefix in writer.writer_pool.warc_writers and time.monotonic() < deadline:
            time.sleep(0.02)
    files = sorted(str(p) for p in directory.glob(f"{prefix}-*.warc.gz"))
    with tracker.lock:
        result = {
            "files": files,
            "bytes": tracker.bytes.pop(prefix, 0),
            "truncated": tracker.truncated.pop(prefix, []),
            "exchanges": tracker.written.pop(prefix, 0),
            "aborted": len(stuck),
        }
        tracker.queued.pop(prefix, None)
        tracker.inflight.pop(prefix, None)
        tracker.socks.pop(prefix, None)
    return result


def main(argv: list[str]) -> int:
    config = json.loads(Path(argv[1]).read_text("utf-8"))
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    install_resolver(config)

    import warcprox  # type: ignore[import-untyped]
    import warcprox.controller  # type: ignore[import-untyped]
    import warcprox.main  # type: ignore[import-untyped]
    import warcprox.warcproxy  # type: ignore[import-untyped]

    warcprox.warcproxy.WarcProxyHandler.allow_localhost = bool(config.get("allow_private"))
    directory = Path(config["directory"])
    args = [
        "warcprox",
        "--address",
        "127.0.0.1",
        "--port",
        "0",
        "--dir",
        str(directory),
        "--cacert",
        config["cacert"],
        "--certs-dir",
        config["certs_dir"],
        "--gzip",
        "--dedup-db-file",
        "/dev/null",
        "--digest-algorithm",
        "sha256",
        "--prefix",
        "rightsguard-default",
        "--max-resource-size",
        str(int(config["max_resource_size"])),
        "--socket-timeout",
        str(float(config.get("socket_timeout", 30))),
        "--fetch-timeout",
        str(float(config.get("fetch_timeout", 120))),
        "--max-threads",
        str(int(config.get("max_threads", 64))),
        "--quiet",
    ]
    options = warcprox.Options(**vars(warcprox.main.parse_args(args)))
    options.stats_db_file = None
    controller = warcprox.controller.WarcproxController(options)
    tracker = Tracker()
    patch_warcprox(controller, tracker)
    controller.start()
    emit(f"READY {controller.proxy.server_port}")
    grace = float(config.get("close_grace", 1.0))

    def handle(prefix: str) -> None:
        try:
            result = close_prefix(controller, tracker, directory, prefix, grace)
        except Exception as exc:  # report, keep serving
            result = {"files": [], "error": f"{type(exc).__name__}: {exc}"}
        emit(f"CLOSED {prefix} {json.dumps(result)}")

    try:
        for line in sys.stdin:
            parts = line.split()
            if len(parts) == 2 and parts[0] == "CLOSE":
                threading.Thread(target=handle, args=(parts[1],), daemon=True).start()
            elif parts and parts[0] == "QUIT":
                break
    finally:
        controller.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
