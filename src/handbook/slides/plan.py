"""Plan the slides of a deck from the document model: what goes on each slide and in its notes.

Pure: no python-pptx here. Each chapter opens with its divider and agenda and ends with its key
terms, takeaways and "Questions?"; each section's points get the layout their shape calls for
(design.py), laid out and measured (compose.py); key content (figures, tables, worked prompts,
ordered lists, questions, further reading) gets slides of its own. What does not fit continues
on a next slide titled "… (2/3)"; nothing is cut.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from handbook import plaintext as notes_text
from handbook.model import Book, Chapter, Part, Section, Span
from handbook.slides import design as designer
from handbook.slides import frame, talking
from handbook.slides.extras import extras
from handbook.slides.fitting import Fitting
from handbook.slides.keeping import PlanMemory, plan_key, sound
from handbook.slides.points import bullet_units, continued_notes, key_points, key_points_from
from handbook.slides.spec import DIVIDERS, MAX_WORDS, MIN_TITLE_PT, Bullet, Geometry, SlideSpec
from handbook.slides.tabs import joined
from handbook.slides.textfit import fitting_scale
from handbook.slides.titles import edition, numbered, unique_titles
from handbook.source.labels import labels_for


@dataclass
class Planner(Fitting):
    geometry: Geometry
    language: str = "en"
    root: Path | None = None  # the project, whose styles/languages may add words
    warnings: list[str] = field(default_factory=list)
    answer_slides: bool = False
    book: Book | None = None  # the whole book: the glossary, the chapter after this one
    _glossary: tuple[dict, dict] | None = None
    _planned: dict = field(default_factory=dict, repr=False)  # chapter(): each planned once
    memory: PlanMemory | None = field(default=None, repr=False)  # plans kept between builds

    @property
    def labels(self) -> dict[str, str]:
        return labels_for(self.language, self.root)

    # decks -------------------------------------------------------------------------
    def course(self, book: Book) -> list[SlideSpec]:
        meta = book.meta
        self._use(book)
        line = _join(" · ", meta.organisation, edition(meta, self.labels))
        lines = tuple(x for x in (meta.subtitle, line) if x)
        slides = [SlideSpec("title", meta.title, lines, notes=meta.subtitle or "")]
        overview = frame.course_agenda(book, self.minutes, self.labels, meta.part_label)
        if overview is not None:
            slides.append(designer.design(self, overview, "modules") or overview)
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

    def _use(self, book: Book) -> None:
        self.book = book
        self.root = self.root or book.root
        self.answer_slides = book.meta.answer_slides

    def part_divider(self, part: Part, label: str) -> SlideSpec:
        titles = [f"{c.number}. {c.meta.title}" for c in part.chapters]
        minutes = sum(self.minutes(c) for c in part.chapters)
        count = f"{len(part.chapters)} " + (self.labels["chapters"] if len(part.chapters) > 1
                                            else self.labels["chapter"].lower())
        return SlideSpec("part", part.title, (f"{label} {part.number}",
                                              f"{count} · {minutes} {self.labels['minutes']}"),
                         notes="\n".join(titles))

    def minutes(self, chapter: Chapter) -> int:
        return chapter.meta.duration or classroom_minutes(chapter)

    def chapter(self, chapter: Chapter) -> list[SlideSpec]:
        """The chapter's slides, planned once per chapter and book (the course deck, the
        chapter's deck and the check all ask for them); each call adds the warnings planning
        gave, as planning it again would."""
        key = (id(chapter), id(self.book), self.answer_slides, self.language, self.root)
        found = self._planned.get(key)
        if found is not None and found[0] is chapter and found[1] is self.book:
            self.warnings.extend(found[3])
        else:
            before = len(self.warnings)
            slides = self._kept(chapter)
            found = self._planned[key] = (chapter, self.book, slides, self.warnings[before:])
        return list(found[2])

    def _kept(self, chapter: Chapter) -> list[SlideSpec]:
        """The chapter's slides as the memory keeps them (its warnings said again), else
        planned (and kept)."""
        key = plan_key(self, chapter) if self.memory is not None else ""
        kept = self.memory.get(key) if key else None
        if sound(kept):
            self.warnings.extend(kept[1])
            return kept[0]
        before = len(self.warnings)
        slides = self._chapter(chapter)
        if key:
            self.memory.put(key, (slides, tuple(self.warnings[before:])))
        return slides

    def _chapter(self, chapter: Chapter) -> list[SlideSpec]:
        meta, labels = chapter.meta, self.labels
        minutes = self.minutes(chapter)
        info = _join(" · ", meta.author, f"{minutes} {labels['session']}")
        divider = SlideSpec("chapter", meta.title, (f"{labels['chapter']} {chapter.number}", info),
                            notes=meta.summary or "")
        slides = [divider, *self._opening(chapter, minutes)]
        slides.extend(extras(self, chapter.intro, meta.title))
        if meta.glossary:  # the full glossary goes into the handout
            found = frame.glossary_slides(chapter, frame.popular_terms(*self.glossary),
                                          labels)
            slides += [designer.design(self, s, s.kind) or s for s in found]
            for section in chapter.sections:  # its questions, reading, figures (not its terms)
                slides.extend(replace(s, anchor=section.anchor)
                              for s in extras(self, section.blocks, meta.title))
        else:
            for section in chapter.sections:
                slides.extend(self.section(section))
        slides.extend(self._closing(chapter))
        return self._timed(talking.timed(slides, chapter, minutes, labels), chapter)

    def _timed(self, slides: list[SlideSpec], chapter: Chapter) -> list[SlideSpec]:
        """Once the session's minutes are shared out (talking.timed): the agenda shows each
        section's minutes, a question's label its own, as the trainer guide gives them."""
        spent: dict[str, int] = {}
        for slide in slides:
            spent[slide.anchor] = spent.get(slide.anchor, 0) + slide.minutes
        done = []
        for slide in slides:
            if slide.kind == "agenda" and slide.pieces and not chapter.meta.glossary:
                rows = iter(chapter.sections)
                bullets = tuple(replace(b, note=self._minutes(spent.get(next(rows).anchor, 0)))
                                if b.level == 0 else b for b in slide.bullets)
                slide = designer.design(self, replace(slide, bullets=bullets), "agenda") \
                    or slide
            elif slide.kind == "question" and slide.pieces:
                slide = designer.design(self, slide, "question") or slide
            done.append(slide)
        return done

    def _opening(self, chapter: Chapter, minutes: int) -> list[SlideSpec]:
        """The agenda (a chapter with sections), else the introduction as slides."""
        intro = notes_text.blocks_text(chapter.intro)
        if chapter.sections:
            agenda = frame.agenda(chapter, minutes, self.labels)
            designed = designer.design(self, replace(agenda, notes=intro), "agenda") \
                if agenda is not None else None
            if designed is not None:
                return [designed]
            overview = [Bullet((Span(s.title),)) for s in chapter.sections]
            title = f"{self.labels['chapter']} {chapter.number} {self.labels['overview']}"
            return self.points(title, overview, intro, "overview")
        if chapter.intro:
            return self.points(self.labels.get("introduction", chapter.meta.title),
                               key_points(chapter.intro), intro, "points")
        return []

    def _minutes(self, count: int) -> str:
        return f"{count} {self.labels['minutes']}" if count else ""

    def _closing(self, chapter: Chapter) -> list[SlideSpec]:
        found = []
        pairs = frame.key_terms(chapter, *self.glossary)
        if len(pairs) >= 3:
            found.append(frame.terms_slide(self.labels["key_terms"], pairs))
        recap = frame.takeaways(chapter, self.labels) if not chapter.meta.glossary else None
        if recap is not None:
            found.append(recap)
        found.append(frame.closing(chapter, self.following(chapter), self.labels))
        return [designer.design(self, s, s.kind) or s for s in found]

    def following(self, chapter: Chapter) -> Chapter | None:
        """The chapter after CHAPTER that the closing slide names (no glossary), if any."""
        chapters = self.book.chapters if self.book else (chapter,)
        return next((c for c in chapters if c.number > chapter.number
                     and not c.meta.glossary), None)

    @property
    def glossary(self) -> tuple[dict, dict]:
        """The book's glossary terms, and which chapters use each (worked out once)."""
        if self._glossary is None:
            defined = frame.glossary_terms(self.book) if self.book else {}
            self._glossary = (defined, frame.term_usage(self.book, defined) if defined else {})
        return self._glossary

    # sections ----------------------------------------------------------------------
    def section(self, section: Section) -> list[SlideSpec]:
        bullets, source = key_points_from(section.blocks)
        slides = talking.share(self.designed_points(section.title, bullets, "", source,
                                                    section.layout), section.blocks)
        more = extras(self, section.blocks, section.title, source)
        figure = next((s for s in more if s.kind == "picture"), None)
        if figure is not None and len(slides) == 1 and slides[0].layout is None:
            beside = designer.figure_beside(self, slides[0], figure.image, figure.caption)
            if beside is not None:
                slides[0] = replace(beside, notes=f"{slides[0].notes}\n\n{figure.notes}")
                more.remove(figure)
        if figure is not None and slides and self.geometry.takes_picture(slides[0].layout):
            slides[0] = replace(slides[0], image=figure.image,  # in its picture placeholder
                                notes=_join("\n\n", slides[0].notes, figure.notes))
            more.remove(figure)
        return [replace(s, anchor=section.anchor)
                for s in numbered(joined(slides, more), section.title)]

    def designed_points(self, title: str, bullets: list[Bullet], notes: str, source: str,
                        layout: str | None = None) -> list[SlideSpec]:
        """The section's points in the layout their shape calls for (or the author's)."""
        kind = designer.wanted(layout)
        if layout is not None and kind is None:  # a layout of the template, by name
            return [designer.design(self, s, "points") or s
                    for s in self.points(title, bullets, notes, "points", layout)]
        if any(b.words > MAX_WORDS for b in bullets):  # no design holds it: split, then lay out
            kind = "points"
        kind = kind or designer.choose(bullets, source)
        if kind == "steps":
            return designer.steps(self, title, bullets, notes)
        if bullets and kind != "points":
            spec = SlideSpec(kind, title, bullets=tuple(bullets), notes=notes)
            designed = designer.design(self, spec, kind)
            if kind == "cards" and len(bullets) >= 4 and (designed is None
                                                          or designed.kind != "cards"):
                half = -(-len(bullets) // 2)  # two slides of larger cards
                parts = [designer.design(self, replace(spec, bullets=tuple(part)), "cards")
                         for part in (bullets[:half], bullets[half:])]
                if all(p is not None and p.kind == "cards" for p in parts):
                    return [parts[0], replace(parts[1], notes=continued_notes(
                        list(parts[1].bullets), self.labels))]
            if designed is not None:
                return [designed]
        return [self._balanced(s) for s in self.points(title, bullets, notes, "points")]

    def _balanced(self, spec: SlideSpec) -> SlideSpec:
        """A bullet slide laid out: a lone short point as a statement, else the bullets
        balanced on the slide."""
        units = bullet_units(list(spec.bullets))
        if len(units) == 1 and len(units[0]) == 1 and spec.kind == "points":
            found = designer.design(self, replace(spec, kind="statement"), "statement")
            if found is not None:
                return found
        return designer.design(self, spec, spec.kind) or spec

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

    def _fit_title(self, slide: SlideSpec) -> SlideSpec:
        if slide.kind in DIVIDERS:
            return slide
        scale = fitting_scale([(slide.title, 0)], self.geometry.title,
                              {0: self.geometry.title_style}, MIN_TITLE_PT)
        return replace(slide, title_scale=scale or MIN_TITLE_PT / self.geometry.title_style.size_pt)


# ------------------------------------------------------------------------------- helpers


def classroom_minutes(chapter: Chapter) -> int:
    """A session length when the author gave none: twice the reading time, in 5-minute steps."""
    return max(10, 5 * -(-2 * chapter.meta.reading_time // 5))


def _join(separator: str, *parts: str | None) -> str:
    return separator.join(p for p in parts if p)
