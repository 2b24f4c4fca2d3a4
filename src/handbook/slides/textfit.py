"""Measure how text wraps in a slide's text box, with the metrics of the real font.

Decks use the theme font Calibri, which presenters' machines have; Carlito (shipped in
defaults/fonts) has the same metrics, so its widths decide at build time whether text fits.
Word widths are cached: measuring a deck costs milliseconds, not python-pptx's `fit_text`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from handbook.source.theme import DEFAULTS

REFERENCE_SIZE = 200  # px at which widths are measured, then scaled linearly
EMU_PER_PT = 12700
TOO_MANY_LINES = 10_000  # what a box with no room for text "takes"
WIDTH_SAFETY = 0.96  # leave room for kerning, bold runs and renderer differences


@lru_cache(maxsize=4)
def _font(bold: bool):
    from PIL import ImageFont

    name = "Carlito-Bold.ttf" if bold else "Carlito-Regular.ttf"
    return ImageFont.truetype(str(DEFAULTS / "fonts" / name), REFERENCE_SIZE)


@lru_cache(maxsize=50_000)
def _width_em(word: str, bold: bool) -> float:
    """Width of `word` in ems (multiples of the font size)."""
    return _font(bold).getlength(word) / REFERENCE_SIZE


@lru_cache(maxsize=2)
def line_height_em(bold: bool = False) -> float:
    """Single line spacing of the font, in ems: ascent, descent and line gap, as PowerPoint
    and LibreOffice space lines (1.22 for Calibri and Carlito)."""
    return _font(bold).font.height / REFERENCE_SIZE


def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    words = text.split()
    if not words:
        return 0.0
    space = _width_em(" ", bold)
    return size_pt * (sum(_width_em(w, bold) for w in words) + space * (len(words) - 1))


def wrapped_lines(text: str, width_pt: float, size_pt: float, bold: bool = False) -> int:
    """How many lines `text` takes when wrapped at word boundaries into `width_pt`."""
    return run_lines([(word, bold) for word in text.split()], width_pt, size_pt)


def run_lines(words: list[tuple[str, bool]], width_pt: float, size_pt: float) -> int:
    """How many lines (word, bold?) pairs take wrapped into `width_pt`: a bold lead-in and the
    plain text after it, each word measured in its own weight."""
    if not words:
        return 1
    limit = width_pt * WIDTH_SAFETY / size_pt
    if limit <= 0:
        return TOO_MANY_LINES
    lines, used = 1, 0.0
    for word, bold in words:
        width = _width_em(word, bold)
        if used == 0.0:
            used = width
        elif used + _width_em(" ", bold) + width <= limit:
            used += _width_em(" ", bold) + width
        else:
            lines += 1
            used = width
        if used > limit:
            extra = math.ceil(used / limit) - 1
            lines += extra
            used -= extra * limit
    return lines


@dataclass(frozen=True)
class LevelStyle:
    """How a paragraph level is set in the text box (from the slide template)."""

    size_pt: float
    indent_pt: float = 0.0  # left margin of the text (bullet hanging before it)
    space_before_pt: float = 0.0
    line_spacing: float = 1.0  # multiple of single spacing
    bold: bool = False


@dataclass(frozen=True)
class Box:
    width_pt: float
    height_pt: float
    inset_x_pt: float = 7.2  # PowerPoint's default 0.1 in left and right
    inset_y_pt: float = 3.6  # and 0.05 in top and bottom

    @property
    def text_width(self) -> float:
        return self.width_pt - 2 * self.inset_x_pt

    @property
    def text_height(self) -> float:
        return self.height_pt - 2 * self.inset_y_pt


def text_height_pt(paragraphs: list[tuple[str, int]], box: Box, levels: dict[int, LevelStyle],
                   scale: float = 1.0) -> float:
    """Height of paragraphs (text, level) set at `scale` × their level's size."""
    total = 0.0
    for index, (text, level) in enumerate(paragraphs):
        style = levels.get(level) or levels[max(levels)]
        size = style.size_pt * scale
        lines = wrapped_lines(text, box.text_width - style.indent_pt, size, style.bold)
        if index:
            total += style.space_before_pt
        total += lines * size * line_height_em(style.bold) * style.line_spacing
    return total


def fitting_scale(paragraphs: list[tuple[str, int]], box: Box, levels: dict[int, LevelStyle],
                  min_size_pt: float) -> float | None:
    """The largest font scale (≤ 1, in steps of 2.5 %) at which the text fits, or None.

    No paragraph may be set smaller than `min_size_pt`.
    """
    if not paragraphs:
        return 1.0
    smallest = min((levels.get(lv) or levels[max(levels)]).size_pt for _, lv in paragraphs)
    floor = min(1.0, min_size_pt / smallest)
    scale = 1.0
    while scale >= floor - 1e-9:
        if text_height_pt(paragraphs, box, levels, scale) <= box.text_height:
            return scale
        scale = math.floor((scale - 0.025) * 1000 + 0.5) / 1000
    return None
