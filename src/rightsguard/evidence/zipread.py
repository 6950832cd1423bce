"""Reading the members of an untrusted zip (a bundle, a WACZ) with bounded memory.

Members are hashed in chunks, never held whole, and refused before a byte is
inflated when their declared size is over :data:`MAX_MEMBER_BYTES` or they
inflate more than :data:`MAX_RATIO` times (a zip bomb: 1 GiB of zeros deflates
to 1 MB). Python's zipfile never yields more than a member's declared size,
and the bytes actually read are counted too.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable

MAX_MEMBER_BYTES = 16 << 30  # a long screen recording fits; a bomb's claim does not
MAX_RATIO = 200  # WARCs are stored, images and PDFs barely shrink, text ~10x; zeros ~1000x
RATIO_FLOOR = 1 << 20  # small members may shrink as they like
SMALL_MAX = 16 << 20  # members read into memory (manifests, tokens, leaves)
CHUNK = 1 << 20


class MemberRefused(ValueError):
    """A zip member that is not read: too large, or inflating absurdly."""

    def __init__(self, name: str, why: str) -> None:
        super().__init__(f"{name}: {why}")
        self.name = name
        self.why = why


def member_problem(info: zipfile.ZipInfo, cap: int = MAX_MEMBER_BYTES) -> str | None:
    """Why ``info``'s member must not be read, judged on its declared sizes alone."""
    if info.file_size > cap:
        return f"declares {info.file_size} bytes, larger than the {cap} allowed"
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
        ratio = info.file_size // max(1, info.compress_size)
        return (
            f"compression ratio {ratio}:1 ({info.compress_size} bytes inflating to "
            f"{info.file_size}), more than {MAX_RATIO}:1: a zip bomb"
        )
    return None


def stream_member(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    sink: Callable[[bytes], object] | None = None,
    cap: int = MAX_MEMBER_BYTES,
) -> str:
    """The SHA-256 (hex) of a member, read in chunks (each also given to ``sink``)."""
    why = member_problem(info, cap)
    if why is not None:
        raise MemberRefused(info.filename, why)
    digest = hashlib.sha256()
    size = 0
    with zf.open(info) as src:
        while chunk := src.read(CHUNK):
            size += len(chunk)
            if size > min(cap, info.file_size):
                raise MemberRefused(info.filename, "inflates beyond its declared size")
            digest.update(chunk)
            if sink is not None:
                sink(chunk)
    return digest.hexdigest()


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int = SMALL_MAX) -> bytes:
    """A small member's bytes (manifests, tokens, leaves): refused above ``cap``."""
    parts: list[bytes] = []
    stream_member(zf, info, parts.append, cap)
    return b"".join(parts)
