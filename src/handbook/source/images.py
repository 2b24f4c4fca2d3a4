"""Check the images chapters reference: inside the project, found, of a known type, readable,
and within the limits every renderer can handle (pixels, shape, entity expansion)."""

from __future__ import annotations

import io
import re
import warnings
import xml.etree.ElementTree as etree
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from handbook.errors import Collector
from handbook.source.paths import (
    DEFAULTS,
    MAX_FILE,
    RASTER,
    VECTOR,
    Refused,
    project_file,
    read_bytes,
    url_for,
)

MAX_PIXELS = 40_000_000  # 8000 × 5000: far above print at 300 dpi, below Pillow's bomb alarm
MAX_ASPECT = 100  # an image 100 times longer than wide cannot be shown on a page or a slide
UNITS = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54,
         "in": 96.0, "em": 16.0, "ex": 8.0}
PLACEHOLDER = DEFAULTS / "images" / "placeholder.svg"  # where a figure cannot be drawn
LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-z]*)\s*$")


class ImageChecker:
    """Resolves image references once, reporting each problem with the chapter's line."""

    def __init__(self, root: Path, problems: Collector, site_root: Path | None = None):
        self.root = root
        self.problems = problems
        self.site_root = site_root  # where "/x" starts (Quarto: the project, MkDocs: docs/)
        self._valid: dict[Path, str | None] = {}
        self._drawn: dict[Path, str | None] = {}  # an SVG → why CairoSVG cannot draw it

    def resolver(self, chapter: Path,
                 line_of: Callable[[str], int | None]) -> Callable[[str], Path | None]:
        reported: dict[str, Path | None] = {}

        def resolve(source: str) -> Path | None:
            if source not in reported:
                reported[source] = self._resolve(source, chapter, line_of(f"({source}") or
                                                 line_of(source))
            return reported[source]

        return resolve

    def url_resolver(self, resolve: Callable[[str], Path | None]) -> Callable[[str], str | None]:
        """The stable URL (paths.url_for) of each image RESOLVE finds."""
        def url(source: str) -> str | None:
            path = resolve(source)
            return url_for(path, self.root) if path is not None else None

        return url

    def _resolve(self, source: str, chapter: Path, line: int | None) -> Path | None:
        parts = urlsplit(source)
        if parts.scheme or parts.netloc or (source.startswith("/") and self.site_root is None):
            self.problems.error(chapter, line, f"image '{source}' is not a file in the project; "
                                "put it in content/images/ and use a relative path")
            return None
        base = self.site_root if source.startswith("/") and self.site_root else chapter.parent
        wanted = base / unquote(parts.path).lstrip("/")
        try:
            path = project_file(self.root, wanted, limit=MAX_FILE)
        except Refused as refused:
            reason = str(refused)
            if reason.startswith("no such file"):
                reason = f"not found (looked for {_shown(wanted, self.root)})"
            self.problems.error(chapter, line, f"image '{source}' {reason}")
            return None
        if path.suffix.lower() not in RASTER | VECTOR:
            self.problems.error(chapter, line, f"image '{source}' has an unsupported type; use "
                                "PNG, JPEG, GIF, WebP or SVG")
            return None
        if path not in self._valid:
            self._valid[path] = image_problem(path)
        if self._valid[path] is not None:
            self.problems.error(chapter, line, f"image '{source}' {self._valid[path]}")
            return None
        if path.suffix.lower() in VECTOR:
            if path not in self._drawn:
                self._drawn[path] = _svg_drawing_problem(path)
            if self._drawn[path]:
                self.problems.warning(chapter, line, f"SVG '{source}' cannot be drawn "
                                      f"({self._drawn[path]}); the PDF and the slides show a "
                                      "placeholder: save it again from a drawing program")
                return PLACEHOLDER
        return path


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return str(path)


def image_problem(path: Path) -> str | None:
    """Why the image file at PATH cannot be used (completing "image 'x' …"), or None."""
    try:
        data = read_bytes(path, MAX_FILE)
    except Refused as refused:
        return str(refused)
    if path.suffix.lower() in VECTOR:
        return svg_problem(data)
    return raster_problem(data)


def raster_problem(data: bytes) -> str | None:
    """Why these PNG/JPEG/GIF/WebP bytes cannot be used: unreadable, cut short, too large."""
    from PIL import Image, ImageFile

    tolerant = ImageFile.LOAD_TRUNCATED_IMAGES  # WeasyPrint's import sets it for everyone
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # checked below
        try:
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return _too_many(width, height)
                if max(width, height) > MAX_ASPECT * max(1, min(width, height)):
                    return _too_long(width, height)
                image.load()  # decodes it all: a file cut short fails here
        except Image.DecompressionBombError:  # more than twice Pillow's limit
            return f"has more than {MAX_PIXELS // 1_000_000} million pixels; scale it down"
        except Exception as error:  # Pillow raises many kinds for damaged files
            return f"is not a readable image ({_why(error)}); save it again"
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
    return None


def svg_problem(data: bytes) -> str | None:
    """Why these SVG bytes cannot be used: not XML, not SVG, entity bombs, absurd sizes."""
    try:
        root = parse_svg(data)
    except ValueError as error:
        return str(error)
    if not root.tag.endswith("svg"):
        return "is not an SVG image; save it again as SVG"
    size = svg_size(root)
    if size is not None:
        width, height = size
        if width <= 0 or height <= 0:
            return "has no size (width or height is 0)"
        if max(width, height) > MAX_ASPECT * min(width, height):
            return _too_long(round(width), round(height))
    return None


def parse_svg(data: bytes) -> etree.Element:
    """The SVG's tree; ValueError if it is not XML. Entities defined inside the file (as
    Illustrator writes them) are expanded, within expat's limits against entity bombs; entities
    that name other files are never read."""
    try:
        return etree.fromstring(data)
    except etree.ParseError as error:
        reason = str(error).split(":")[0]
        if "amplification" in reason or "entity" in reason:
            return _raise(f"is not a usable SVG image ({reason}); export it again without "
                          "entities")
        return _raise(f"is not a readable image (not valid XML: {reason}); save it again")


def svg_size(root: etree.Element) -> tuple[float, float] | None:
    """The SVG's size in px from width/height, else from its viewBox; None if unknown."""
    sizes = [_length(root.get(name)) for name in ("width", "height")]
    if sizes[0] is not None and sizes[1] is not None:
        return sizes[0], sizes[1]
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        return (float(box[2]), float(box[3])) if len(box) == 4 else None
    except ValueError:
        return None


def _length(value: str | None) -> float | None:
    found = LENGTH.match(value or "")
    if found is None or found.group(2) not in UNITS:
        return None
    return float(found.group(1)) * UNITS[found.group(2)]


def _raise(message: str):
    raise ValueError(message)


def _too_many(width: int, height: int) -> str:
    return (f"is {width} × {height} pixels, more than {MAX_PIXELS // 1_000_000} million; "
            "scale it down")


def _too_long(width: int, height: int) -> str:
    return (f"is {width} × {height}: more than {MAX_ASPECT} times longer than it is wide; "
            "crop it")


def _why(error: Exception) -> str:
    if isinstance(error, RecursionError):  # Python words it after where the stack ran out
        return "maximum recursion depth exceeded"  # ("… while calling a Python object")
    text = re.sub(r"\s*<[^<>]*>", "", str(error).split("\n")[0])  # no "<_io.BytesIO …>"
    return text[:80] or type(error).__name__


def _svg_drawing_problem(path: Path) -> str | None:
    """Why CairoSVG (which draws SVG for the decks, as WeasyPrint's own code does for the PDF)
    fails on the file, or None."""
    from handbook.source.fonts import isolate

    isolate()  # defaults/fonts/ only, before cairo loads fontconfig
    import cairosvg

    try:
        source = read_bytes(path, MAX_FILE)
        if b"<!ENTITY" in source[:65536]:  # drawn as the decks draw it: entities expanded
            source = etree.tostring(parse_svg(source))
        cairosvg.svg2png(bytestring=source, output_width=16, unsafe=False)
    except Exception as error:  # CairoSVG raises whatever its parsing meets (ValueError, …)
        return f"CairoSVG: {_why(error)}"
    return None
