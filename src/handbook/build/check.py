"""`handbook check`: everything the build validates, without rendering, plus authoring hints."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from handbook.errors import Collector, HandbookError, Problem
from handbook.model import Book
from handbook.slides.spec import SlideSpec
from handbook.source.checks import line_in

MAX_SLIDES_PER_SECTION = 4  # the first slide and three continuations
READING_TIME_TOLERANCE = 0.5  # a stated reading time more than 50 % off the word count
WORDS_PER_MINUTE = 200


def check_project(root: Path, notes: list[str] | None = None) -> list[Problem]:
    """Every problem a build would report, and the warnings only `check` gives; NOTES gets
    the slide layout chosen for each role."""
    from handbook.slides.deck import DeckBuilder
    from handbook.source.loader import load_book
    from handbook.source.theme import load_theme

    problems = Collector()
    builder = None
    try:
        theme = load_theme(root)
        builder = DeckBuilder(theme.slide_template, theme.layouts)
        problems.problems.extend(builder.problems)
        if notes is not None:
            notes += [f"slide layouts of {builder.template.name}:",
                      *(f"  {line}" for line in builder.info.mapping())]
    except HandbookError as error:
        problems.problems.extend(error.problems)
    try:
        book = load_book(root, problems)
    except HandbookError:
        return _unique(problems.problems)
    _check_reading_times(book, problems)
    if builder is not None:
        _check_slides(book, builder, problems)
    return _unique(problems.problems)


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _check_reading_times(book: Book, problems: Collector) -> None:
    for chapter in book.chapters:
        expected = max(1, round(chapter.word_count / WORDS_PER_MINUTE))
        stated = chapter.meta.reading_time
        if abs(stated - expected) > max(2, READING_TIME_TOLERANCE * expected):
            problems.warning(chapter.path, line_in(chapter, "reading_time"),
                             f"reading_time is {stated} min but the {chapter.word_count} words "
                             f"take about {expected} min")


def _check_slides(book: Book, builder, problems: Collector) -> None:
    planner = builder.planner(book.meta.language)
    for chapter in book.chapters:
        slides: list[SlideSpec] = planner.chapter(chapter)
        counts = Counter(re.sub(r" \(\d+/\d+\)$", "", s.title) for s in slides
                         if s.kind in ("points", "table"))
        for section in chapter.sections:
            if counts.get(section.title, 0) > MAX_SLIDES_PER_SECTION:
                problems.warning(chapter.path, section.line, f"section '{section.title}' needs "
                                 f"{counts[section.title]} slides; split it into sections or "
                                 "give it an 'In short' box of 3-5 points")
    for message in planner.warnings:
        problems.warning(None, None, f"slides: {message}")
