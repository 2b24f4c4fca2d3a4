"""What the planner needs to know about a figure without drawing it: its proportions and, for
an SVG, the size of its smallest label, so that a figure goes beside text only where its labels
stay legible (at least 14 pt on the slide)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

MIN_LABEL_PT = 14.0
SIZE = re.compile(r"font-size\s*[:=]\s*[\"']?\s*([0-9.]+)\s*(px|pt)?")


def proportions(path: Path) -> tuple[float, float]:
    """(width, height) of the image in its own units; (4, 3) if it cannot be read."""
    return _facts(path, _stamp(path))[0]


def smallest_label(path: Path) -> float | None:
    """The smallest font size an SVG's text uses, in the SVG's own units; None for a raster
    image or an SVG without text."""
    return _facts(path, _stamp(path))[1]


def label_pt(path: Path, shown_width_pt: float) -> float | None:
    """The smallest label's size in points when the figure is SHOWN_WIDTH_PT wide."""
    smallest = smallest_label(path)
    width, _ = proportions(path)
    return smallest * shown_width_pt / width if smallest and width else None


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=128)
def _facts(path: Path, stamp: tuple[int, int]) -> tuple[tuple[float, float], float | None]:
    from handbook.source.images import parse_svg, svg_size
    from handbook.source.paths import MAX_FILE, read_bytes

    try:
        data = read_bytes(path, MAX_FILE)
    except Exception:  # a picture that cannot be read is the drawing's warning, not ours
        return (4.0, 3.0), None
    if path.suffix.lower() != ".svg":
        return _raster(data), None
    try:
        root = parse_svg(data)
    except ValueError:
        return (4.0, 3.0), None
    size = _view(root) or svg_size(root) or (4.0, 3.0)
    found = [float(m.group(1)) * (4 / 3 if m.group(2) == "pt" else 1)
             for m in SIZE.finditer(data.decode("utf-8", "replace"))]
    return size, min(found, default=None) if "<text" in data.decode("utf-8", "replace") \
        else None


def _view(root) -> tuple[float, float] | None:
    """The viewBox's size: the units font sizes are given in."""
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        return (float(box[2]), float(box[3])) if len(box) == 4 else None
    except ValueError:
        return None


def _raster(data: bytes) -> tuple[float, float]:
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            return float(image.size[0]), float(image.size[1])
    except Exception:  # Pillow raises many kinds on damaged files
        return 4.0, 3.0
