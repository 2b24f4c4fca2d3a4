"""Check the images chapters reference: inside the project, found, of a known type, readable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from handbook.errors import Collector
from handbook.source.paths import RASTER, VECTOR, inside


class ImageChecker:
    """Resolves image references once, reporting each problem with the chapter's line."""

    def __init__(self, root: Path, problems: Collector):
        self.root = root
        self.problems = problems
        self._valid: dict[Path, bool] = {}

    def resolver(self, chapter: Path,
                 line_of: Callable[[str], int | None]) -> Callable[[str], Path | None]:
        reported: dict[str, Path | None] = {}

        def resolve(source: str) -> Path | None:
            if source not in reported:
                reported[source] = self._resolve(source, chapter, line_of(f"({source}") or
                                                 line_of(source))
            return reported[source]

        return resolve

    def _resolve(self, source: str, chapter: Path, line: int | None) -> Path | None:
        parts = urlsplit(source)
        if parts.scheme or parts.netloc or source.startswith("/"):
            self.problems.error(chapter, line, f"image '{source}' is not a file in the project; "
                                "put it in content/images/ and use a relative path")
            return None
        path = (chapter.parent / unquote(parts.path)).resolve()
        if not inside(path, self.root):
            self.problems.error(chapter, line, f"image '{source}' is outside the project folder")
            return None
        if not path.is_file():
            self.problems.error(chapter, line, f"image '{source}' not found (looked for "
                                f"{path.relative_to(self.root)})")
            return None
        if path.suffix.lower() not in RASTER | VECTOR:
            self.problems.error(chapter, line, f"image '{source}' has an unsupported type; use "
                                "PNG, JPEG, GIF, WebP or SVG")
            return None
        if not self._readable(path):
            self.problems.error(chapter, line, f"image '{source}' is not a readable image")
            return None
        return path

    def _readable(self, path: Path) -> bool:
        if path not in self._valid:
            self._valid[path] = _is_svg(path) if path.suffix.lower() in VECTOR else _is_raster(path)
        return self._valid[path]


def _is_raster(path: Path) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        return False
    return True


def _is_svg(path: Path) -> bool:
    import xml.etree.ElementTree as etree

    try:
        root = etree.parse(path).getroot()
    except (etree.ParseError, OSError):
        return False
    return root.tag.endswith("svg")
