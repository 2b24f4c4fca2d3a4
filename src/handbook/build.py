"""One build: gather and validate the whole book, then render the PDF and the decks."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from handbook.dates import build_time
from handbook.errors import Collector, HandbookError
from handbook.loader import load_book
from handbook.output import write_atomic
from handbook.theme import load_theme

PDF_NAME = "handbook.pdf"
DECK_NAME = "slides.pptx"
CHAPTER_DECKS = "slides"


@dataclass
class BuildResult:
    outputs: list[Path] = field(default_factory=list)
    pages: int = 0
    slides: int = 0
    seconds: float = 0.0
    problems: Collector = field(default_factory=Collector)


def build(root: Path, out: Path | None = None, *, pdf: bool = True, decks: bool = True,
          strict: bool = False) -> BuildResult:
    """Build ROOT's outputs into OUT (default ROOT/output). Raises HandbookError on errors.

    With `strict`, warnings count as errors. Nothing is written unless the build succeeds.
    """
    from handbook.render_html import render_book_html
    from handbook.render_pptx import DeckBuilder

    started = time.perf_counter()
    result = BuildResult()
    problems = result.problems
    root = root.resolve()
    out = (out or root / "output").resolve()
    when = build_time()
    theme = builder = None
    try:
        theme = load_theme(root)
        builder = DeckBuilder(theme.slide_template) if decks else None
    except HandbookError as error:  # reported with the content's problems below
        problems.problems.extend(error.problems)
    book = load_book(root, problems)  # raises with every problem found so far
    problems.raise_errors()
    assert theme is not None

    rendered: dict[Path, bytes] = {}
    if pdf:
        from handbook.render_pdf import render_pdf

        html = render_book_html(book, theme, created=when.isoformat() if when else None)
        rendered[out / PDF_NAME], result.pages = render_pdf(book, html, theme, problems)
    if builder is not None:
        planner = builder.planner(book.meta.language)
        course = planner.course(book)
        rendered[out / DECK_NAME] = builder.build(course, book, when)
        result.slides = len(course)
        for chapter in book.chapters:
            slides = planner.chapter_deck(chapter)
            rendered[out / CHAPTER_DECKS / f"{chapter.stem}.pptx"] = builder.build(slides, book,
                                                                                 when)
        for message in planner.warnings:
            result.problems.warning(None, None, f"slides: {message}")
    if strict:
        problems.problems = [replace(p, severity="error") for p in problems.problems]
    problems.raise_errors()
    for path, data in rendered.items():  # only once everything rendered
        write_atomic(path, data)
        result.outputs.append(path)
    result.seconds = time.perf_counter() - started
    return result
