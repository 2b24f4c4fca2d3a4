"""What a planned slide is: its kind, title, bullets, table or picture and notes, and
the limits every slide keeps."""

from __future__ import annotations

from dataclasses import dataclass, field

from handbook.model import Block, Callout, Code, Image, Inline, Table, inner_blocks, plain
from handbook.slides.textfit import Box, LevelStyle

MAX_BULLETS = 6  # per slide
MAX_WORDS = 70  # per slide body
MAX_POINT_WORDS = 20  # a point made from a paragraph
MAX_TERM_WORDS = 30  # the first sentence of a glossary definition on a slide
MIN_BODY_PT = 18
MIN_TITLE_PT = 24
TABLE_ROWS_PER_SLIDE = 6
QR_COLUMN_PT = 150.0  # a further-reading slide's column of QR codes, one per link
QR_PER_COLUMN = 3
KEY_POINT_KINDS = {"summary", "abstract", "tldr"}
NOTES_ONLY_KINDS = {"note", "tip", "warning", "info", "important", "caution", "danger",
                    "attention", "hint", "error"}
QUESTION_KINDS = {"question", "exercise", "example", "discuss"}
FURTHER_READING_KINDS = {"more", "seealso", "further", "reading"}


def shown_blocks(blocks: tuple[Block, ...]):
    """Every block, those in boxes, quotes and list items too, but not a question's or a
    further-reading box's (they have slides of their own)."""
    for block in blocks:
        yield block
        if not (isinstance(block, Callout) and block.kind in QUESTION_KINDS
                | FURTHER_READING_KINDS):
            yield from shown_blocks(inner_blocks(block))


@dataclass(frozen=True)
class Bullet:
    spans: Inline
    level: int = 0

    @property
    def text(self) -> str:
        return plain(self.spans)

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class SlideSpec:
    kind: str  # title, part, chapter, overview, points, table, picture, question, reading, code
    title: str
    lines: tuple[str, ...] = ()  # subtitle lines of title, part and chapter slides
    bullets: tuple[Bullet, ...] = ()
    table: Table | None = None
    image: Image | None = None
    code: Code | None = None  # a code slide's lines (slides/code.py)
    notes: str = ""
    font_scale: float = 1.0
    title_scale: float = 1.0
    chapter: str | None = None  # title of the chapter a slide belongs to, for unique titles
    layout: str | None = None  # a layout the author chose, as a slug: "two-content"


@dataclass(frozen=True)
class Geometry:
    """The text boxes of the template's layouts, as the planner needs them."""

    body: Box
    levels: dict[int, LevelStyle]
    title: Box
    title_style: LevelStyle
    table_rows: int = TABLE_ROWS_PER_SLIDE
    # layout slug ("two-content") → (one text placeholder's box, how many it has)
    layouts: dict[str, tuple[Box, int]] = field(default_factory=dict)
