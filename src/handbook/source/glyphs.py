"""Characters no font can print: found before the build, reported at their line.

The PDF uses only the fonts in `defaults/fonts/` (and those a project puts in `styles/`), so a
character none of them has prints as an empty box. Their character maps are read once with
fontTools; each chapter's text is compared with their union.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from handbook.source.theme import DEFAULTS

FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
# joiners, variation selectors and other invisible marks shape glyphs; they are not printed
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me", "Cs"}


def font_files(root: Path | None) -> tuple[Path, ...]:
    found = sorted((DEFAULTS / "fonts").iterdir())
    styles = root / "styles" if root is not None else None
    if styles is not None and styles.is_dir():
        found += sorted(p for p in styles.rglob("*") if p.suffix.lower() in FONT_SUFFIXES)
    return tuple(p for p in found if p.suffix.lower() in FONT_SUFFIXES)


@lru_cache(maxsize=8)
def covered(files: tuple[Path, ...]) -> frozenset[int]:
    """Every code point one of FILES has a glyph for."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for path in files:
        try:
            with TTFont(str(path), lazy=True) as font:
                points.update(font.getBestCmap() or {})
        except Exception:  # a damaged or unusual font file covers nothing we can tell
            continue
    return frozenset(points)


def missing(text: str, root: Path | None = None) -> list[str]:
    """The characters of TEXT that no font has, in order of first use."""
    have = covered(font_files(root))
    seen: dict[str, None] = {}
    for char in text:
        if char not in seen and _unprintable(char, have):
            seen[char] = None
    return list(seen)


def _unprintable(char: str, have: frozenset[int]) -> bool:
    """No font has CHAR, and it is a character that prints (not a joiner or a space)."""
    return ord(char) not in have and unicodedata.category(char) not in _INVISIBLE


EMPTY_BOX = "\u25a1"  # WHITE SQUARE, in Carlito and DejaVu Sans Mono


def boxed(text: str, root: Path | None = None) -> str:
    """TEXT with each character no font has replaced by an empty box.

    Left to WeasyPrint, such a character gives its font a custom encoding that several PDF
    readers (pypdf among them) cannot turn back into text, so the whole font's text is lost to
    search and copying; the box prints the same and keeps the encoding plain.
    """
    have = covered(font_files(root))
    for char in set(text):  # distinct characters: fast on a whole book
        if _unprintable(char, have):
            text = text.replace(char, EMPTY_BOX)
    return text


def report_missing(text: str, root: Path | None, line_of: Callable[[str], int | None],
                   warn: Callable[[int | None, str], None]) -> None:
    for char in missing(text, root):
        name = unicodedata.name(char, "unnamed character")
        warn(line_of(char), f"no font of the book has '{char}' (U+{ord(char):04X} {name}); "
             "it prints as an empty box: add a font that has it to styles/ with @font-face")
