"""The documents gallery (docs/documents/): an image of every catalog type in every
language, indexed, so a new type cannot be forgotten; and the generator makes them."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest

from rightsguard.actions.catalog import KINDS
from rightsguard.actions.render import LANGS
from rightsguard.report.gallery import image_name, index, render_page_one

GALLERY = Path(__file__).resolve().parents[2] / "docs" / "documents"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("kind_id", sorted(KINDS))
@pytest.mark.parametrize("lang", LANGS)
def test_every_type_and_language_has_a_gallery_image(kind_id: str, lang: str) -> None:
    image = GALLERY / image_name(kind_id, lang)
    assert image.is_file(), f"no {image.name}: run make gallery"
    width, height = png_size(image.read_bytes())
    assert 1.38 < height / width < 1.45  # an A4 page
    assert f"({image.name})" in (GALLERY / "README.md").read_text(encoding="utf-8")


def test_the_index_lists_every_type() -> None:
    assert (GALLERY / "README.md").read_text(encoding="utf-8") == index(sorted(KINDS))


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler-utils")
def test_the_generator_renders_page_one(tmp_path: Path) -> None:
    made = render_page_one("notice.dmca", "en", tmp_path)
    assert made == tmp_path / "notice.dmca.en.png"
    width, height = png_size(made.read_bytes())
    assert width > 400 and 1.38 < height / width < 1.45
