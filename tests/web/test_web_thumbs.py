"""Thumbnails in the target and capture lists (#20): a small JPEG of the top of the
newest screenshot, derived on the fly; the screenshot itself is not handed out."""

from __future__ import annotations

import io
from contextlib import closing
from datetime import UTC, datetime

from PIL import Image
from webkit import Web

from rightsguard.domain.target_rows import parse_target_row
from rightsguard.store import open_store
from rightsguard.store.blobs import BlobStore
from rightsguard.store.models import CaptureRow, EventRow


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_lists_show_a_thumbnail_of_the_newest_screenshot(web: Web) -> None:
    shot = _png(1280, 4000)
    blob = BlobStore(web.ws.evidence_dir).put_bytes(shot)
    with closing(open_store(web.ws)) as st:
        case = st.cases.new("缩略图")
        target = st.targets.add(parse_target_row({"url": "https://thumb.example.cn/"}), case.id)
        st.targets.add(parse_target_row({"url": "https://nothumb.example.cn/"}), case.id)
        now = datetime.now(UTC)
        art = {
            "role": "screenshot",
            "sha256": blob.sha256,
            "size": blob.size,
            "media_type": "image/png",
        }
        with st.transaction() as session:
            rows = [
                CaptureRow(
                    target_id=target.id,
                    status="complete",
                    mode="browser",
                    started_at=now,
                    artefacts=[art],
                )
                for _ in range(2)
            ]
            session.add_all(rows)
            session.flush()
            newest = rows[1].id
    c = web.client("analyst")
    listing = c.get("/targets", params={"case_id": case.id}).text
    assert f'src="/evidence/captures/{newest}/thumb"' in listing
    assert listing.count('class="thumb-s"') == 1  # the target without a capture has none
    assert f'src="/evidence/captures/{newest}/thumb"' in c.get("/evidence").text
    with closing(open_store(web.ws)) as st, st.transaction() as session:
        before = session.query(EventRow).count()
    thumb = c.get(f"/evidence/captures/{newest}/thumb")
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
    with Image.open(io.BytesIO(thumb.content)) as image:
        assert image.size == (160, 120)
    with closing(open_store(web.ws)) as st, st.transaction() as session:
        assert session.query(EventRow).count() == before  # a preview, not a download
    assert c.get(f"/evidence/captures/{newest + 999}/thumb").status_code == 404
