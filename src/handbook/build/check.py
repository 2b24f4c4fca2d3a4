"""`handbook check`: everything the build validates, without rendering, plus authoring hints."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from handbook.errors import Collector, HandbookError, Problem
from handbook.model import Book
from handbook.slides.spec import SlideSpec

MAX_SLIDES_PER_SECTION = 4  # the first slide and three continuations
PICTURE = re.compile(r"picture (.+?) cannot be drawn on a slide")  # slides/pictures.py


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
    if builder is not None:
        planner = builder.planner(book.meta.language, book.root, book)
        problems.problems.extend(slide_problems(book, planner))
    return _unique(problems.problems)


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def slide_problems(book: Book, planner) -> list[Problem]:
    """What planning the decks found: sections that need too many slides, text cut short.
    The build reports these too (build/decks.py), so check and build agree."""
    problems = Collector()
    said: set[str] = set()
    for chapter in book.chapters:
        before = len(planner.warnings)
        slides: list[SlideSpec] = planner.chapter(chapter)
        for message in dict.fromkeys(planner.warnings[before:]):
            problems.warning(chapter.path, _line_of(chapter, message), f"slides: {message}")
            said.add(message)
        counts = Counter(re.sub(r" \(\d+/\d+\)$", "", s.title) for s in slides
                         if s.kind in ("points", "table"))
        for section in chapter.sections:
            if counts.get(section.title, 0) > MAX_SLIDES_PER_SECTION:
                problems.warning(chapter.path, section.line, f"section '{section.title}' needs "
                                 f"{counts[section.title]} slides; split it into sections or "
                                 "give it an 'In short' box of 3-5 points")
    for message in dict.fromkeys(planner.warnings):  # the course's own slides
        if message not in said:
            problems.warning(None, None, f"slides: {message}")
    return problems.problems


def _line_of(chapter, message: str) -> int | None:
    """The line of the chapter where the text a planner warning quotes begins ("…: quote")."""
    from handbook.source.checks import line_in

    quote = message.partition(": ")[2]
    words = " ".join(quote.split()[:4])
    return line_in(chapter, words) if words else None


def deck_problem(book: Book, message: str) -> Problem:
    """A warning of drawing the decks; one about a picture at the chapter and line that shows
    it (the first, if several do)."""
    from handbook.model import Image
    from handbook.source.checks import all_blocks, line_in

    found = PICTURE.match(message)
    for chapter in book.chapters if found else ():
        for block in all_blocks(chapter):
            if isinstance(block, Image) and block.path.name == found.group(1):
                return Problem(chapter.path, line_in(chapter, block.source),
                               f"slides: {message}", "warning")
    return Problem(None, None, f"slides: {message}", "warning")
