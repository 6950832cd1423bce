"""Perceptual hashes: alike for a re-encoded or slightly changed image, far apart
for a different one."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from rightsguard.evidence.phash import SAME_LOOK, dhash, hamming


def _png(draw_text: str, shift: int = 0, quality_noise: bool = False) -> bytes:
    image = Image.new("RGB", (320, 240), "white")
    pen = ImageDraw.Draw(image)
    pen.rectangle((20 + shift, 20, 200 + shift, 120), fill="navy")
    pen.ellipse((180, 130, 300, 230), fill="darkred")
    pen.text((30, 200), draw_text, fill="black")
    if quality_noise:
        image.putpixel((5, 5), (250, 250, 250))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_alike_and_different() -> None:
    base = dhash(_png("shop"))
    assert hamming(base, dhash(_png("shop", quality_noise=True))) <= SAME_LOOK
    assert hamming(base, dhash(_png("shop", shift=2))) <= SAME_LOOK
    blank = Image.new("RGB", (320, 240), "white")
    blank_draw = ImageDraw.Draw(blank)
    blank_draw.rectangle((150, 0, 320, 240), fill="black")
    out = io.BytesIO()
    blank.save(out, "PNG")
    assert hamming(base, dhash(out.getvalue())) > SAME_LOOK


def test_visual_change_between_captures(store: object) -> None:
    from datetime import UTC, datetime

    from rightsguard.domain.target_rows import parse_target_row
    from rightsguard.evidence.seal import visual_change
    from rightsguard.store import Store
    from rightsguard.store.models import CaptureRow

    assert isinstance(store, Store)
    target = store.targets.add(parse_target_row({"url": "aurorix-outlet.cn"}))
    assert visual_change(store, target.id) is None
    now = datetime.now(UTC)
    with store.transaction() as session:
        for value in ("ffff0000ffff0000", "ffff0000ffff0001"):
            session.add(
                CaptureRow(
                    target_id=target.id,
                    status="complete",
                    mode="browser",
                    started_at=now,
                    environment={"screenshot_dhash": value},
                )
            )
    assert visual_change(store, target.id) == 1
