"""Pictures for slides: PNG bytes and pixel size, SVG rasterised with CairoSVG.

An SVG is drawn with its longer side 2000 px (a very tall one fits instead of asking cairo for
an impossible surface); one that defines entities inside itself, as Illustrator exports do, is
expanded first (source.images.parse_svg, within expat's limits), since CairoSVG refuses
entities. CairoSVG never reads other files or the network (unsafe=False)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as etree
from functools import lru_cache
from pathlib import Path

from handbook.source.fonts import isolate
from handbook.source.images import parse_svg, svg_size
from handbook.source.paths import MAX_FILE, read_bytes

LONG_SIDE = 2000  # px of an SVG's longer side on a slide


class PictureError(Exception):
    """An image the decks cannot show; str() says why."""


def picture_png(path: Path) -> tuple[bytes, tuple[int, int]]:
    """PNG bytes and pixel size of an image; SVG is rasterised, since decks cannot show it.
    PictureError if a library cannot read or draw it."""
    try:
        return _png(read_bytes(path, MAX_FILE), path.suffix.lower() == ".svg")
    except Exception as error:  # Pillow, CairoSVG and cairo raise many kinds on bad files
        raise PictureError(f"cannot be drawn on a slide ({type(error).__name__}: "
                           f"{str(error)[:80]})") from None


def drawable(path: Path, warnings: list[str], what: str = "picture"
             ) -> tuple[bytes, tuple[int, int]] | None:
    """picture_png, or None with a warning in WARNINGS if the image cannot be drawn."""
    try:
        return picture_png(path)
    except PictureError as error:
        warnings.append(f"{what} {path.name} {error}; left out of the slide")
        return None


@lru_cache(maxsize=64)
def _png(source: bytes, svg: bool) -> tuple[bytes, tuple[int, int]]:
    """Cached by content, not path: an image edited while the process runs is read afresh."""
    from PIL import Image as PILImage

    data = _rasterised(source) if svg else source
    with PILImage.open(io.BytesIO(data)) as opened:
        size = opened.size
        if opened.format not in ("PNG", "JPEG", "GIF"):
            converted = io.BytesIO()
            opened.save(converted, "PNG")
            data = converted.getvalue()
    return data, size


def _rasterised(source: bytes) -> bytes:
    isolate()  # defaults/fonts/ only, before cairo loads fontconfig
    import cairosvg

    root = parse_svg(source)
    if b"<!ENTITY" in source[:65536]:
        source = etree.tostring(root)
    width, height = svg_size(root) or (1.0, 0.0)
    side = {"output_height": LONG_SIDE} if height > width else {"output_width": LONG_SIDE}
    try:
        return cairosvg.svg2png(bytestring=source, unsafe=False, **side)
    except Exception:  # reported with its chapter and line when the book was read
        return placeholder_png()


def placeholder_png(size: tuple[int, int] = (1600, 900)) -> bytes:
    """A light grey panel with a crossed frame: where a figure could not be drawn."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    image = PILImage.new("RGB", size, "#EEF1F4")
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle((8, 8, width - 9, height - 9), outline="#9AA5B1", width=8)
    draw.line((8, 8, width - 9, height - 9), fill="#C5CDD5", width=6)
    draw.line((8, height - 9, width - 9, 8), fill="#C5CDD5", width=6)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
