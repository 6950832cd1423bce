"""A screen recording of a capture through the Chrome DevTools screencast.

Playwright's own ``record_video`` needs the ffmpeg build that ``playwright
install`` downloads, which RightsGuard never runs. Instead the page's
screencast frames (JPEG, with their timestamps) are written to disk as they
arrive; at the end they become a WebM video when an ``ffmpeg`` is on the PATH,
else a ZIP of the frames with ``frames.json`` (timestamps), which any viewer
can replay. Either way the recording is one artefact with role ``video``.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

MAX_FRAMES = 1500


class Screencast:
    def __init__(self, page: Any, folder: Path) -> None:
        self.page = page
        self.folder = folder
        self.frames: list[tuple[float, Path]] = []
        self._cdp: Any = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._cdp = await self.page.context.new_cdp_session(self.page)
        self._cdp.on("Page.screencastFrame", self._on_frame)
        await self._cdp.send(
            "Page.startScreencast",
            {"format": "jpeg", "quality": 70, "maxWidth": 1280, "maxHeight": 800},
        )

    def _on_frame(self, params: dict[str, Any]) -> None:
        task = asyncio.ensure_future(self._save(params))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _save(self, params: dict[str, Any]) -> None:
        if len(self.frames) < MAX_FRAMES:
            path = self.folder / f"frame-{len(self.frames):05d}.jpg"
            path.write_bytes(base64.b64decode(params["data"]))
            self.frames.append((float(params["metadata"].get("timestamp", 0.0)), path))
        with contextlib.suppress(Exception):
            await self._cdp.send("Page.screencastFrameAck", {"sessionId": params["sessionId"]})

    async def stop(self) -> None:
        if self._cdp is None:
            return
        with contextlib.suppress(Exception):
            await self._cdp.send("Page.stopScreencast")
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        with contextlib.suppress(Exception):
            await self._cdp.detach()
        self._cdp = None

    def finish(self, out_base: Path) -> Path | None:
        """Write the recording next to ``out_base`` (``.webm`` or ``.zip``); None if no frames."""
        if not self.frames:
            return None
        ffmpeg = shutil.which("ffmpeg")
        if ffmpeg is not None:
            webm = out_base.with_suffix(".webm")
            if _encode(ffmpeg, self.frames, webm):
                return webm
        archive = out_base.with_suffix(".zip")
        start = self.frames[0][0]
        index = [{"file": p.name, "t": round(t - start, 3)} for t, p in self.frames]
        with zipfile.ZipFile(archive, "x") as zf:
            zf.writestr("frames.json", json.dumps(index, indent=1))
            for _, path in self.frames:
                zf.write(path, path.name, compress_type=zipfile.ZIP_STORED)
        return archive


def _encode(ffmpeg: str, frames: list[tuple[float, Path]], out: Path) -> bool:
    listing = out.with_suffix(".txt")
    lines = []
    for i, (t, path) in enumerate(frames):
        nxt = frames[i + 1][0] if i + 1 < len(frames) else t + 0.5
        lines.append(f"file '{path}'\nduration {max(0.04, nxt - t):.3f}")
    listing.write_text("\n".join(lines) + f"\nfile '{frames[-1][1]}'\n", "utf-8")
    done = subprocess.run(
        [
            *(ffmpeg, "-loglevel", "error", "-f", "concat", "-safe", "0", "-i", str(listing)),
            *("-c:v", "libvpx", "-b:v", "1M", "-an", str(out)),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    return done.returncode == 0 and out.exists()
