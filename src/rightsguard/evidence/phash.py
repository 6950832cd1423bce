"""Perceptual hashes of screenshots (difference hash, 64 bits): pages that look
the same hash alike even when their bytes differ; a small Hamming distance
means "looks the same"."""

from __future__ import annotations

import io

from PIL import Image

SAME_LOOK = 10  # bits of 64: at most this many differ for "looks the same"


def dhash(png: bytes, size: int = 8) -> int:
    """Difference hash of an image: grey, (size+1)×size, each bit = left > right."""
    with Image.open(io.BytesIO(png)) as image:
        small = image.convert("L").resize((size + 1, size), Image.Resampling.LANCZOS)
        pixels = [int(small.getpixel((x, y))) for y in range(size) for x in range(size + 1)]  # type: ignore[arg-type]
    bits = 0
    for row in range(size):
        for col in range(size):
            left = pixels[row * (size + 1) + col]
            right = pixels[row * (size + 1) + col + 1]
            bits = (bits << 1) | int(left > right)
    return bits


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()
