"""A first look at a registered look-alike's page: marks in it, and the brand's favicon.

For a candidate that resolved, ``check_page`` fetches ``http://NAME/`` from the
address DNS gave (pinned: no second look-up, so no rebinding) and
``/favicon.ico``, and reports which of the right's marks appear in the title
and the text, and whether the favicon's hash (Shodan-style mmh3 of the
base64) equals the brand's. Redirects are not followed; a redirect is
reported with its target. The client is passed in (tests hand one aimed at a
local server); addresses that are not public are refused unless the caller
allows them (sandbox and demo workspaces).

With ``--screenshots``, ``discover.looks`` adds how close the page's
screenshot looks to the brand's own site and images (perceptual hash).
"""

from __future__ import annotations

import asyncio
import base64
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import httpx

from rightsguard.discover.chinese import has_han, syllables
from rightsguard.discover.dnscheck import DnsResult
from rightsguard.discover.model import Seed
from rightsguard.evidence.netguard import forbidden_reason

MAX_BODY = 2_000_000
TITLE_WEIGHT = 0.15
TEXT_WEIGHT = 0.1
FAVICON_WEIGHT = 0.2
LOOK_WEIGHT = 0.2
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class PageCheck:
    domain: str
    address: str
    status: int | None = None
    title: str | None = None
    marks_in_title: tuple[str, ...] = ()
    marks_in_text: tuple[str, ...] = ()
    favicon_hash: int | None = None
    favicon_matches: bool = False
    redirect: str | None = None
    error: str | None = None
    #: Screenshot against the brand's images (``discover.looks``), when taken.
    look_dhash: int | None = None
    look_distance: int | None = None
    look_brand_image: str | None = None
    looks_like_brand: bool = False
    look_note: str | None = None

    @property
    def score(self) -> float:
        """What the page adds to the DNS score (0 to 0.65)."""
        return round(
            TITLE_WEIGHT * bool(self.marks_in_title)
            + TEXT_WEIGHT * bool(self.marks_in_text)
            + FAVICON_WEIGHT * self.favicon_matches
            + LOOK_WEIGHT * self.looks_like_brand,
            2,
        )

    def reasons(self) -> list[str]:
        out = []
        if self.marks_in_title:
            out.append(f"page title names {', '.join(self.marks_in_title)}: {self.title!r}")
        if self.marks_in_text:
            out.append(f"page text names {', '.join(self.marks_in_text)}")
        if self.favicon_matches:
            out.append(f"favicon is the brand's (mmh3 {self.favicon_hash})")
        if self.looks_like_brand:
            out.append(
                f"screenshot looks like the brand's {self.look_brand_image} "
                f"({self.look_distance} of 64 bits differ)"
            )
        elif self.look_note:
            out.append(self.look_note)
        if self.redirect:
            out.append(f"redirects to {self.redirect}")
        if self.error:
            out.append(f"page not fetched: {self.error}")
        return out


def favicon_hash(data: bytes) -> int:
    """Shodan-style favicon hash: signed 32-bit MurmurHash3 of the base64 with newlines."""
    import mmh3

    return int(mmh3.hash(base64.encodebytes(data)))


def marks_for(seeds: Iterable[Seed], names: Iterable[str] = ()) -> tuple[str, ...]:
    """What to look for on a page: the seeds' labels, their pinyin, and the rights' names."""
    found: dict[str, None] = {}
    for seed in seeds:
        found[seed.label.lower()] = None
        if has_han(seed.label):
            found["".join(syllables(seed.label))] = None
    for name in names:
        text = name.strip().lower()
        if text:
            found[text] = None
    return tuple(m for m in found if len(m) >= 2)


def page_text(body: str) -> tuple[str | None, str]:
    match = _TITLE.search(body)
    title = html.unescape(" ".join(match.group(1).split())) if match else None
    text = html.unescape(" ".join(_TAGS.sub(" ", body).split()))
    return title, text


def _refused(address: str) -> str | None:
    """Why the SSRF rule (``evidence.netguard``) forbids ``address``, or None."""
    try:
        return forbidden_reason(address)
    except ValueError:
        return "not an IP address"


async def check_page(
    client: httpx.AsyncClient,
    domain: str,
    address: str,
    *,
    marks: Sequence[str],
    brand_favicons: frozenset[int] = frozenset(),
    port: int = 80,
    allow_private: bool = False,
) -> PageCheck:
    """Fetch the look-alike's home page and favicon from ``address`` (never raises)."""
    why = None if allow_private else _refused(address)
    if why is not None:
        return PageCheck(domain, address, error=f"{address} is not a public address ({why})")
    host = f"[{address}]" if ":" in address else address
    base = f"http://{host}:{port}"
    headers = {"Host": domain if port == 80 else f"{domain}:{port}"}
    try:
        response = await client.get(base + "/", headers=headers, follow_redirects=False)
        body = response.content[:MAX_BODY].decode(response.encoding or "utf-8", "replace")
    except httpx.HTTPError as exc:
        return PageCheck(domain, address, error=f"{type(exc).__name__}: {exc}")
    title, text = page_text(body)
    low_title, low_text = (title or "").lower(), text.lower()
    in_title = tuple(m for m in marks if m in low_title)
    in_text = tuple(m for m in marks if m in low_text)
    redirect = response.headers.get("location") if response.is_redirect else None
    icon_hash = None
    try:
        icon = await client.get(base + "/favicon.ico", headers=headers, follow_redirects=False)
        if icon.status_code == 200 and icon.content:
            icon_hash = favicon_hash(icon.content)
    except httpx.HTTPError:
        icon_hash = None
    return PageCheck(
        domain,
        address,
        status=response.status_code,
        title=title,
        marks_in_title=in_title,
        marks_in_text=in_text,
        favicon_hash=icon_hash,
        favicon_matches=icon_hash is not None and icon_hash in brand_favicons,
        redirect=redirect,
    )


def first_address(result: DnsResult) -> str | None:
    for rtype in ("A", "AAAA"):
        if result.records.get(rtype):
            return result.records[rtype][0]
    return None


async def check_pages(
    results: Sequence[DnsResult],
    *,
    marks: Sequence[str],
    brand_favicons: frozenset[int] = frozenset(),
    port: int = 80,
    allow_private: bool = False,
    concurrency: int = 20,
    timeout: float = 10.0,
    client: httpx.AsyncClient | None = None,
) -> dict[str, PageCheck]:
    """Pages of the registered results that have an address, by ASCII domain."""
    todo = [(r.candidate.domain, a) for r in results if (a := first_address(r)) is not None]
    own = client is None
    http = client or httpx.AsyncClient(timeout=timeout, trust_env=False, verify=False)
    gate = asyncio.Semaphore(concurrency)

    async def one(domain: str, address: str) -> PageCheck:
        async with gate:
            return await check_page(
                http,
                domain,
                address,
                marks=marks,
                brand_favicons=brand_favicons,
                port=port,
                allow_private=allow_private,
            )

    try:
        checks = await asyncio.gather(*(one(d, a) for d, a in todo))
    finally:
        if own:
            await http.aclose()
    return {c.domain: c for c in checks}


async def brand_favicon_hashes(
    results: Sequence[DnsResult],
    *,
    port: int = 80,
    allow_private: bool = False,
    client: httpx.AsyncClient | None = None,
) -> frozenset[int]:
    """Favicon hashes of the brand's own sites (``results`` of the seeds' look-ups)."""
    pages = await check_pages(
        results, marks=(), port=port, allow_private=allow_private, client=client
    )
    return frozenset(p.favicon_hash for p in pages.values() if p.favicon_hash is not None)


def look_at_pages(
    results: Sequence[DnsResult],
    seed_results: Sequence[DnsResult],
    *,
    marks: Sequence[str],
    port: int = 80,
    allow_private: bool = False,
    concurrency: int = 20,
    timeout: float = 10.0,
) -> dict[str, PageCheck]:
    """Synchronous entry point: the brand's favicons from its own sites, then the pages."""

    async def run() -> dict[str, PageCheck]:
        async with httpx.AsyncClient(timeout=timeout, trust_env=False, verify=False) as client:
            brand = await brand_favicon_hashes(
                seed_results, port=port, allow_private=allow_private, client=client
            )
            return await check_pages(
                [r for r in results if r.registered],
                marks=marks,
                brand_favicons=brand,
                port=port,
                allow_private=allow_private,
                concurrency=concurrency,
                client=client,
            )

    return asyncio.run(run())
