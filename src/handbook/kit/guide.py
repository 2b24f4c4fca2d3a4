"""The trainer guide: per chapter what to prepare and the session plan (its parts with times
that add up to the session), then every slide drawn small beside its talking points, minutes
and trainer notes, questions with their answers, and where the handbook has the full text.

Made from the model and the planned slides (their talking points and minutes come from
slides/talking.py, as in the speaker notes); the handbook's page numbers from its PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handbook.book import templates
from handbook.errors import Collector
from handbook.kit.handout import SlideView, chapter_views, environment, stylesheets
from handbook.kit.pages import chapter_pages, section_pages
from handbook.model import Answer, Book, Chapter, Part
from handbook.plaintext import trainer_text
from handbook.slides.spec import FURTHER_READING_KINDS, QUESTION_KINDS, SlideSpec
from handbook.slides.talking import clock, covered
from handbook.source.labels import labels_for
from handbook.source.theme import Theme


@dataclass(frozen=True)
class Step:
    """One slide in the guide: its drawing, the answer to its question, where its text is."""

    view: SlideView
    where: str  # "p. 7", or the chapter and section when the handbook's pages are not known
    answer: Answer | None = None

    @property
    def spec(self) -> SlideSpec:
        return self.view.spec

    @property
    def trainer(self) -> str:
        """What is for the trainer, unless the talking points say it all already."""
        spec = self.view.spec
        return "" if covered(spec.trainer, spec.talking) else spec.trainer


@dataclass(frozen=True)
class Grid:
    """A glossary's slides of terms: drawn small side by side, timed as one."""

    views: tuple[SlideView, ...]
    where: str

    @property
    def minutes(self) -> int:
        return sum(v.spec.minutes for v in self.views)

    @property
    def start(self) -> int:
        return self.views[0].spec.start


@dataclass(frozen=True)
class PlanLine:
    """One line of the session plan: a section's slides (or a question), with times."""

    title: str
    start: int
    minutes: int
    first: int  # slide numbers in the chapter's deck
    last: int


@dataclass(frozen=True)
class Session:
    chapter: Chapter
    module: Part | None  # the module this chapter opens
    minutes: int
    plan: tuple[PlanLine, ...]
    prepare: tuple[str, ...]
    trainer: str  # the chapter's own notes for the trainer (before its first section)
    entries: tuple[Step | Grid, ...]

    @property
    def slides(self) -> int:
        return sum(len(e.views) if isinstance(e, Grid) else 1 for e in self.entries)


def sessions(book: Book, decks: dict[str, list[SlideSpec]],
             pages: dict[str, int] | None = None) -> list[Session]:
    """Each chapter's session: its plan, what to prepare and every slide, timed."""
    labels = labels_for(book.meta.language, book.root)
    views = chapter_views(book, decks)
    first = 2  # the course deck: its title slide, then module and chapter slides
    found = []
    for view in views:
        first += 1 if view.part is not None else 0
        where = _places(view.chapter, pages, labels)
        entries = _entries(view.chapter, view.slides, where)
        found.append(Session(view.chapter, view.part, view.minutes, plan(view.chapter, view.slides),
                             prepare(view.chapter, view.slides, first, pages, labels),
                             trainer_text(view.chapter.intro), entries))
        first += len(view.slides)
    return found


def _entries(chapter: Chapter, slides: tuple[SlideView, ...], where) -> tuple[Step | Grid, ...]:
    """A step per slide; a glossary's slides of terms together in one grid."""
    answers = list(chapter.answers)
    entries: list[Step | Grid] = []
    for view in slides:
        spec = view.spec
        if chapter.meta.glossary and spec.kind == "points":
            last = entries[-1] if entries else None
            if isinstance(last, Grid):
                entries[-1] = Grid((*last.views, view), last.where)
            else:
                entries.append(Grid((view,), where(spec.anchor, section=False)))
            continue
        entries.append(Step(view, where(spec.anchor), _answer(spec, answers)))
    return tuple(entries)


def _answer(spec: SlideSpec, answers: list[Answer]) -> Answer | None:
    """The answer to a question slide's question (each answer used once)."""
    if spec.kind not in QUESTION_KINDS or not spec.bullets:
        return None
    first = _words(spec.bullets[0].text)
    found = next((a for a in answers if _words(a.question).startswith(first)), None)
    if found is not None:
        answers.remove(found)
    return found


def _words(text: str) -> str:
    return " ".join(text.replace("…", " ").split())[:60]


def plan(chapter: Chapter, slides: tuple[SlideView, ...]) -> tuple[PlanLine, ...]:
    """The session's parts: consecutive slides of one section, a question on its own line."""
    titles = {chapter.anchor: chapter.meta.title, **{s.anchor: s.title for s in chapter.sections}}
    parts: list[PlanLine] = []
    key = None
    for view in slides:
        spec = view.spec
        asked = spec.kind in QUESTION_KINDS
        here = (spec.anchor, asked)
        if parts and here == key:
            last = parts[-1]
            parts[-1] = PlanLine(last.title, last.start, last.minutes + spec.minutes, last.first,
                              view.number)
            continue
        title = re.sub(r" \(\d+/\d+\)$", "", spec.title) if asked else \
            titles.get(spec.anchor, spec.title)
        parts.append(PlanLine(title, spec.start, spec.minutes, view.number, view.number))
        key = here
    return tuple(parts)


def prepare(chapter: Chapter, slides: tuple[SlideView, ...], first: int,
            pages: dict[str, int] | None, labels: dict[str, str]) -> tuple[str, ...]:
    """What to have ready: the slides, the handbook's pages, the exercises, the links."""
    items = [labels["prepare_slides"].format(first=first, last=first + len(slides) - 1,
                                             count=len(slides))]
    span = chapter_pages(chapter, pages)
    items.append(labels["prepare_pages"].format(pages=span) if span else
                 labels["prepare_chapter"].format(number=chapter.number))
    for view in slides:
        spec = view.spec
        if spec.kind in QUESTION_KINDS and not re.search(r"\((?!1/)\d+/\d+\)$", spec.title):
            items.append(labels["prepare_question"].format(
                title=re.sub(r" \(1/\d+\)$", "", spec.title), minutes=spec.minutes,
                number=view.number))
    links = [link for view in slides if view.spec.kind in FURTHER_READING_KINDS | {"reading"}
             for link in view.links]
    if links:
        from handbook.links import short_url

        items.append(labels["prepare_links"].format(links=", ".join(short_url(u)
                                                                     for u in links)))
    return tuple(items)


def _places(chapter: Chapter, pages: dict[str, int] | None, labels: dict[str, str]):
    """Where the handbook has a slide's full text: its page, or its chapter and section."""
    sections = {s.anchor: s.title for s in chapter.sections}

    def where(anchor: str, section: bool = True) -> str:
        page = section_pages(pages, anchor if section else chapter.anchor, chapter.anchor)
        if page:
            return labels["in_handbook_page"].format(page=page)
        title = sections.get(anchor) if section else None
        if title:
            return labels["in_handbook_section"].format(number=chapter.number, section=title)
        return labels["in_handbook_chapter"].format(number=chapter.number)

    return where


def guide_html(book: Book, decks: dict[str, list[SlideSpec]], theme: Theme,
               pages: dict[str, int] | None = None) -> str:
    """The trainer guide as one HTML document (`guide.html.j2`)."""
    return templates.render(environment(theme), "guide.html.j2", meta=book.meta,
                            labels=labels_for(book.meta.language, book.root),
                            sessions=sessions(book, decks, pages), clock=clock)


def render_guide(book: Book, decks: dict[str, list[SlideSpec]], theme: Theme,
                 problems: Collector, handbook: bytes | None = None) -> tuple[bytes, int]:
    """The trainer guide PDF's bytes and page count; with HANDBOOK (the book's PDF from the
    same build), each slide points at the page that has its full text."""
    from handbook.book.pdf import render_pdf
    from handbook.kit.pages import anchor_pages

    pages = anchor_pages(handbook) if handbook else None
    return render_pdf(book, guide_html(book, decks, theme, pages), theme, problems,
                      stylesheets=stylesheets(theme, "guide.css"))
