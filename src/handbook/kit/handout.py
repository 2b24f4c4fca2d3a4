"""The participants' handout: every slide of the course deck, three to a page, with ruled
lines for notes; chapters follow each other without a half-empty page between them, and a
glossary chapter's terms are one compact list in two columns.

Drawn in HTML and CSS from the planned slides (slideplan), never from screenshots. A slide is a
16:9 box; its text is measured with the font's metrics (textfit) and set as large as fits.
The trainer guide draws the same boxes, smaller.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2.sandbox import SandboxedEnvironment

from handbook import __version__
from handbook.book import templates
from handbook.errors import Collector
from handbook.model import Book, Chapter, DefinitionList, Part, Table, plain
from handbook.slides.points import in_columns
from handbook.slides.spec import Bullet, SlideSpec
from handbook.slides.tablefit import layout as table_layout
from handbook.slides.textfit import Box, LevelStyle, fitting_scale, line_height_em, wrapped_lines
from handbook.source.labels import labels_for
from handbook.source.theme import DEFAULTS, Theme

MM = 72 / 25.4  # points per millimetre
SLIDE_WIDTH_MM, SLIDE_HEIGHT_MM = 120.0, 67.5  # 16:9; the sizes are also in handout.css
PAD_X_MM, PAD_TOP_MM, PAD_BOTTOM_MM = 5.0, 4.0, 4.0
TITLE_PT, TITLE_MIN_PT, TITLE_GAP_PT = 13.5, 11.5, 5.0
BODY_PT, BODY_MIN_PT = 11.5, 8.0  # the slide's text: as large as fits, never below 8 pt
LINE = 1.25  # CSS line-height of slide text
BULLET_GAP_PT, SUB_GAP_PT = 2.5, 1.0  # space above a bullet, a sub-bullet
INDENT_PT, SUB_INDENT_PT = 10.0, 20.0
COLUMN_GAP_MM = 5.0
QR_COLUMN_MM = 17.0  # a further-reading slide's column of QR codes
TABLE_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5)
CELL_PAD_X_PT, CELL_PAD_Y_PT = 2.5, 1.8
# left out of the handout: the cover and the headings stand for the title, module and chapter
# slides; answers stay in the guide
SKIPPED = frozenset({"title", "part", "chapter", "answer"})
GLOSSARY_SLIDES = frozenset({"points"})  # a glossary's slides of terms: the list has them


@dataclass(frozen=True)
class Node:
    """A bullet with its sub-bullets, for nested lists."""

    bullet: Bullet
    children: tuple[Node, ...] = ()


@dataclass(frozen=True)
class SlideView:
    """A planned slide with what its drawing needs: sizes, columns, table widths."""

    spec: SlideSpec
    number: int  # its place in the chapter's deck
    title_pt: float
    body_pt: float
    body_height_mm: float
    columns: tuple[tuple[Node, ...], ...]
    table_widths: tuple[float, ...] = ()  # per cent
    links: tuple[str, ...] = ()  # further reading: the URLs, for QR codes


@dataclass(frozen=True)
class ChapterView:
    chapter: Chapter
    minutes: int
    slides: tuple[SlideView, ...]
    part: Part | None = None  # the module this chapter opens, if it opens one
    terms: tuple[tuple[str, DefinitionList], ...] = ()  # a glossary: (section, its terms)


def environment(theme: Theme) -> SandboxedEnvironment:
    """The templates: the project's styles/templates first, then the package's."""
    from handbook.links import qr_svg_uri, short_url

    env = templates.environment(theme)
    env.globals.update(qr=qr_svg_uri, short_url=short_url, version=__version__)
    return env


def stylesheets(theme: Theme, name: str) -> tuple[Path, ...]:
    """The package's `name` stylesheet, the drawing of a slide, then the project's own (brand
    colours win)."""
    return (DEFAULTS / name, DEFAULTS / "slide.css", *theme.stylesheets[1:])


def course_decks(book: Book, course: list[SlideSpec]) -> dict[str, list[SlideSpec]]:
    """The course deck's slides by chapter (file stem), each from its chapter slide on: the
    titles the course deck shows, numbered as in the chapter's own deck."""
    decks: dict[str, list[SlideSpec]] = {}
    chapters = iter(book.chapters)
    current: list[SlideSpec] | None = None
    for spec in course:
        if spec.kind == "chapter":
            current = decks.setdefault(next(chapters).stem, [])
        if current is not None and spec.kind not in ("title", "part"):
            current.append(spec)
    return decks


def chapter_views(book: Book, decks: dict[str, list[SlideSpec]],
                  skip: frozenset[str] = frozenset(), terms: bool = False) -> list[ChapterView]:
    """Each chapter with its planned slides (those not in `skip`) measured for drawing; with
    TERMS, a glossary chapter's terms as a list instead of their slides."""
    from handbook.slides.plan import classroom_minutes

    views, seen = [], set()
    for chapter in book.chapters:
        listed = terms and chapter.meta.glossary
        slides = tuple(slide_view(spec, number) for number, spec
                       in enumerate(decks.get(chapter.stem, ()), start=1)
                       if spec.kind not in skip and not (listed and spec.kind in GLOSSARY_SLIDES))
        minutes = chapter.meta.duration or classroom_minutes(chapter)
        part = book.part_of(chapter)
        opens = part if part is not None and part.number not in seen else None
        seen.add(part.number if part else None)
        views.append(ChapterView(chapter, minutes, slides, opens,
                                 glossary_terms(chapter) if listed else ()))
    return views


def glossary_terms(chapter: Chapter) -> tuple[tuple[str, DefinitionList], ...]:
    """A glossary's sections, each with its terms in one definition list."""
    found = []
    for section in chapter.sections:
        items = tuple(item for block in section.blocks if isinstance(block, DefinitionList)
                      for item in block.items)
        if items:
            found.append((section.title, DefinitionList(items)))
    return tuple(found)


def handout_html(book: Book, decks: dict[str, list[SlideSpec]], theme: Theme) -> str:
    """The handout as one HTML document (`handout.html.j2`)."""
    return templates.render(environment(theme), "handout.html.j2", meta=book.meta,
                            labels=labels_for(book.meta.language, book.root),
                            chapters=chapter_views(book, decks, SKIPPED, terms=True))


def render_handout(book: Book, decks: dict[str, list[SlideSpec]], theme: Theme,
                   problems: Collector) -> tuple[bytes, int]:
    """The handout PDF's bytes and page count."""
    from handbook.book.pdf import render_pdf

    return render_pdf(book, handout_html(book, decks, theme), theme, problems,
                      stylesheets=stylesheets(theme, "handout.css"))


# ------------------------------------------------------------------------------ measuring
def slide_view(spec: SlideSpec, number: int) -> SlideView:
    """Fit the slide's title and body into the handout's 16:9 box."""
    width = (SLIDE_WIDTH_MM - 2 * PAD_X_MM) * MM
    height = (SLIDE_HEIGHT_MM - PAD_TOP_MM - PAD_BOTTOM_MM) * MM
    title_pt = TITLE_PT
    if wrapped_lines(spec.title, width, TITLE_PT, bold=True) > 1:
        title_pt = TITLE_MIN_PT
    lines = wrapped_lines(spec.title, width, title_pt, bold=True)
    body = height - lines * title_pt * LINE - TITLE_GAP_PT
    shown = spec.shown  # bullets with their notes, sources and goals (designed slides)
    links = tuple(s.href for b in shown if b.level == 0 for s in b.spans[:1]
                  if spec.kind == "reading" and s.href and s.href.startswith("http"))
    text_width = width - (QR_COLUMN_MM * MM if links else 0)
    count = spec.columns  # the slide's points share its text boxes
    groups = in_columns(shown, count) if shown else []
    column_width = text_width / max(1, len(groups)) - (len(groups) > 1) * COLUMN_GAP_MM * MM
    body_pt = BODY_PT
    widths: tuple[float, ...] = ()
    if spec.table is not None:
        body_pt, widths = table_fit(spec.table, width, body)
    elif groups:
        body_pt = bullets_fit(groups, column_width, body)
    return SlideView(spec, number, title_pt, body_pt, round(body / MM, 1),
                     tuple(tree(group) for group in groups), widths, links)


def bullets_fit(groups: list[list[Bullet]], width_pt: float, height_pt: float) -> float:
    """The largest body size at which every column of bullets fits its box."""
    spacing = LINE / line_height_em()
    levels = {0: LevelStyle(BODY_PT, INDENT_PT, BULLET_GAP_PT, spacing),
              1: LevelStyle(BODY_PT * 0.92, SUB_INDENT_PT, SUB_GAP_PT, spacing)}
    box = Box(width_pt, height_pt, 0.0, 0.0)
    scales = [fitting_scale([(b.text, min(b.level, 1)) for b in group], box, levels,
                            BODY_MIN_PT) for group in groups]
    scale = min((s if s is not None else BODY_MIN_PT / BODY_PT for s in scales), default=1.0)
    return round(BODY_PT * scale, 2)


def table_fit(table: Table, width_pt: float, height_pt: float) -> tuple[float, tuple[float, ...]]:
    """The largest table text size that fits, and its column widths in per cent."""
    measured = table_layout(table, width_pt * 3)  # the slide's proportions
    total = sum(measured.widths)
    percent = tuple(round(100 * w / total, 2) for w in measured.widths)
    rows = [table.header, *table.rows]
    for size in TABLE_SIZES:
        used = 0.0
        for index, row in enumerate(rows):
            lines = max((wrapped_lines(plain(cell), width_pt * p / 100 - 2 * CELL_PAD_X_PT,
                                       size, bold=index == 0)
                         for cell, p in zip(row, percent, strict=False)), default=1)
            used += lines * size * LINE + 2 * CELL_PAD_Y_PT
        if used <= height_pt:
            return size, percent
    return TABLE_SIZES[-1], percent


def tree(bullets: list[Bullet]) -> tuple[Node, ...]:
    """Bullets with levels as nested nodes (a sub-bullet belongs to the bullet before it)."""
    nodes: list[Node] = []
    start = None
    for index, bullet in enumerate(bullets):
        if bullet.level == 0 or start is None:
            if start is not None:
                nodes.append(_node(bullets, start, index))
            start = index
    if start is not None:
        nodes.append(_node(bullets, start, len(bullets)))
    return tuple(nodes)


def _node(bullets: list[Bullet], start: int, end: int) -> Node:
    head = bullets[start]
    children = [Bullet(b.spans, b.level - 1) for b in bullets[start + 1 : end]]
    return Node(Bullet(head.spans, 0), tree(children))
