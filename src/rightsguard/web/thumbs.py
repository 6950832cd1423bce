"""Thumbnails of capture screenshots for the list pages: the top of the screenshot,
scaled to ``WIDTH`` pixels, as a JPEG. A thumbnail is a preview derived on the fly,
not the evidence: downloading the screenshot itself stays on the capture page, where
it is recorded in the chain of custody."""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image

WIDTH = 160
HEIGHT = 120


@lru_cache(maxsize=512)
def thumbnail(sha256: str, data: bytes) -> bytes:
    """A WIDTH x up-to-HEIGHT JPEG of the top of the image (kept per hash)."""
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (WIDTH * 4, WIDTH * 4))
        width, height = image.size
        top = image.crop((0, 0, width, min(height, width * HEIGHT // WIDTH))).convert("RGB")
        top.thumbnail((WIDTH, HEIGHT))
        out = io.BytesIO()
        top.save(out, "JPEG", quality=70)
    return out.getvalue()
