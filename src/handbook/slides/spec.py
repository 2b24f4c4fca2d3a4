"""What a planned slide is: its kind, title, bullets, table or picture and notes, and
the limits every slide keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from handbook.model import Block, Callout, Code, Image, Inline, Span, Table, inner_blocks, plain
from handbook.slides.pieces import Piece
from handbook.slides.textfit import Box, LevelStyle, fitting_scale
from handbook.source.dialects.kinds import ANSWER_KINDS, TRAINER_KINDS

if TYPE_CHECKING:
    from handbook.slides.geometry import LayoutInfo
    from handbook.slides.roles import TemplateInfo

MAX_BULLETS = 6  # per slide
MAX_WORDS = 70  # per slide body
MAX_POINT_WORDS = 28  # a point made from a paragraph or a long list item
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
TAB_KINDS = {"tab"}  # a tab of a tabset: a slide (or a few) of its own
NOTES_KINDS = TRAINER_KINDS | ANSWER_KINDS  # for the notes only: never on a slide
OWN_SLIDE_KINDS = QUESTION_KINDS | FURTHER_READING_KINDS | TAB_KINDS
# the template role each kind of slide is drawn on (deck.py); any other kind: "content"
KIND_ROLES = {"title": "title", "part": "title", "chapter": "section", "points": "content",
              "overview": "content", "answer": "content"}
DIVIDERS = ("title", "part", "chapter")  # no footer, no slide number; not content slides


def role_of(kind: str, designed: bool) -> str:
    """The role a slide of KIND is drawn on: designed slides draw in a title-only body."""
    return KIND_ROLES.get(kind, "title-only" if designed else "content")


def shown_blocks(blocks: tuple[Block, ...]):
    """Every block, those in boxes, quotes and list items too, but not a question's, a
    further-reading box's or a tab's (they have slides of their own), nor an answer's (it is
    in the notes only), nor what is for the trainer."""
    for block in blocks:
        if isinstance(block, Callout) and block.for_trainer:
            continue
        yield block
        if not (isinstance(block, Callout) and block.kind in OWN_SLIDE_KINDS | NOTES_KINDS):
            yield from shown_blocks(inner_blocks(block))


@dataclass(frozen=True)
class Bullet:
    spans: Inline
    level: int = 0
    note: str = ""  # what a designed slide shows beside it: minutes, a definition, an address

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
    layout: str | None = None  # a layout the author chose, by its key (roles.TemplateInfo)
    columns: int = 1  # text boxes the bullets are shared over
    # for the trainer (slides/talking.py): what to say, when, and where the full text is
    talking: tuple[str, ...] = ()  # two to four talking points, at the top of the notes
    minutes: int = 0  # the slide's share of its chapter's session
    start: int = 0  # minutes into the session when the slide comes up
    trainer: str = ""  # the text of its boxes for the trainer (`::: notes`, `!!! trainer`)
    anchor: str = ""  # id of the section it presents, in the handbook
    # designed slides (slides/compose.py): optional, so a plain SlideSpec is still a slide
    label: str = ""  # a question's label, a quote's source, a fact's meaning, what comes next
    caption: str = ""  # a figure's caption, shown under it
    first: int = 1  # the number of a numbered slide's first item (steps continued)
    pieces: tuple[Piece, ...] = ()  # the slide laid out: drawn as they are (slides/shapes.py)

    @property
    def designed(self) -> bool:
        return bool(self.pieces)

    @property
    def shown(self) -> tuple[Bullet, ...]:
        """What the slide says as a plain list (the handout, the guide): bullets with their
        notes (minutes, definitions), a quote's source, a fact's meaning, the agenda's goals
        under their heading."""
        found = [_with_note(b, self.kind) for b in self.bullets if not self._goal(b)]
        if self.kind == "fact" and self.label:
            found.append(Bullet((Span(self.label),), 1))
        elif self.kind == "quote" and self.label:
            found.append(Bullet((Span(f"– {self.label}"),), 1))
        goals = [b for b in self.bullets if self._goal(b)]
        if goals:
            found += [Bullet((Span(self.label, bold=True),)), *goals]
        return tuple(found)

    def _goal(self, bullet: Bullet) -> bool:
        return self.kind == "agenda" and bullet.level > 0


def _with_note(bullet: Bullet, kind: str) -> Bullet:
    if not bullet.note or kind not in ("agenda", "terms", "modules"):
        return bullet
    joint = ": " if kind == "terms" else " · "
    spans = tuple(s for s in bullet.spans if s.bold) if kind == "terms" else bullet.spans
    return Bullet((*spans, Span(joint + bullet.note)), bullet.level)


@dataclass(frozen=True)
class Geometry:
    """The text boxes of the template's layouts, as the planner needs them."""

    body: Box  # the content layout's body
    levels: dict[int, LevelStyle]
    title: Box
    title_style: LevelStyle
    table_rows: int = TABLE_ROWS_PER_SLIDE
    # layout key ("two-content") → (its first text box, how many text boxes it has)
    layouts: dict[str, tuple[Box, int]] = field(default_factory=dict)
    free: Box | None = None  # the title-only layout's free area (tables, figures)
    template: TemplateInfo | None = None  # every layout, and the one for each role

    def layout_key(self, wanted: str) -> str | None:
        """The key of the layout an author named (exact name, slug or role), or None."""
        if self.template is not None:
            found = self.template.find(wanted)
            return found.key if found is not None else None
        return wanted if wanted in self.layouts else None

    def role_key(self, role: str) -> str | None:
        return self.template.role(role).key if self.template is not None else None

    def info(self, key: str | None) -> LayoutInfo | None:
        return self.template.by_key(key) if self.template is not None and key else None

    def takes_picture(self, key: str | None) -> bool:
        """Whether the layout KEY has a picture placeholder (a section's figure goes there)."""
        info = self.info(key)
        return info is not None and bool(info.pictures)

    def chosen(self, wanted: str | None, title: str) -> tuple[str | None, list[str]]:
        """The key of the layout an author asked for on slide TITLE, if the template has a
        usable one, and what is wrong with the choice."""
        if wanted is None or (wanted in self.layouts and self.template is None):
            return wanted, []
        key = self.layout_key(wanted)
        if key is None:
            known = ", ".join(f"'{i.name}'" for i in self.template.layouts) \
                if self.template else ", ".join(sorted(self.layouts))
            return None, [f"no slide layout '{wanted}' for '{title}' (the template has "
                          f"{known}); using the standard one"]
        box = self.layouts[key][0]
        if fitting_scale([("Word", 0)], box, self.levels, MIN_BODY_PT) is None:
            return None, [f"slide layout '{wanted}' for '{title}' is too small for text "
                          f"({box.width_pt:.0f} × {box.height_pt:.0f} pt); using the "
                          "standard one"]
        info = self.info(key)
        missing = [what for what, has in (("title", info.has_title), ("text", info.texts))
                   if not has] if info is not None else []
        return key, [f"slide layout '{info.name}' for '{title}' has no {what} placeholder; "
                     f"the {what} is drawn in a text box" for what in missing]
