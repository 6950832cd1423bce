"""Fixtures for discovery: an NSD server on loopback serving registered look-alikes.

NSD comes from Debian (``apt-get install nsd``). Tests that need it skip when
it is missing, except under RIGHTSGUARD_REQUIRE_SERVICES=1, where they fail.
"""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import idna
import pytest

from rightsguard.discover import (
    Candidate,
    DnsResult,
    Seed,
    check_domains,
    generate,
    parse_seed,
    seeds_for_mark,
)
from rightsguard.discover.nsd import LocalNsd, nsd_binary
from rightsguard.discover.words import tld_list

REQUIRE_SERVICES = os.environ.get("RIGHTSGUARD_REQUIRE_SERVICES") == "1"

#: Look-alikes of aurorix.com and 极光 that "someone registered" in the test zones.
REGISTERED_LOOKALIKES = (
    "aurrix.com",  # omission
    "aurorix-outlet.cn",  # affix
    "aurorix-official-store.com",  # two affixes
    "jiguang-guanwang.cn",  # pinyin + affix
    "jiguang.com",  # pinyin
    idna.encode("極光.cn").decode(),  # traditional
    idna.encode("吉光.com").decode(),  # homophone
    idna.encode("aurorıx.com").decode(),  # homoglyph: dotless i
    "aurorix.net",  # tld-swap
)
#: Registered names that are no look-alike: discovery must not report them.
UNRELATED = ("example-shop.com", "nike.cn")
#: The brand's own site (a seed, never a candidate).
OFFICIAL = ("aurorix.com",)
#: Where every registered name points (A record).
WEB_ADDRESS = "127.0.0.80"


def service_missing(what: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (RIGHTSGUARD_REQUIRE_SERVICES=1) but missing")
    pytest.skip(f"{what} is not available")


@pytest.fixture(scope="session")
def registered() -> set[str]:
    """The look-alikes registered in the test zones (ASCII)."""
    return set(REGISTERED_LOOKALIKES)


@pytest.fixture(scope="session")
def nsd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNsd]:
    if nsd_binary() is None:
        service_missing("NSD (apt-get install nsd)")
    folder: Path = tmp_path_factory.mktemp("nsd")
    tlds = [idna.encode(t).decode() for t in tld_list()]
    server = LocalNsd(
        folder, (*REGISTERED_LOOKALIKES, *UNRELATED, *OFFICIAL), zones=tlds, address=WEB_ADDRESS
    )
    with server:
        yield server


#: The brand's favicon, served by the official site and copied by one look-alike.
BRAND_ICON = b"\x00\x00\x01\x00AURORIX-ICON" + bytes(range(64))
#: Host -> (status, HTML, favicon) served by the test web server.
#: The brand's home-page design: a dark bar, a coloured hero and a row of tiles.
BRAND_LAYOUT = (
    "<style>body{{margin:0;font:16px sans-serif}}.bar{{height:90px;background:#102a43}}"
    ".hero{{height:360px;background:linear-gradient(90deg,#f0b429,#de3a11)}}"
    ".tiles{{display:flex;gap:40px;padding:40px}}.tiles div{{width:260px;height:220px;"
    "background:#334e68}}</style><div class=bar></div><div class=hero><h1>{words}</h1></div>"
    "<div class=tiles><div></div><div></div><div></div></div>"
)
#: Host -> (status, HTML, favicon) served by the test web server.
PAGES: dict[str, tuple[int, str, bytes | None]] = {
    "aurorix.com": (
        200,
        "<title>AURORIX 极光 official</title>" + BRAND_LAYOUT.format(words="AURORIX"),
        BRAND_ICON,
    ),
    "jiguang-guanwang.cn": (  # a clone: the brand's design with other words
        200,
        "<html><head><title>极光官网 - AURORIX 正品旗舰店</title></head>"
        "<body><script>var x='noise'</script><p>Jiguang headphones</p>"
        + BRAND_LAYOUT.format(words="特价")
        + "</body></html>",
        BRAND_ICON,
    ),
    "aurorix-outlet.cn": (  # its own design: light page, green blocks in a column
        200,
        "<title>Outlet</title><p>cheap aurorix here</p><style>body{background:#fff}"
        ".b{width:1000px;height:150px;margin:30px;background:#27ab83}</style>"
        "<div class=b></div><div class=b></div><div class=b></div>",
        b"other",
    ),
    "aurrix.com": (302, "", None),
}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        status, body, icon = PAGES.get(host, (404, "not here", None))
        if self.path == "/favicon.ico":
            status, payload, kind = (
                (200, icon, "image/x-icon") if icon else (404, b"", "text/plain")
            )
        else:
            payload, kind = body.encode(), "text/html; charset=utf-8"
        self.send_response(status)
        if status == 302:
            self.send_header("Location", "https://aurorix.com/")
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture(scope="session")
def web() -> Iterator[int]:
    """A web server on 127.0.0.80 (where the zones point) answering by Host; yields its port."""
    server = http.server.ThreadingHTTPServer((WEB_ADDRESS, 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def brand_seeds() -> list[Seed]:
    """The sandbox brand's seeds: aurorix.com, 极光.com and 极光.cn."""
    return [parse_seed("aurorix.com"), *seeds_for_mark("极光")]


@pytest.fixture(scope="session")
def brand_candidates(brand_seeds: list[Seed]) -> list[Candidate]:
    return generate(brand_seeds)


@pytest.fixture(scope="session")
def brand_results(nsd: LocalNsd, brand_candidates: list[Candidate]) -> list[DnsResult]:
    """Every brand candidate checked once against the test NSD."""
    return check_domains(brand_candidates, resolvers=[nsd.resolver])
