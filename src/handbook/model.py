"""The document model: book → chapters → sections → blocks. Pure data, no I/O.

The PDF renderer uses each chapter's HTML (Python-Markdown's own output of the same parse);
the deck renderer and the checks use these blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Span:
    """A run of inline text with its formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None


Inline = tuple[Span, ...]


def plain(spans: Inline) -> str:
    """The text of a run of spans, whitespace collapsed."""
    return " ".join("".join(s.text for s in spans).split())


@dataclass(frozen=True)
class Paragraph:
    spans: Inline


@dataclass(frozen=True)
class ListItem:
    spans: Inline
    children: tuple[ListBlock, ...] = ()
    blocks: tuple[Block, ...] = ()  # code, figures and boxes inside the item, in order


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    align: tuple[str | None, ...] = ()
    caption: str = ""
    number: str = ""  # "3.2": numbered in its chapter when it has a caption or a label
    id: str = ""


@dataclass(frozen=True)
class Image:
    path: Path  # resolved, inside the project
    alt: str
    caption: str
    source: str  # as written in the Markdown
    id: str = ""  # a label to refer to it by (MyST `:name:`, `{#fig-x}`), as written
    number: str = ""  # "2.1": numbered in its chapter when it has a caption or a label


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]


# boxes for the trainer alone (`::: notes`, `!!! trainer`, Carpentries' `::: instructor`):
# in the speaker notes and the trainer guide, never in the handbook or the handout
TRAINER_KINDS = frozenset({"notes", "trainer", "instructor"})


@dataclass(frozen=True)
class Callout:
    kind: str  # summary, tip, note, warning, question, more, …
    title: str
    blocks: tuple[Block, ...]

    @property
    def for_trainer(self) -> bool:
        return self.kind in TRAINER_KINDS


@dataclass(frozen=True)
class Code:
    text: str
    language: str | None = None  # as written after the fence: "python", "bash", "output"


@dataclass(frozen=True)
class Definition:
    term: Inline
    definitions: tuple[Inline, ...]


@dataclass(frozen=True)
class DefinitionList:
    items: tuple[Definition, ...]


@dataclass(frozen=True)
class Subheading:
    spans: Inline
    level: int = 3


Block = (
    Paragraph | ListBlock | Table | Image | Quote | Callout | Code | DefinitionList | Subheading
)


def inner_blocks(block: Block) -> tuple[Block, ...]:
    """The blocks a block holds: a box's or a quote's, and those inside a list's items."""
    if isinstance(block, Callout | Quote):
        return block.blocks
    if isinstance(block, ListBlock):
        found: list[Block] = []
        for item in block.items:
            found.extend(item.blocks)
            for child in item.children:
                found.extend(inner_blocks(child))
        return tuple(found)
    return ()


@dataclass(frozen=True)
class Section:
    """One `##` heading and everything up to the next one."""

    title: str
    anchor: str
    blocks: tuple[Block, ...]
    line: int | None = None
    layout: str | None = None  # `## Title {: .layout-two-content }` or `{: layout="Two Content" }`


@dataclass(frozen=True)
class ChapterMeta:
    title: str
    author: str | None = None
    summary: str | None = None
    part: str | None = None
    reading_time: int = 1  # minutes
    duration: int | None = None  # classroom minutes, if the author gave them
    goals: tuple[str, ...] = ()  # learning goals: the opener, the overview slide, the guide
    glossary: bool = False  # its definition lists define the book's terms


@dataclass(frozen=True)
class Answer:
    """The answer to a question callout: printed in the answer key, spoken from the notes."""

    question_id: str  # the question box's id in the book, e.g. what-is-ai--question-1
    question: str  # the question's text
    text: str  # the answer as plain text
    html: str = ""  # the answer as HTML, for the answer key


@dataclass(frozen=True)
class Chapter:
    number: int
    stem: str  # file name without .md, e.g. 01-what-is-ai
    slug: str  # id prefix in the book, e.g. what-is-ai
    path: Path
    meta: ChapterMeta
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]
    html: str  # Python-Markdown's HTML of the body, prepared for print
    word_count: int
    answers: tuple[Answer, ...] = ()
    terms: tuple[tuple[str, str], ...] = ()  # a glossary's (term, definition id)
    index: tuple[tuple[str, str], ...] = ()  # (index term, id of its first mark)
    ids: tuple[str, ...] = ()  # every id in the chapter's HTML: what links may point at
    uses: tuple[tuple[str, str, str], ...] = ()  # (glossary term, text as written, id): first uses

    @property
    def anchor(self) -> str:
        return f"chapter-{self.slug}"


@dataclass(frozen=True)
class PrintSettings:
    """How the PDF is laid out for printing: `[print]` in handbook.toml."""

    sides: str = "duplex"  # duplex: chapters open on right-hand pages; simplex: office printer
    bleed_mm: float = 0.0  # colour areas run this far past the trimmed page (print shop)
    crop_marks: bool = False  # trim marks outside the bleed

    @property
    def duplex(self) -> bool:
        return self.sides == "duplex"


@dataclass(frozen=True)
class BookMeta:
    title: str
    subtitle: str | None = None
    organisation: str | None = None
    author: str | None = None
    language: str = "en"
    version: str | None = None
    date: str | None = None
    part_label: str = "Part"
    edition: str | None = None  # e.g. "Second edition", on the title page and the imprint
    licence: str | None = None  # e.g. "CC BY 4.0", on the imprint
    contact: str | None = None  # e.g. an e-mail address, on the imprint
    authors: tuple[str, ...] = ()
    paper: str = "A4"
    logo: Path | None = None  # resolved, inside the project
    template: Path | None = None  # a slide template chosen in handbook.toml
    outputs: tuple[str, ...] = ("pdf", "slides", "chapter-slides")
    chapters: tuple[str, ...] = ()  # chapter file names, in the order to use
    colours: tuple[tuple[str, str], ...] = ()  # (name, "RRGGBB") overrides
    fonts: tuple[tuple[str, str], ...] = ()  # (role, family) overrides
    answer_slides: bool = False  # a question's answer on the next slide, not only in the notes
    slide_level: int = 2  # the heading level that starts a section, and so its slides
    layouts: tuple[tuple[str, str], ...] = ()  # (role, layout name) from [layouts]
    printing: PrintSettings = PrintSettings()
    copyright: str | None = None  # e.g. "© 2026 Example University", from mkdocs.yml or here

    @property
    def byline(self) -> str | None:
        """Who the PDF and decks name as author."""
        return self.author or (", ".join(self.authors) if self.authors else None) \
            or self.organisation


@dataclass(frozen=True)
class Part:
    number: int
    title: str
    chapters: tuple[Chapter, ...]


@dataclass(frozen=True)
class Book:
    meta: BookMeta
    chapters: tuple[Chapter, ...]
    root: Path
    warnings: tuple[str, ...] = field(default=())

    def parts(self) -> list[Part | Chapter]:
        """Chapters in order, consecutive chapters of one `part` grouped into a Part."""
        grouped: list[Part | Chapter] = []
        for chapter in self.chapters:
            name = chapter.meta.part
            last = grouped[-1] if grouped else None
            if name is None:
                grouped.append(chapter)
            elif isinstance(last, Part) and last.title == name:
                grouped[-1] = Part(last.number, name, (*last.chapters, chapter))
            else:
                number = 1 + sum(isinstance(g, Part) for g in grouped)
                grouped.append(Part(number, name, (chapter,)))
        return grouped

    def part_of(self, chapter: Chapter) -> Part | None:
        for entry in self.parts():
            if isinstance(entry, Part) and chapter in entry.chapters:
                return entry
        return None
