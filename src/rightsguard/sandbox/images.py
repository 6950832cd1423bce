"""Small deterministic images (PNG, ICO) made with zlib and struct only.

The same seed always gives the same bytes, so a test can hash an image and a
later rule can match copied pictures or favicons across sites.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from functools import lru_cache


def png(width: int, height: int, pixels: list[bytes]) -> bytes:
    """Encode rows of RGB bytes (``3 * width`` each) as a PNG."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + row for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def _palette(seed: str) -> list[tuple[int, int, int]]:
    digest = hashlib.sha256(seed.encode()).digest()
    return [(digest[i], digest[i + 1], digest[i + 2]) for i in range(0, 12, 3)]


@lru_cache(maxsize=64)
def pattern_png(seed: str, size: int = 96) -> bytes:
    """A square picture: a two-colour gradient with a disc and bands from ``seed``."""
    c1, c2, c3, c4 = _palette(seed)
    digest = hashlib.sha256(b"geometry" + seed.encode()).digest()
    cx, cy = size * (0.3 + digest[0] / 640), size * (0.3 + digest[1] / 640)
    radius = size * (0.15 + digest[2] / 1280)
    band = 4 + digest[3] % 9
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            t = (x + y) / (2 * size)
            r, g, b = (int(a * (1 - t) + z * t) for a, z in zip(c1, c2, strict=True))
            if (x - cx) ** 2 + (y - cy) ** 2 <= radius**2:
                r, g, b = c3
            elif (y // band) % 5 == 0 and x > size // 2:
                r, g, b = c4
            row += bytes((r, g, b))
        rows.append(bytes(row))
    return png(size, size, rows)


@lru_cache(maxsize=8)
def aurora_png(width: int = 160, height: int = 48, hue_shift: int = 0) -> bytes:
    """A logo-like banner: green-violet wavy bands on a night sky."""
    rows = []
    for y in range(height):
        row = bytearray()
        for x in range(width):
            wave = (x * 7 + hue_shift * 13) % 40
            band = abs(y - height // 2 - (wave - 20) // 4)
            if band < 6:
                row += bytes((40 + hue_shift, 220 - band * 20, 140 + band * 15))
            elif band < 10:
                row += bytes((120, 60 + hue_shift, 200))
            else:
                row += bytes((10, 16, 40 + y))
        rows.append(bytes(row))
    return png(width, height, rows)


def ico_from_png(png_bytes: bytes, size: int) -> bytes:
    """Wrap one PNG as a single-image ICO file (PNG-in-ICO, read by all browsers)."""
    dim = 0 if size >= 256 else size
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png_bytes), 6 + 16)
    return header + entry + png_bytes


@lru_cache(maxsize=8)
def favicon_ico(seed: str) -> bytes:
    return ico_from_png(pattern_png(seed, 32), 32)
