"""Plan the slides of a deck from the document model: what goes on each slide and in its notes.

Pure: no python-pptx here. Text is measured (textfit) so that every body fits its box at
18 pt or more; what does not fit continues on a next slide titled "… (2/3)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from handbook import plaintext as notes_text
from handbook.model import (
    Block,
    Book,
    Callout,
    Chapter,
    Code,
    Image,
    ListBlock,
    Paragraph,
    Part,
    Section,
    Span,
    Table,
)
from handbook.slides import talking
from handbook.slides.code import add_code
from handbook.slides.points import (
    bullet_units,
    continued_notes,
    first_words,
    in_columns,
    key_points,
    paragraph_points,
    reading_bullets,
    top_level,
)
from handbook.slides.spec import (
    FURTHER_READING_KINDS,
    MAX_BULLETS,
    MAX_POINT_WORDS,
    MAX_WORDS,
    MIN_BODY_PT,
    MIN_TITLE_PT,
    QR_COLUMN_PT,
    QR_PER_COLUMN,
    QUESTION_KINDS,
    Bullet,
    Geometry,
    SlideSpec,
    shown_blocks,
)
from handbook.slides.tablefit import split_rows
from handbook.slides.tabs import is_tab, joined, tab_slides
from handbook.slides.textfit import fitting_scale
from handbook.slides.titles import edition, numbered, unique_titles
from handbook.source.labels import labels_for


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
        line = _join(" · ", meta.organisation, edition(meta, self.labels))
        lines = tuple(x for x in (meta.subtitle, line) if x)
        slides = [SlideSpec("title", meta.title, lines, notes=meta.subtitle or "")]
        for entry in book.parts():
            chapters = entry.chapters if isinstance(entry, Part) else (entry,)
            if isinstance(entry, Part):
                slides.append(self.part_divider(entry, book.meta.part_label))
            for chapter in chapters:
                slides.extend(self.chapter(chapter))
        slides = talking.framing(slides, self.labels)
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
                two = self.geometry.role_key("two-content") or "two-content"
                layout = two if self.geometry.layouts.get(two, (None, 1))[1] > 1 else None
            title = f"{labels['chapter']} {chapter.number} {labels['overview']}"
            intro = notes_text.blocks_text(chapter.intro)
            slides += self.points(title, overview, intro, "overview", layout)
        elif chapter.intro:  # a chapter without sections: its text on slides of its own
            slides += self.points(labels.get("introduction", meta.title),
                                  key_points(chapter.intro),
                                  notes_text.blocks_text(chapter.intro), "points")
        slides.extend(self.extras(chapter.intro, meta.title))
        for section in chapter.sections:
            slides.extend(self.section(section))
        return talking.timed(slides, chapter, minutes, labels)  # and named after the chapter

    # sections ----------------------------------------------------------------------
    def section(self, section: Section) -> list[SlideSpec]:
        slides = talking.share(self.points(section.title, key_points(section.blocks), "",
                                           "points", section.layout), section.blocks)
        extras = self.extras(section.blocks, section.title)
        figure = next((s for s in extras if s.kind == "picture"), None)
        if figure is not None and self.geometry.takes_picture(slides[0].layout):
            slides[0] = replace(slides[0], image=figure.image,  # in its picture placeholder
                                notes=_join("\n\n", slides[0].notes, figure.notes))
            extras.remove(figure)
        return [replace(s, anchor=section.anchor)
                for s in numbered(joined(slides, extras), section.title)]

    def extras(self, blocks: tuple[Block, ...], title: str) -> list[SlideSpec]:
        """Slides of their own for figures, tables, questions and further reading."""
        slides: list[SlideSpec] = []
        for block in shown_blocks(blocks):
            if isinstance(block, Image):
                slides.append(self.picture(block))
            elif isinstance(block, Table):
                slides.extend(self.tables(title, block))
            elif isinstance(block, Callout) and block.kind in QUESTION_KINDS:
                slides.extend(talking.question(self.question(block, title), block))
            elif isinstance(block, Callout) and block.kind in FURTHER_READING_KINDS:
                slides.extend(self.reading(block))
            elif is_tab(block):
                slides.extend(tab_slides(self, block, title))
            elif isinstance(block, Code):  # output only: into the notes of the slide before
                add_code(slides, block, title, self.geometry.body, self.labels)
        return slides

    def points(self, title: str, bullets: list[Bullet], notes: str, kind: str,
               layout: str | None = None) -> list[SlideSpec]:
        """One or more slides of bullets, split so that each fits and stays within limits."""
        layout, problems = self.geometry.chosen(layout, title)
        self.warnings += problems
        columns = self.geometry.layouts[layout][1] if layout else 1
        if not bullets:
            return [SlideSpec(kind, title, notes=notes, layout=layout)]
        self._layout = layout
        chunks = self._split(bullet_units(bullets))
        slides = []
        for index, chunk in enumerate(chunks, start=1):
            shown = f"{title} ({index}/{len(chunks)})" if len(chunks) > 1 else title
            scale = self._scale(chunk) or 1.0
            slide_notes = notes if index == 1 else continued_notes(chunk, self.labels)
            slides.append(SlideSpec(kind, shown, bullets=tuple(chunk), notes=slide_notes,
                                    font_scale=scale, layout=layout, columns=columns))
        self._layout = None
        return slides

    def question(self, callout: Callout, title: str) -> list[SlideSpec]:
        """A question's own slide; its answer in the notes, or next, if the book says so."""
        answer = next((b for b in callout.blocks if isinstance(b, Callout)
                       and b.kind == "answer"), None)
        slides = self.points(callout.title or title,
                             paragraph_points(callout.blocks, whole=True),
                             notes_text.blocks_text(callout.blocks), "question")
        if answer is not None and self.answer_slides:
            slides += self.points(answer.title or self.labels["answer"],
                                  paragraph_points(answer.blocks, whole=True),
                                  notes_text.blocks_text(answer.blocks), "answer")
        return slides

    def picture(self, image: Image) -> SlideSpec:
        title = image.caption or image.alt or image.path.stem
        title = re.sub(r"^(Figure|Fig\.|Figuur|Afbeelding)\s*\d+[.:]?\s*", "", title) or title
        notes = _join("\n\n", image.caption, image.alt and f"({image.alt})")
        return SlideSpec("picture", title, image=image, notes=notes)

    def tables(self, title: str, table: Table) -> list[SlideSpec]:
        body = self.geometry.free or self.geometry.body
        groups = split_rows(table, body.width_pt, body.height_pt, self.geometry.table_rows)
        slides = []
        for index, part in enumerate(groups, start=1):
            shown = f"{title} ({index}/{len(groups)})" if len(groups) > 1 else title
            slides.append(SlideSpec("table", shown, table=part,
                                    notes=notes_text.table_text(part)))
        return slides

    def reading(self, callout: Callout) -> list[SlideSpec]:
        bullets: list[Bullet] = []
        for block in callout.blocks:
            if isinstance(block, ListBlock):
                for item in block.items:
                    bullets.extend(reading_bullets(item.spans))
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
        trimmed = [Bullet((Span(first_words(b.text, MAX_POINT_WORDS)),), b.level)
                   for b in unit[:MAX_BULLETS]]
        while len(trimmed) > 1 and not self._fits(trimmed):
            trimmed.pop()
        if not self._fits(trimmed):
            self.warnings.append(f"slide text cut short to fit: {trimmed[0].text[:40]}")
            trimmed = [Bullet((Span(first_words(trimmed[0].text, 8)),), trimmed[0].level)]
        return trimmed

    def _fit_title(self, slide: SlideSpec) -> SlideSpec:
        if slide.kind in ("title", "part", "chapter"):
            return slide
        scale = fitting_scale([(slide.title, 0)], self.geometry.title,
                              {0: self.geometry.title_style}, MIN_TITLE_PT)
        return replace(slide, title_scale=scale or MIN_TITLE_PT / self.geometry.title_style.size_pt)


def classroom_minutes(chapter: Chapter) -> int:
    """A session length when the author gave none: twice the reading time, in 5-minute steps."""
    return max(10, 5 * -(-2 * chapter.meta.reading_time // 5))


def _join(separator: str, *parts: str | None) -> str:
    return separator.join(p for p in parts if p)
