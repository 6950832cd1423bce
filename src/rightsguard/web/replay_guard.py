"""The replay server's guard: pywb behind signed URLs and a closed-door policy.

Run as a script by pywb's own interpreter (``.venv-pywb``), so this module imports
only the standard library at the top; the workbench imports it for ``sign_path``.

* Every request must carry a signed prefix, ``/t/<collection>/<expires>/<sig>``
  (``sig`` = HMAC-SHA256 of ``<collection>/<expires>`` under the workspace's replay
  key), not yet expired; it reaches only that collection (and pywb's ``/static``).
  Anything else is refused with 403.
* Every response carries a Content-Security-Policy that lets the replayed page
  reach nothing but the replay origin itself: no beacon, WebSocket, import or
  image from the live site, and no WebRTC.
* The server dies with its parent: ``PR_SET_PDEATHSIG`` on Linux, and a watchdog
  that exits once the parent is gone, wherever it runs.
"""

from __future__ import annotations

import ctypes
import hashlib
import hmac
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

PREFIX = "t"
READY_PATH = "/_rg/ready"
KEY_ENV = "RIGHTSGUARD_REPLAY_KEY"
TOKEN_ENV = "RIGHTSGUARD_REPLAY_TOKEN"
PARENT_ENV = "RIGHTSGUARD_REPLAY_PARENT"
PR_SET_PDEATHSIG = 1

# 'self' is the replay origin; inline code and eval stay (captured pages and pywb's
# own rewriting need them), but nothing may be fetched from or sent anywhere else.
CSP = (
    "default-src 'self'; "
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' data: blob:; "
    "connect-src 'self'; worker-src 'self' blob:; frame-src 'self' data: blob:; "
    "object-src 'none'; form-action 'self'; base-uri 'self'; "
    "manifest-src 'self'; prefetch-src 'self'; webrtc 'block'"
)
HEADERS = [
    ("Content-Security-Policy", CSP),
    ("X-DNS-Prefetch-Control", "off"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
]
_DROPPED = {h.lower() for h, _ in HEADERS} | {"content-security-policy-report-only"}

# Chromium ignores "webrtc 'block'" (STUN is UDP, past every other directive): pywb's
# head insert (written into the replay's own templates) first takes WebRTC away from
# the page and from every frame it opens.
NO_WEBRTC = """<script>
(function () {
  var names = ['RTCPeerConnection', 'webkitRTCPeerConnection', 'RTCDataChannel',
    'RTCIceCandidate', 'RTCSessionDescription', 'RTCRtpTransceiver', 'RTCRtpSender',
    'RTCRtpReceiver', 'RTCCertificate', 'RTCIceTransport', 'RTCDtlsTransport'];
  function seal(w) {
    names.forEach(function (n) {
      try {
        Object.defineProperty(w, n, {value: undefined, writable: false, configurable: false});
      } catch (e) {}
    });
  }
  seal(window);
  ['contentWindow', 'contentDocument'].forEach(function (p) {
    var got = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, p).get;
    Object.defineProperty(HTMLIFrameElement.prototype, p, {configurable: false, get: function () {
      var x = got.call(this);
      if (x) { seal(p === 'contentWindow' ? x : x.defaultView || {}); }
      return x;
    }});
  });
})();
</script>
"""
HEAD_INSERT = "head_insert.html"

StartResponse = Callable[..., Any]
Wsgi = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def signature(key: bytes, collection: str, expires: int) -> str:
    message = f"{collection}/{expires}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def sign_path(key: bytes, collection: str, path: str, expires: int) -> str:
    """``path`` (``/<collection>/…``) behind the prefix that opens it until ``expires``."""
    return f"/{PREFIX}/{collection}/{expires}/{signature(key, collection, expires)}{path}"


def admitted(key: bytes, path: str, now: float) -> tuple[str, str] | None:
    """(script name, path inside pywb) for a validly signed, unexpired ``path``."""
    parts = path.split("/", 5)
    if len(parts) < 6 or parts[0] != "" or parts[1] != PREFIX:
        return None
    _, _, collection, expires, sig, rest = parts
    if not expires.isdigit() or int(expires) < now:
        return None
    if not hmac.compare_digest(sig, signature(key, collection, int(expires))):
        return None
    if not rest.startswith((f"{collection}/", "static/")):
        return None
    return f"/{PREFIX}/{collection}/{expires}/{sig}", "/" + rest


def guarded(app: Wsgi, key: bytes, token: str, clock: Callable[[], float] = time.time) -> Wsgi:
    """``app`` behind the signature check, with the policy headers on every answer."""

    def guard(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], *exc: Any) -> Any:
            kept = [(k, v) for k, v in headers if k.lower() not in _DROPPED]
            return start_response(status, kept + HEADERS, *exc)

        path = environ.get("PATH_INFO", "")
        if path == READY_PATH:
            start("200 OK", [("Content-Type", "text/plain")])
            return [token.encode()]
        inside = admitted(key, path, clock())
        if inside is None:
            start("403 Forbidden", [("Content-Type", "text/plain")])
            return [b"replay refused: the URL is unsigned, expired or altered\n"]
        environ["SCRIPT_NAME"], environ["PATH_INFO"] = inside
        environ.pop("REQUEST_URI", None)
        return app(environ, start)

    return guard


def die_with_parent(parent: int) -> None:
    """Exit when ``parent`` is gone: the kernel's death signal, and a watchdog."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(0)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def main(host: str, port: int) -> None:
    # pywb needs gevent's patches before anything else of it loads, and it lives
    # only in pywb's own environment: hence the imports here.
    from gevent.monkey import patch_all

    patch_all()
    import pywb
    from pywb.apps.frontendapp import FrontEndApp
    from pywb.utils.geventserver import GeventServer, RequestURIWSGIHandler

    key = bytes.fromhex(os.environ.pop(KEY_ENV))
    token = os.environ.pop(TOKEN_ENV)
    die_with_parent(int(os.environ[PARENT_ENV]))
    original = Path(pywb.__file__).parent / "templates" / HEAD_INSERT
    templates = Path("templates")  # pywb's templates_dir, beside config.yaml
    templates.mkdir(exist_ok=True)
    (templates / HEAD_INSERT).write_text(NO_WEBRTC + original.read_text("utf-8"), "utf-8")
    app = guarded(FrontEndApp(), key, token)
    GeventServer(app, port=port, hostname=host, handler_class=RequestURIWSGIHandler, direct=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
