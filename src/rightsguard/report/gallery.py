"""The documents gallery: page 1 of every document type in every language, as PNG,
drafted from the fixed sample case, with an index (``docs/documents/README.md``), so a
reviewer sees what each recipient gets without running anything.

``python -m rightsguard.report.gallery [OUT_DIR]`` (or ``make gallery``) regenerates it;
PDF from the same HTML as a draft, page 1 to PNG with poppler's ``pdftoppm``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from rightsguard.actions.catalog import KINDS, title_for
from rightsguard.actions.render import LANGS, environment, html_to_pdf, render_html
from rightsguard.actions.sample import sample_context
from rightsguard.domain.errors import InvalidValue

DEFAULT_OUT = Path("docs/documents")
RESOLUTION = 60  # dots per inch: an A4 page is about 500 x 700 pixels


def image_name(kind_id: str, lang: str) -> str:
    return f"{kind_id}.{lang}.png"


def render_page_one(kind_id: str, lang: str, out: Path) -> Path:
    """Draft ``kind_id`` in ``lang`` from the sample case; page 1 as ``out/<kind>.<lang>.png``."""
    if shutil.which("pdftoppm") is None:
        raise InvalidValue("pdftoppm", "not installed: the gallery needs poppler-utils")
    ctx = sample_context(kind_id, lang)
    title = title_for(KINDS[kind_id], lang, ctx["holder"])
    pdf = html_to_pdf(render_html(environment(), kind_id, lang, {**ctx, "title": title}))
    target = out / image_name(kind_id, lang)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        stem = Path(tmp) / "page"
        command = ["pdftoppm", "-png", "-r", str(RESOLUTION), "-f", "1", "-l", "1"]
        subprocess.run(
            [*command, "-singlefile", str(source), str(stem)],
            check=True,
            capture_output=True,
        )
        shutil.move(str(stem.with_suffix(".png")), target)
    return target


def index(kinds: Iterable[str]) -> str:
    """The gallery's README: one row per type, a column per language."""
    lines = [
        "# Documents gallery",
        "",
        "Page 1 of every document RightsGuard drafts, in each language, from the fixed",
        "sample case (`rightsguard.actions.sample`). Regenerate with `make gallery`",
        "(`python -m rightsguard.report.gallery`).",
        "",
        "| Type | 中文 | English |",
        "| --- | --- | --- |",
    ]
    for kind_id in kinds:
        kind = KINDS[kind_id]
        cells = [f"![{kind_id} {lang}]({image_name(kind_id, lang)})" for lang in LANGS]
        lines.append(
            f"| `{kind_id}`<br>{kind.title_zh}<br>{kind.title_en} | " + " | ".join(cells) + " |"
        )
    return "\n".join(lines) + "\n"


def build(out: Path = DEFAULT_OUT, progress: Callable[[str], None] | None = None) -> list[Path]:
    """Every catalog type in every language, and the index; returns the images."""
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for kind_id in sorted(KINDS):
        for lang in LANGS:
            made.append(render_page_one(kind_id, lang, out))
            if progress is not None:
                progress(f"{kind_id}.{lang}")
    (out / "README.md").write_text(index(sorted(KINDS)), encoding="utf-8")
    return made


def main(argv: list[str] | None = None) -> int:
    from rich.progress import Progress

    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DEFAULT_OUT
    with Progress() as bar:
        task = bar.add_task("gallery", total=len(KINDS) * len(LANGS))
        made = build(out, lambda name: bar.update(task, advance=1, description=name))
    print(f"{len(made)} pages in {out}")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
