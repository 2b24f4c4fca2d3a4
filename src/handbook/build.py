"""One build: gather and validate the whole book, then render the PDF and the decks.

Outputs come from the build cache (cache.py) when what they are made from is unchanged: all of
them when no file of the project changed; otherwise the PDF when the book's HTML and every
other project file are unchanged, and each deck when its planned slides are. What is left to
render uses both cores: the decks in a forked process while this one lays out the PDF.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from handbook.cache import Cache, digest, file_digest, project_entries, tool_fingerprint
from handbook.dates import build_time
from handbook.errors import Collector, HandbookError, Problem
from handbook.output import write_atomic

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
    reused: list[Path] = field(default_factory=list)  # outputs taken from the cache


def build(root: Path, out: Path | None = None, *, pdf: bool = True, decks: bool = True,
          strict: bool = False, cache: bool = True, jobs: int | None = None) -> BuildResult:
    """Build ROOT's outputs into OUT (default ROOT/output). Raises HandbookError on errors.

    With `strict`, warnings count as errors. Nothing is written unless the build succeeds.
    `cache=False` renders everything and leaves the cache alone; `jobs=1` uses one process.
    """
    started = time.perf_counter()
    result = BuildResult()
    root = root.resolve()
    out = (out or root / "output").resolve()
    when = build_time()
    store = Cache.for_project(root, cache)
    inputs = _Inputs(root, out, when, (pdf, decks)) if store.enabled else None
    outputs = _reuse(store, inputs, out, result) if inputs else None
    if outputs is None:
        outputs = _render(root, out, when, pdf, decks, store, inputs, result, jobs)
    problems = result.problems
    if strict:
        problems.problems = [replace(p, severity="error") for p in problems.problems]
    problems.raise_errors()
    for path, data in outputs.items():  # only once everything rendered
        if not path.is_file() or file_digest(path) != _sha(data):
            write_atomic(path, data)
        result.outputs.append(path)
    if inputs and not result.reused:
        store.store("build", inputs.key, _entry(result, out), {
            p.relative_to(out).as_posix(): d for p, d in outputs.items()})
    store.prune(sum(len(d) for d in outputs.values()))
    result.seconds = time.perf_counter() - started
    return result


# ----------------------------------------------------------------------------- inputs
class _Inputs:
    """What the build reads: every project file (hashed), the tool, the options."""

    def __init__(self, root: Path, out: Path, when, options: tuple[bool, ...]):
        skip = (out,) if out != root and out.is_relative_to(root) else ()
        self.files = project_entries(root, skip)
        self.environment = digest(tool_fingerprint(), os.environ.get("SOURCE_DATE_EPOCH", "-"),
                                  repr(options))
        self.key = digest(self.environment, *(d for entry in self.files for d in entry))

    def without(self, paths: set[Path]) -> str:
        """A hash of the inputs other than PATHS (the chapters, which reach an output only
        through the parsed book: its HTML for the PDF, its planned slides for a deck)."""
        names = {str(p.resolve()) for p in paths}
        return digest(self.environment, *(d for entry in self.files if entry[0] not in names
                                          for d in entry))


def _reuse(store: Cache, inputs: _Inputs, out: Path, result: BuildResult) -> dict | None:
    """The outputs of an earlier build from exactly the same inputs, or None."""
    entry = store.entry("build", inputs.key)
    if entry is None:
        return None
    outputs = {}
    for name, blob in entry["blobs"].items():
        data = store.get(blob)
        if data is None:  # damaged: build afresh
            return None
        outputs[out / name] = data
    result.pages, result.slides = entry["pages"], entry["slides"]
    result.problems.problems.extend(_problems(entry["problems"]))
    result.reused = list(outputs)
    return outputs


def _entry(result: BuildResult, out: Path) -> dict:
    return {"pages": result.pages, "slides": result.slides,
            "problems": [[str(p.path) if p.path else None, p.line, p.message, p.severity]
                         for p in result.problems.problems]}


def _problems(stored: list) -> list[Problem]:
    return [Problem(Path(path) if path else None, line, message, severity)
            for path, line, message, severity in stored]


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


# ----------------------------------------------------------------------------- rendering
def _render(root: Path, out: Path, when, pdf: bool, decks: bool, store: Cache,
            inputs: _Inputs | None, result: BuildResult, jobs: int | None) -> dict[Path, bytes]:
    from handbook.decks import DeckJob
    from handbook.loader import load_book
    from handbook.parallel import can_fork, run_both
    from handbook.render_pptx import DeckBuilder
    from handbook.theme import load_theme

    problems = result.problems
    theme = builder = None
    try:
        theme = load_theme(root)
        builder = DeckBuilder(theme.slide_template) if decks else None
    except HandbookError as error:  # reported with the content's problems below
        problems.problems.extend(error.problems)
    book = load_book(root, problems)  # raises with every problem found so far
    problems.raise_errors()
    assert theme is not None
    wanted = getattr(book.meta, "outputs", ("pdf", "slides", "chapter-slides"))
    others = inputs.without({c.path for c in book.chapters}) if inputs else ""
    job = DeckJob(book, builder, when, store, others, out, "slides" in wanted,
                  "chapter-slides" in wanted) if builder is not None else None
    pdf_job = _PdfJob(book, theme, when, store, others, out) if pdf and "pdf" in wanted else None
    if pdf_job is not None and pdf_job.cached is None and job is not None and can_fork(jobs):
        pdf_out, deck_out = run_both(pdf_job.run, job.run)
    else:
        pdf_out = pdf_job.run() if pdf_job is not None else None
        deck_out = job.run(split=can_fork(jobs)) if job is not None else None
    outputs: dict[Path, bytes] = {}
    if pdf_out is not None:
        (outputs[out / PDF_NAME], result.pages), pdf_problems = pdf_out
        problems.problems.extend(pdf_problems)
    if deck_out is not None:
        outputs.update(deck_out.outputs)
        result.slides = deck_out.slides
        store.used.update(deck_out.used)
        for message in deck_out.warnings:
            problems.warning(None, None, f"slides: {message}")
    return outputs


class _PdfJob:
    """The PDF: from the cache when the book's HTML and the other project files are unchanged,
    else laid out by WeasyPrint."""

    def __init__(self, book, theme, when, store: Cache, others: str, out: Path):
        from handbook.render_html import render_book_html

        self.book, self.theme, self.store = book, theme, store
        self.html = render_book_html(book, theme, created=when.isoformat() if when else None)
        self.key = digest("pdf", others, self.html) if store.enabled else ""
        self.cached = self._cached()

    def _cached(self) -> tuple[tuple[bytes, int], list[Problem]] | None:
        entry = self.store.entry("pdf", self.key) if self.key else None
        data = self.store.get(entry["blobs"]["pdf"]) if entry else None
        if entry is None or data is None:
            return None
        return (data, entry["pages"]), _problems(entry["problems"])

    def run(self) -> tuple[tuple[bytes, int], list[Problem]]:
        if self.cached is not None:
            return self.cached
        from handbook.render_pdf import render_pdf

        problems = Collector()
        data, pages = render_pdf(self.book, self.html, self.theme, problems)
        if self.key and not problems.errors:
            self.store.store("pdf", self.key, {"pages": pages, "problems": [
                [str(p.path) if p.path else None, p.line, p.message, p.severity]
                for p in problems.problems]}, {"pdf": data})
        return (data, pages), problems.problems
