"""The trainer guide: per chapter the session plan (each slide's points beside its speaker notes,
with minutes that add up to the session), the learning goals and the discussion questions with
their suggested answers. Made from the model and the planned slides, like the decks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handbook.book import templates
from handbook.errors import Collector
from handbook.kit.handout import ChapterView, SlideView, chapter_views, environment, stylesheets
from handbook.model import Answer, Book, Chapter
from handbook.slides.spec import QUESTION_KINDS, SlideSpec
from handbook.source.labels import labels_for
from handbook.source.theme import Theme

SLIDE_MINIMUM = 1.0  # minutes a slide gets at least (scaled down when there are too many)
QUESTION_MINIMUM = 3.0  # a question to discuss takes time its short notes do not show
LIST_ITEM = re.compile(r"^( *)- (.*)$")
LABELLED_LIST = re.compile(r"^([^a-z:\n]+): (- .*)$", re.MULTILINE)  # "IN SHORT: - a point"
SHORT_NOTES = 700  # characters: a step this short is not split over two pages


@dataclass(frozen=True)
class Step:
    """One slide of the session plan."""

    view: SlideView
    minutes: int
    start: int  # minutes into the session
    notes: tuple[tuple[str, tuple], ...]  # ("p", lines) and ("ul", (level, text) items)


@dataclass(frozen=True)
class Question:
    title: str
    text: str
    answer: Answer | None


@dataclass(frozen=True)
class Session:
    chapter: Chapter
    minutes: int
    steps: tuple[Step, ...]
    questions: tuple[Question, ...]


def slide_minutes(slides: list[SlideSpec] | tuple[SlideSpec, ...], total: int) -> list[int]:
    """Whole minutes per slide that add up to `total`: a minimum each, the rest by the length
    of the notes, rounded by largest remainder."""
    if not slides:
        return []
    floors = [QUESTION_MINIMUM if s.kind in QUESTION_KINDS else SLIDE_MINIMUM for s in slides]
    if sum(floors) > total:
        floors = [f * total / sum(floors) for f in floors]
    weights = [len(s.notes) for s in slides]
    spare = total - sum(floors)
    exact = [f + spare * (w / sum(weights) if sum(weights) else 1 / len(slides))
             for f, w in zip(floors, weights, strict=True)]
    return largest_remainder(exact, total)


def largest_remainder(exact: list[float], total: int) -> list[int]:
    """Round down, then give the minutes left to the largest fractions (earlier ones on a tie)."""
    whole = [int(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - whole[i]), i))
    for index in order[: total - sum(whole)]:
        whole[index] += 1
    return whole


def note_blocks(notes: str) -> tuple[tuple[str, tuple], ...]:
    """Speaker notes (plain text) as paragraphs of lines and lists of (level, text) items."""
    blocks: list[tuple[str, list]] = []
    for line in LABELLED_LIST.sub(r"\1:\n\2", notes).splitlines():
        item = LIST_ITEM.match(line)
        kind = "ul" if item else "p"
        if not line.strip():
            blocks.append(("", []))
            continue
        if not blocks or blocks[-1][0] != kind:
            blocks.append((kind, []))
        blocks[-1][1].append((len(item.group(1)) // 2, item.group(2)) if item else line)
    return tuple((kind, tuple(lines)) for kind, lines in blocks if kind)


def questions(chapter: Chapter, slides: tuple[SlideView, ...]) -> tuple[Question, ...]:
    """The chapter's question slides (continuations joined), each with its answer if any."""
    groups: dict[str, list[SlideSpec]] = {}
    for view in slides:
        if view.spec.kind in QUESTION_KINDS:
            groups.setdefault(re.sub(r" \(\d+/\d+\)$", "", view.spec.title), []).append(view.spec)
    unmatched = list(chapter.answers)
    found = []
    for title, specs in groups.items():
        first = _words(specs[0].bullets[0].text) if specs[0].bullets else _words(specs[0].notes)
        answer = next((a for a in unmatched if first and _words(a.question).startswith(first)),
                      None)
        if answer is not None:
            unmatched.remove(answer)
        text = answer.question if answer else specs[0].notes
        found.append(Question(title, text, answer))
    found += [Question("", a.question, a) for a in unmatched]
    return tuple(found)


def _words(text: str) -> str:
    return " ".join(text.replace("…", " ").split())[:60]


def sessions(book: Book, decks: dict[str, list[SlideSpec]]) -> list[Session]:
    """Each chapter's session: every planned slide, timed, and its questions."""
    return [session(view) for view in chapter_views(book, decks)]


def session(view: ChapterView) -> Session:
    minutes = slide_minutes([s.spec for s in view.slides], view.minutes)
    steps, start = [], 0
    for slide, spent in zip(view.slides, minutes, strict=True):
        steps.append(Step(slide, spent, start, note_blocks(slide.spec.notes)))
        start += spent
    return Session(view.chapter, view.minutes, tuple(steps),
                   questions(view.chapter, view.slides))


def clock(minutes: int) -> str:
    """Minutes into the session as h:mm."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def guide_html(book: Book, decks: dict[str, list[SlideSpec]], theme: Theme) -> str:
    """The trainer guide as one HTML document (`guide.html.j2`)."""
    return templates.render(environment(theme), "guide.html.j2", meta=book.meta,
                            labels=labels_for(book.meta.language, book.root),
                            sessions=sessions(book, decks), clock=clock, short=SHORT_NOTES)


def render_guide(book: Book, decks: dict[str, list[SlideSpec]], theme: Theme,
                 problems: Collector) -> tuple[bytes, int]:
    """The trainer guide PDF's bytes and page count."""
    from handbook.book.pdf import render_pdf

    return render_pdf(book, guide_html(book, decks, theme), theme, problems,
                      stylesheets=stylesheets(theme, "guide.css"))
