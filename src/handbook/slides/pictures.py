"""Pictures for slides: PNG bytes and pixel size, SVG rasterised with CairoSVG."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path


def picture_png(path: Path) -> tuple[bytes, tuple[int, int]]:
    """PNG bytes and pixel size of an image; SVG is rasterised, since decks cannot show it."""
    return _png(path.read_bytes(), path.suffix.lower() == ".svg")


@lru_cache(maxsize=64)
def _png(source: bytes, svg: bool) -> tuple[bytes, tuple[int, int]]:
    """Cached by content, not path: an image edited while the process runs is read afresh."""
    from PIL import Image as PILImage

    if svg:
        import cairosvg

        data = cairosvg.svg2png(bytestring=source, output_width=2000, unsafe=False)
    else:
        data = source
    with PILImage.open(io.BytesIO(data)) as opened:
        size = opened.size
        if opened.format not in ("PNG", "JPEG", "GIF"):
            converted = io.BytesIO()
            opened.save(converted, "PNG")
            data = converted.getvalue()
    return data, size
