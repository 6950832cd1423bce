"""Does a look-alike *look* like the brand? Screenshots compared by perceptual hash.

A cloned shop copies the brand's layout, colours and pictures while changing
the words, so text matching misses it. ``screenshot_looks`` opens each
registered look-alike's home page in the system Chromium (a fresh context per
page, pinned to the address DNS gave with ``--host-resolver-rules``, so no
second look-up), takes a viewport screenshot and its 64-bit difference hash
(``evidence.phash``). ``compare_looks`` sets those hashes against the brand's
own: screenshots of the seeds' sites and any image files the user gives
(``--brand-image``). A Hamming distance of at most ``phash.SAME_LOOK`` bits
means "looks the same".

A near-uniform screenshot (a blank or almost empty page) hashes to nearly
nothing and would "match" every other empty page, so plain images are never
compared: they are reported as too plain instead.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image, ImageStat

from rightsguard.discover.dnscheck import DnsResult
from rightsguard.discover.page import PageCheck, first_address
from rightsguard.domain.errors import InvalidValue
from rightsguard.evidence.browser import LAUNCH_ARGS
from rightsguard.evidence.errors import CaptureFailed
from rightsguard.evidence.phash import SAME_LOOK, dhash, hamming

VIEWPORT = {"width": 1280, "height": 800}
PLAIN_STDDEV = 6.0  # grey levels (0-255) of a 64x64 thumbnail: below this, nothing to compare


@dataclass(frozen=True, slots=True)
class Look:
    """One screenshot's hash, or why there is none."""

    dhash: int | None = None
    plain: bool = False
    error: str | None = None


@dataclass(frozen=True, slots=True)
class LookMatch:
    """The nearest brand image to a look-alike's screenshot."""

    distance: int | None
    brand_image: str | None

    @property
    def same_look(self) -> bool:
        return self.distance is not None and self.distance <= SAME_LOOK


def is_plain(png: bytes) -> bool:
    """True for a near-uniform image (too little structure for its hash to mean anything)."""
    with Image.open(io.BytesIO(png)) as image:
        thumb = image.convert("L").resize((64, 64))
        return float(ImageStat.Stat(thumb).stddev[0]) < PLAIN_STDDEV


def look_of(png: bytes) -> Look:
    try:
        if is_plain(png):
            return Look(plain=True)
        return Look(dhash=dhash(png))
    except (OSError, ValueError) as exc:
        return Look(error=f"not an image: {exc}")


def brand_image_looks(paths: Iterable[Path]) -> dict[str, Look]:
    """The user's brand images (PNG/JPEG files), by file name; a bad file raises."""

    out: dict[str, Look] = {}
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidValue("--brand-image", f"cannot read {path}: {exc.strerror}") from None
        look = look_of(data)
        if look.error:
            raise InvalidValue("--brand-image", f"{path} is {look.error}")
        if look.plain:
            raise InvalidValue("--brand-image", f"{path} is too plain to compare")
        out[path.name] = look
    return out


def compare_looks(look: Look, brand: Mapping[str, Look]) -> LookMatch:
    """The nearest comparable brand image to ``look`` (none when either side is plain)."""
    if look.dhash is None:
        return LookMatch(None, None)
    best: tuple[int, str] | None = None
    for name, mine in brand.items():
        if mine.dhash is None:
            continue
        distance = hamming(look.dhash, mine.dhash)
        if best is None or distance < best[0]:
            best = (distance, name)
    return LookMatch(*best) if best else LookMatch(None, None)


async def screenshot_looks(
    sites: Mapping[str, str],
    *,
    chromium_path: str,
    port: int = 80,
    timeout: float = 20.0,
    concurrency: int = 2,
) -> dict[str, Look]:
    """Screenshot ``http://DOMAIN[:port]/`` per ``domain -> address`` (never raises per page)."""
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright

    if not sites:
        return {}
    if not Path(chromium_path).exists():
        raise CaptureFailed(f"Chromium not found at {chromium_path} (setting chromium_path)")
    rules = ", ".join(f"MAP {domain} {f'[{a}]' if ':' in a else a}" for domain, a in sites.items())
    suffix = "" if port == 80 else f":{port}"
    gate = asyncio.Semaphore(concurrency)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=chromium_path,
            args=[*LAUNCH_ARGS, f"--host-resolver-rules={rules}"],
        )

        async def one(domain: str) -> tuple[str, Look]:
            async with gate:
                context = await browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
                try:
                    page = await context.new_page()
                    await page.goto(
                        f"http://{domain}{suffix}/", timeout=timeout * 1000, wait_until="load"
                    )
                    png = await page.screenshot(timeout=timeout * 1000)
                    return domain, look_of(png)
                except PlaywrightError as exc:
                    return domain, Look(error=exc.message.splitlines()[0])
                finally:
                    await context.close()

        try:
            pairs = await asyncio.gather(*(one(d) for d in sites))
        finally:
            await browser.close()
    return dict(pairs)


def with_looks(
    pages: Mapping[str, PageCheck], looks: Mapping[str, Look], brand: Mapping[str, Look]
) -> dict[str, PageCheck]:
    """``pages`` with each screenshot's distance to the nearest brand image filled in."""
    out = dict(pages)
    comparable = any(b.dhash is not None for b in brand.values())
    for domain, look in looks.items():
        page = pages.get(domain)
        if page is None:
            continue
        match = compare_looks(look, brand)
        note = None
        if look.error:
            note = f"no screenshot: {look.error}"
        elif look.plain:
            note = "screenshot too plain to compare"
        elif not comparable:
            note = "no brand image to compare the screenshot with"
        elif not match.same_look:
            note = f"screenshot differs from the brand's ({match.distance} of 64 bits)"
        out[domain] = replace(
            page,
            look_dhash=look.dhash,
            look_distance=match.distance,
            look_brand_image=match.brand_image,
            looks_like_brand=match.same_look,
            look_note=note,
        )
    return out


def compare_screenshots(
    pages: Mapping[str, PageCheck],
    seed_results: Iterable[DnsResult],
    brand_files: Mapping[str, Look] | None = None,
    *,
    chromium_path: str,
    port: int = 80,
    timeout: float = 20.0,
) -> dict[str, PageCheck]:
    """Synchronous entry point: screenshots of the look-alikes that answered 200 and of
    the brand's own sites (``seed_results``), in one browser; ``pages`` with the looks."""
    own = {r.candidate.domain: a for r in seed_results if (a := first_address(r)) is not None}
    answered = {d: p.address for d, p in pages.items() if p.status == 200 and d not in own}
    looks = asyncio.run(
        screenshot_looks(
            {**own, **answered}, chromium_path=chromium_path, port=port, timeout=timeout
        )
    )
    brand = {f"site {d}": looks[d] for d in own if d in looks}
    brand.update(brand_files or {})
    return with_looks(pages, {d: looks[d] for d in answered if d in looks}, brand)
