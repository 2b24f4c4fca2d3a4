"""Plan the slides of a deck from the document model: what goes on each slide and in its notes.

Pure: no python-pptx here. Text is measured (textfit) so that every body fits its box at
18 pt or more; what does not fit continues on a next slide titled "… (2/3)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from handbook import plaintext as notes_text
from handbook.links import short_url
from handbook.model import (
    Block,
    Book,
    Callout,
    Chapter,
    DefinitionList,
    Image,
    Inline,
    ListBlock,
    Paragraph,
    Part,
    Section,
    Span,
    Table,
    plain,
)
from handbook.slides.tablefit import split_rows
from handbook.slides.textfit import Box, LevelStyle, fitting_scale
from handbook.source.labels import labels_for

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
    kind: str  # title, part, chapter, overview, points, table, picture, question, reading
    title: str
    lines: tuple[str, ...] = ()  # subtitle lines of title, part and chapter slides
    bullets: tuple[Bullet, ...] = ()
    table: Table | None = None
    image: Image | None = None
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


@dataclass
class Planner:
    geometry: Geometry
    language: str = "en"
    root: Path | None = None  # the project, whose styles/languages may add words
    warnings: list[str] = field(default_factory=list)
    _layout: str | None = None  # the author's layout while a section's points are planned
    answer_slides: bool = False
    _narrow: float = 0.0  # points taken from the body's width (the QR codes' column)
    _max_top: int = MAX_BULLETS  # bullets a slide may hold (fewer beside QR codes)

    @property
    def labels(self) -> dict[str, str]:
        return labels_for(self.language, self.root)

    # decks -------------------------------------------------------------------------
    def course(self, book: Book) -> list[SlideSpec]:
        meta = book.meta
        self.root = self.root or book.root
        self.answer_slides = book.meta.answer_slides
        edition = _join(" · ", meta.organisation, _edition(meta, self.labels))
        lines = tuple(x for x in (meta.subtitle, edition) if x)
        slides = [SlideSpec("title", meta.title, lines, notes=meta.subtitle or "")]
        for entry in book.parts():
            chapters = entry.chapters if isinstance(entry, Part) else (entry,)
            if isinstance(entry, Part):
                slides.append(self.part_divider(entry, book.meta.part_label))
            for chapter in chapters:
                slides.extend(self.chapter(chapter))
        return [self._fit_title(s) for s in unique_titles(slides, self.labels)]

    def chapter_deck(self, chapter: Chapter) -> list[SlideSpec]:
        slides = unique_titles(self.chapter(chapter), self.labels)
        return [self._fit_title(s) for s in slides]

    def part_divider(self, part: Part, label: str) -> SlideSpec:
        titles = [f"{c.number}. {c.meta.title}" for c in part.chapters]
        return SlideSpec("part", part.title, (f"{label} {part.number}",),
                         notes="\n".join(titles))

    def chapter(self, chapter: Chapter) -> list[SlideSpec]:
        meta, labels = chapter.meta, self.labels
        minutes = meta.duration or classroom_minutes(chapter)
        info = _join(" · ", meta.author, f"{minutes} {labels['session']}")
        divider = SlideSpec("chapter", meta.title, (f"{labels['chapter']} {chapter.number}", info),
                            notes=meta.summary or "")
        slides = [divider]
        if chapter.sections:
            overview = [Bullet((Span(s.title),)) for s in chapter.sections]
            layout = None
            if meta.goals:  # topics and goals side by side where the template allows
                overview = [Bullet((Span(labels["topics"], bold=True),)),
                            *(Bullet(b.spans, 1) for b in overview),
                            Bullet((Span(labels["goals"], bold=True),)),
                            *(Bullet((Span(goal),), 1) for goal in meta.goals)]
                layout = "two-content" if "two-content" in self.geometry.layouts else None
            title = f"{labels['chapter']} {chapter.number} {labels['overview']}"
            intro = notes_text.blocks_text(chapter.intro)
            slides += self.points(title, overview, intro, "overview", layout)
        elif chapter.intro:
            slides = [replace(divider, notes=_join("\n\n", divider.notes,
                                                   notes_text.blocks_text(chapter.intro)))]
        slides.extend(self.extras(chapter.intro, meta.title))
        for section in chapter.sections:
            slides.extend(self.section(section))
        return [replace(s, chapter=meta.title) for s in slides]

    # sections ----------------------------------------------------------------------
    def section(self, section: Section) -> list[SlideSpec]:
        full_notes = notes_text.blocks_text(section.blocks)
        slides = self.points(section.title, key_points(section.blocks), full_notes, "points",
                             section.layout)
        return numbered(slides + self.extras(section.blocks, section.title), section.title)

    def extras(self, blocks: tuple[Block, ...], title: str) -> list[SlideSpec]:
        """Slides of their own for figures, tables, questions and further reading."""
        slides: list[SlideSpec] = []
        for block in _walk(blocks):
            if isinstance(block, Image):
                slides.append(self.picture(block))
            elif isinstance(block, Table):
                slides.extend(self.tables(title, block))
            elif isinstance(block, Callout) and block.kind in QUESTION_KINDS:
                slides.extend(self.question(block, title))
            elif isinstance(block, Callout) and block.kind in FURTHER_READING_KINDS:
                slides.extend(self.reading(block))
        return slides

    def points(self, title: str, bullets: list[Bullet], notes: str, kind: str,
               layout: str | None = None) -> list[SlideSpec]:
        """One or more slides of bullets, split so that each fits and stays within limits."""
        if layout is not None and layout not in self.geometry.layouts:
            known = ", ".join(sorted(self.geometry.layouts))
            self.warnings.append(f"no slide layout 'layout-{layout}' for '{title}' (known: "
                                 f"{known}); using the standard one")
            layout = None
        if not bullets:
            return [SlideSpec(kind, title, notes=notes, layout=layout)]
        self._layout = layout
        chunks = self._split(_units(bullets))
        slides = []
        for index, chunk in enumerate(chunks, start=1):
            numbered = f"{title} ({index}/{len(chunks)})" if len(chunks) > 1 else title
            scale = self._scale(chunk) or 1.0
            slide_notes = notes if index == 1 else _continued(chunk, self.labels)
            slides.append(SlideSpec(kind, numbered, bullets=tuple(chunk), notes=slide_notes,
                                    font_scale=scale, layout=layout))
        self._layout = None
        return slides

    def question(self, callout: Callout, title: str) -> list[SlideSpec]:
        """A question's own slide; its answer in the notes, or next, if the book says so."""
        answer = next((b for b in callout.blocks if isinstance(b, Callout)
                       and b.kind == "answer"), None)
        slides = self.points(callout.title or title,
                             _paragraph_points(callout.blocks, whole=True),
                             notes_text.blocks_text(callout.blocks), "question")
        if answer is not None and self.answer_slides:
            slides += self.points(answer.title or self.labels["answer"],
                                  _paragraph_points(answer.blocks, whole=True),
                                  notes_text.blocks_text(answer.blocks), "answer")
        return slides

    def picture(self, image: Image) -> SlideSpec:
        title = image.caption or image.alt or image.path.stem
        title = re.sub(r"^(Figure|Fig\.|Figuur|Afbeelding)\s*\d+[.:]?\s*", "", title) or title
        notes = _join("\n\n", image.caption, image.alt and f"({image.alt})")
        return SlideSpec("picture", title, image=image, notes=notes)

    def tables(self, title: str, table: Table) -> list[SlideSpec]:
        body = self.geometry.body
        groups = split_rows(table, body.width_pt, body.height_pt, self.geometry.table_rows)
        slides = []
        for index, part in enumerate(groups, start=1):
            numbered = f"{title} ({index}/{len(groups)})" if len(groups) > 1 else title
            slides.append(SlideSpec("table", numbered, table=part,
                                    notes=notes_text.table_text(part)))
        return slides

    def reading(self, callout: Callout) -> list[SlideSpec]:
        bullets: list[Bullet] = []
        for block in callout.blocks:
            if isinstance(block, ListBlock):
                for item in block.items:
                    bullets.extend(_reading_bullets(item.spans))
            elif isinstance(block, Paragraph):
                continue  # an introduction line: notes only
        title = callout.title or self.labels["more"]
        self._narrow, self._max_top = QR_COLUMN_PT, QR_PER_COLUMN  # a column of QR codes
        try:
            return self.points(title, bullets, notes_text.blocks_text(callout.blocks),
                               "reading")
        finally:
            self._narrow, self._max_top = 0.0, MAX_BULLETS

    # fitting -----------------------------------------------------------------------
    def _scale(self, bullets: list[Bullet]) -> float | None:
        """The font scale at which the bullets fit (each column of a multi-column layout)."""
        box, columns = self.geometry.body, 1
        if self._layout is not None:
            box, columns = self.geometry.layouts[self._layout]
        if self._narrow:
            box = replace(box, width_pt=box.width_pt - self._narrow)
        scales = [fitting_scale([(b.text, b.level) for b in group], box, self.geometry.levels,
                                MIN_BODY_PT) for group in in_columns(bullets, columns)]
        return None if None in scales else min(scales, default=1.0)

    def _fits(self, bullets: list[Bullet]) -> bool:
        words = sum(b.words for b in bullets)
        return (top_level(bullets) <= self._max_top and words <= MAX_WORDS
                and self._scale(bullets) is not None)

    def _split(self, units: list[list[Bullet]]) -> list[list[Bullet]]:
        """Greedy split into fitting slides, then evened out over the same number of slides."""
        greedy = self._greedy(units, len(units))
        if len(greedy) > 1:
            per = -(-len(units) // len(greedy))
            balanced = self._greedy(units, per)
            if len(balanced) == len(greedy):
                return balanced
        return greedy

    def _greedy(self, units: list[list[Bullet]], max_units: int) -> list[list[Bullet]]:
        chunks: list[list[Bullet]] = []
        current: list[Bullet] = []
        count = 0
        for unit in units:
            if current and (count >= max_units or not self._fits(current + unit)):
                chunks.append(current)
                current, count = [], 0
            if not self._fits(unit):
                unit = self._shorten(unit)
            current = current + unit
            count += 1
        if current:
            chunks.append(current)
        return chunks

    def _shorten(self, unit: list[Bullet]) -> list[Bullet]:
        """A bullet (with its sub-bullets) too big for a slide of its own: trim it."""
        trimmed = [Bullet((Span(_first_words(b.text, MAX_POINT_WORDS)),), b.level)
                   for b in unit[:MAX_BULLETS]]
        while len(trimmed) > 1 and not self._fits(trimmed):
            trimmed.pop()
        if not self._fits(trimmed):
            self.warnings.append(f"slide text cut short to fit: {trimmed[0].text[:40]}")
            trimmed = [Bullet((Span(_first_words(trimmed[0].text, 8)),), trimmed[0].level)]
        return trimmed

    def _fit_title(self, slide: SlideSpec) -> SlideSpec:
        if slide.kind in ("title", "part", "chapter"):
            return slide
        scale = fitting_scale([(slide.title, 0)], self.geometry.title,
                              {0: self.geometry.title_style}, MIN_TITLE_PT)
        return replace(slide, title_scale=scale or MIN_TITLE_PT / self.geometry.title_style.size_pt)


# ------------------------------------------------------------------------------- helpers
def numbered(slides: list[SlideSpec], title: str) -> list[SlideSpec]:
    """Number a section's bullet and table slides as one sequence: "Title (2/3)"."""
    own = [i for i, s in enumerate(slides) if s.kind in ("points", "table")
           and re.sub(r" \(\d+/\d+\)$", "", s.title) == title]
    if len(own) < 2:
        return slides
    result = list(slides)
    for position, index in enumerate(own, start=1):
        result[index] = replace(slides[index], title=f"{title} ({position}/{len(own)})")
    return result


def unique_titles(slides: list[SlideSpec], labels: dict[str, str]) -> list[SlideSpec]:
    """Every slide title unique: repeats get their chapter, then a running number."""
    def repeated(items: list[SlideSpec]) -> set[str]:
        seen: dict[str, int] = {}
        for slide in items:
            seen[slide.title] = seen.get(slide.title, 0) + 1
        return {title for title, count in seen.items() if count > 1}

    twice = repeated(slides)
    slides = [replace(s, title=f"{s.title} – {s.chapter}")
              if s.title in twice and s.chapter and s.kind != "chapter" else s
              for s in slides]
    counts: dict[str, int] = {}
    result = []
    for slide in slides:
        counts[slide.title] = counts.get(slide.title, 0) + 1
        if counts[slide.title] > 1:
            slide = replace(slide, title=f"{slide.title} ({counts[slide.title]})")
        result.append(slide)
    return result


def classroom_minutes(chapter: Chapter) -> int:
    """A session length when the author gave none: twice the reading time, in 5-minute steps."""
    return max(10, 5 * -(-2 * chapter.meta.reading_time // 5))


def key_points(blocks: tuple[Block, ...]) -> list[Bullet]:
    """The "In short" bullets, else the section's lists, else a short point per paragraph."""
    for block in blocks:
        if isinstance(block, Callout) and block.kind in KEY_POINT_KINDS:
            found = _list_bullets(block.blocks) or _paragraph_points(block.blocks)
            if found:
                return found
    lists = _list_bullets(blocks)
    terms = [_term_bullet(d) for b in blocks if isinstance(b, DefinitionList) for d in b.items]
    if lists or terms:
        return lists + terms
    return _paragraph_points(blocks)


def in_columns(bullets: list[Bullet] | tuple[Bullet, ...], columns: int) -> list[list[Bullet]]:
    """Share bullets (with their sub-points) out over columns, the first ones fullest."""
    units = _units(list(bullets))
    per = -(-len(units) // max(1, columns)) if units else 0
    groups = [units[i : i + per] for i in range(0, len(units), per)] if per else []
    return [[b for unit in group for b in unit] for group in groups] or [[]]


def top_level(bullets: list[Bullet] | tuple[Bullet, ...]) -> int:
    """Bullets that count towards the limit: sub-points belong to their parent."""
    return sum(1 for b in bullets if b.level == 0)


def _term_bullet(definition) -> Bullet:
    """A glossary entry as 'Term: the first words of its definition'."""
    term = tuple(Span(s.text, bold=True) for s in definition.term)
    if not definition.definitions:
        return Bullet(term)
    meaning = _first_sentence(plain(definition.definitions[0]), MAX_TERM_WORDS)
    return Bullet((*term, Span(": " + meaning)))


def _list_bullets(blocks: tuple[Block, ...]) -> list[Bullet]:
    bullets: list[Bullet] = []
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                bullets.append(_short_bullet(item.spans, 0))
                for child in item.children:
                    bullets.extend(_short_bullet(sub.spans, 1) for sub in child.items)
    return bullets


def _short_bullet(spans: Inline, level: int) -> Bullet:
    text = plain(spans)
    if len(text.split()) <= MAX_POINT_WORDS + 5:
        return Bullet(spans, level)
    return Bullet((Span(_first_sentence(text)),), level)


def _paragraph_points(blocks: tuple[Block, ...], whole: bool = False) -> list[Bullet]:
    points = []
    for block in blocks:
        if isinstance(block, Paragraph):
            text = plain(block.spans)
            points.append(Bullet(block.spans if whole and len(text.split()) <= MAX_WORDS
                                 else (Span(_first_sentence(text)),)))
        elif isinstance(block, ListBlock) and whole:
            points.extend(_list_bullets((block,)))
    return points


def _reading_bullets(spans: Inline) -> list[Bullet]:
    link = next((s for s in spans if s.href), None)
    if link is None:
        return [_short_bullet(spans, 0)]
    linked = tuple(s for s in spans if s.href == link.href)
    return [Bullet(linked, 0), Bullet((Span(short_url(link.href or "")),), 1)]


def _first_sentence(text: str, limit: int = MAX_POINT_WORDS) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    return _first_words(sentence, limit)


def _first_words(text: str, count: int) -> str:
    words = text.split()
    if len(words) <= count:
        return text
    return " ".join(words[:count]).rstrip(",;:") + " …"


def _units(bullets: list[Bullet]) -> list[list[Bullet]]:
    """Group each top-level bullet with its sub-bullets: they move to a slide together."""
    units: list[list[Bullet]] = []
    for bullet in bullets:
        if bullet.level > 0 and units:
            units[-1].append(bullet)
        else:
            units.append([bullet])
    return units


def _walk(blocks: tuple[Block, ...]):
    for block in blocks:
        yield block
        if isinstance(block, Callout) and block.kind not in QUESTION_KINDS | FURTHER_READING_KINDS:
            yield from _walk(block.blocks)


def _continued(bullets: list[Bullet], labels: dict[str, str]) -> str:
    points = "\n".join(f"- {b.text}" for b in bullets)
    return f"({labels['continued']})\n{points}"


def _join(separator: str, *parts: str | None) -> str:
    return separator.join(p for p in parts if p)


def _edition(meta, labels: dict[str, str]) -> str:
    version = f"{labels['version']} {meta.version}" if meta.version else None
    return _join(", ", version, meta.date)
