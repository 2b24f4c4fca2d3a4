"""A designed slide as data: positioned pieces of text and shape in the theme's colours.

The composer (`compose.py`) lays a slide out as pieces, measured with the font's metrics; the
deck draws them as native PowerPoint shapes (`shapes.py`), the handout and the preview as HTML,
so all of them show one geometry. Pure: no python-pptx here.

Colours are strings: a theme slot ("accent1", "tx1", "bg1", …), a slot with a share of it
("accent1:20", the rest white: PowerPoint's "lighter 80 %"), or hex ("#1B3A5C").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from handbook.model import Image, Table
from handbook.slides.geometry import Rect
from handbook.slides.textfit import EMU_PER_PT, line_height_em, run_lines

MONO_EM = 0.6  # advance of a monospace glyph (slides/code.py)
MONO_LINE = 1.2


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    mono: bool = False
    colour: str | None = None  # else the piece's colour


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    size: float  # pt; in a placeholder: None-like 0 means "the placeholder's own size"
    align: str = "l"  # l, ctr, r
    bullet: str = ""  # a bullet character, or "" for none
    indent: float = 0.0  # pt: the text's left margin (a bullet hangs in it)
    before: float = 0.0  # pt of space above (not above the first paragraph)
    line: float = 1.0  # line spacing, a multiple of single
    level: int = 0  # outline level (placeholders)

    @property
    def text(self) -> str:
        return " ".join("".join(r.text for r in self.runs).split())


@dataclass(frozen=True)
class Piece:
    """One shape on the slide: text, a filled shape with text, a rule, a picture, a table or
    a QR code; drawn in list order, which is the reading order after the title."""

    role: str  # card, badge, text, rule, picture, caption, qr, table, code, body, …
    rect: Rect  # EMU
    paras: tuple[Para, ...] = ()
    shape: str = "text"  # text (no fill), rect, roundRect, ellipse
    fill: str | None = None
    line: str | None = None  # outline colour
    colour: str | None = None  # text colour
    anchor: str = "t"  # t, ctr, b
    inset: float | tuple[float, float, float, float] = 0.0  # pt inside: all, or l, t, r, b
    decorative: bool = False  # screen readers skip it
    name: str = ""
    placeholder: int | None = None  # fill the layout's INDEXth text placeholder instead
    scale: float = 1.0  # a placeholder's font scale (normAutofit)
    image: Image | None = None
    table: Table | None = None
    widths: tuple[int, ...] = ()  # a table's columns, EMU
    heights: tuple[int, ...] = ()  # and rows
    link: str | None = None  # a QR code's address

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras)

    @property
    def margins(self) -> tuple[float, float, float, float]:
        """The padding inside (left, top, right, bottom), in points."""
        if isinstance(self.inset, tuple):
            return self.inset
        return (self.inset,) * 4


# ------------------------------------------------------------------------------ measuring
def emu(points: float) -> int:
    return round(points * EMU_PER_PT)


def pt(value: int) -> float:
    return value / EMU_PER_PT


def para_height(para: Para, width_pt: float) -> float:
    """Height of a paragraph set in a column WIDTH_PT wide."""
    width = width_pt - para.indent
    if any(r.mono for r in para.runs):
        chars = max(1, int(width / (para.size * MONO_EM)))
        text = "".join(r.text for r in para.runs)
        rows = max(1, math.ceil(len(text) / chars))
        return rows * para.size * MONO_LINE * para.line
    words = [(word, run.bold) for run in para.runs for word in run.text.split()]
    bold = bool(words) and all(b for _, b in words)
    lines = run_lines(words, width, para.size)
    return lines * para.size * line_height_em(bold) * para.line


def height(paras: Iterable[Para], width_pt: float) -> float:
    total = 0.0
    for index, para in enumerate(paras):
        total += (para.before if index else 0.0) + para_height(para, width_pt)
    return total


def sizes(largest: float, smallest: float, step: float = 1.0) -> list[float]:
    count = round((largest - smallest) / step)
    return [largest - i * step for i in range(count + 1)]


def fit(make: Callable[[float], tuple[Para, ...]], width_pt: float, height_pt: float,
        largest: float, smallest: float) -> tuple[Para, ...] | None:
    """The paragraphs MAKE gives at the largest size (in 1 pt steps, down to SMALLEST) that
    fit WIDTH_PT × HEIGHT_PT; None if none does."""
    for size in sizes(largest, smallest):
        paras = make(size)
        if height(paras, width_pt) <= height_pt:
            return paras
    return None


def text_para(text: str, size: float, bold: bool = False, **style) -> Para:
    return Para((Run(text, bold=bold),), size, **style)


def smallest_size(pieces: Iterable[Piece]) -> float:
    """The smallest type on a slide's pieces (placeholders: their size × scale)."""
    found = [p.size * (piece.scale if piece.placeholder is not None else 1.0)
             for piece in pieces for p in piece.paras if p.size and p.text]
    return min(found, default=0.0)
