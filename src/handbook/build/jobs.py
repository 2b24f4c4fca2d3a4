"""What a build renders, and on which core.

With two cores, the build forks at once: the second process parses the book (and sends it
back), checks the slide template and makes the decks, while this one imports WeasyPrint and
then lays out the PDF. With one core (or `jobs=1`) the same steps run one after the other.
Either way every problem is found before anything is written, and each output comes from the
cache when what it is made from is unchanged.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from handbook.build.cache import Cache, digest, problems_from, problems_to
from handbook.build.decks import DeckJob, DeckOutput, open_template
from handbook.errors import Collector, ContentError, HandbookError, Problem, RenderError

PDF_NAME = "handbook.pdf"
ALL_OUTPUTS = ("pdf", "slides", "chapter-slides")
SLIDE_TEMPLATES = (".pptx", ".potx")  # PowerPoint files: zip archives WeasyPrint cannot read


@dataclass
class Rendered:
    outputs: dict[Path, bytes] = field(default_factory=dict)  # PDF first, then the decks
    pages: int = 0
    slides: int = 0


@dataclass
class Build:
    """One build's settings, and what every step needs."""

    root: Path
    out: Path
    when: object  # datetime | None
    pdf: bool
    decks: bool
    store: Cache
    inputs: object  # inputs.Inputs | None: the project's files, hashed
    problems: Collector
    theme: object = None
    extra: tuple[str, ...] = ()  # "handout", "guide": asked for on the command line
    chapter: str | None = None  # build this chapter (a file stem) alone
    progress: object = None  # build.Progress: told what is being made
    jobs: int | None = None  # processes: 1 for one, None for one per core (two at most)

    def say(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)

    @property
    def pdf_name(self) -> str:
        return f"{self.chapter}.pdf" if self.chapter else PDF_NAME

    def load(self, problems: Collector):
        """The parsed book; on errors, raise them with the slide template's (all at once)."""
        from handbook.build.kept import ParseCache
        from handbook.source.loader import load_book

        try:
            book = load_book(self.root, problems, ParseCache(self.store, self.inputs))
        except HandbookError as error:
            if self.decks and self.theme is not None:
                found = open_template(self.theme.slide_template, self.theme.layouts)[1]
                error.problems.extend(p for p in found if p not in error.problems)
            raise
        problems.raise_errors()
        return only_chapter(book, self.chapter)

    def wanted(self, book) -> set[str]:
        return set(getattr(book.meta, "outputs", ALL_OUTPUTS)) | set(self.extra)

    def jobs_for(self, book) -> tuple[PdfJob | None, DeckJob | None]:
        wanted = self.wanted(book)
        if self.chapter:  # one chapter: its PDF and its deck, not the course deck
            wanted = ({"pdf"} & wanted) | {"chapter-slides"}
        chapters = {c.path for c in book.chapters}
        others = self.inputs.without(chapters) if self.inputs else ""
        # a slide template cannot reach the PDF: a new one leaves the PDF as it was
        others_pdf = self.inputs.without(chapters, SLIDE_TEMPLATES) if self.inputs else ""
        pdf = PdfJob(book, self.theme, self.when, self.store, others_pdf, self.jobs) \
            if self.pdf and "pdf" in wanted else None
        kinds = {"slides", "chapter-slides"} & wanted if self.decks else set()
        decks = DeckJob(book, self.theme.slide_template, self.when, self.store, others, self.out,
                        "slides" in kinds, "chapter-slides" in kinds) if kinds else None
        return pdf, decks


def only_chapter(book, stem: str | None):
    """The book reduced to the chapter whose file stem is STEM (unchanged without one)."""
    if stem is None:
        return book
    from dataclasses import replace

    chosen = tuple(c for c in book.chapters if c.stem == stem)
    if not chosen:
        known = ", ".join(c.stem for c in book.chapters)
        raise ContentError(f"error: no chapter '{stem}' (chapters: {known})")
    return replace(book, chapters=chosen)


def trainer_outputs(build: Build, book,
                    handbook: bytes | None = None) -> tuple[dict[Path, bytes], list[Problem]]:
    """The handout and the trainer guide, when asked for: from the same book and the course
    deck's slide plan. The guide points at the pages of HANDBOOK, the PDF of this build."""
    wanted = build.wanted(book) & {"handout", "guide"}
    if not wanted or build.theme is None:
        return {}, []
    from handbook.kit.handout import course_decks
    from handbook.slides.deck import DeckBuilder

    problems = Collector()
    planner = DeckBuilder(build.theme.slide_template, build.theme.layouts).planner(
        book.meta.language, book.root, book)
    decks = course_decks(book, planner.course(book))
    made: dict[Path, bytes] = {}
    if "handout" in wanted:
        from handbook.kit.handout import render_handout

        build.say("laying out the handout")
        made[build.out / "handout.pdf"] = render_handout(book, decks, build.theme, problems)[0]
    if "guide" in wanted:
        from handbook.kit.guide import render_guide

        build.say("laying out the trainer guide")
        made[build.out / "trainer-guide.pdf"] = render_guide(book, decks, build.theme,
                                                             problems, handbook)[0]
    return made, problems.problems


def render(build: Build, jobs: int | None) -> Rendered:
    from handbook.build.processes import can_fork, run_both
    from handbook.source.theme import load_theme

    build.jobs = jobs
    try:
        build.theme = load_theme(build.root)
    except HandbookError as error:  # reported with the content's problems
        build.problems.problems.extend(error.problems)
    if not can_fork(jobs):
        return _serial(build)
    (pdf_out, trainer), deck_out = run_both(lambda receive: _here(build, receive),
                                            lambda send: _there(build, send))
    rendered = _collect(build, pdf_out, deck_out)
    _add_trainer(build, rendered, trainer)
    return rendered


def _add_trainer(build: Build, rendered: Rendered, trainer) -> None:
    made, problems = trainer
    rendered.outputs.update(made)
    build.problems.problems.extend(problems)


def _serial(build: Build) -> Rendered:
    book = build.load(build.problems)
    pdf, decks = build.jobs_for(book)
    if decks is not None:  # the template is checked before anything is laid out
        build.problems.problems.extend(decks.check())
        build.problems.raise_errors()
    if pdf is not None:
        build.say("laying out the PDF")
    pdf_out = pdf.run() if pdf else None
    if decks is not None:
        build.say("making the decks")
    rendered = _collect(build, pdf_out, decks.run() if decks else None)
    _add_trainer(build, rendered, trainer_outputs(build, book, _pdf_bytes(pdf_out)))
    return rendered


def _here(build: Build, receive):
    """This process: WeasyPrint's import while the other one parses the book, then the PDF;
    then the other process's verdict on the slide template (nothing is written if it fails)."""
    if build.pdf:  # a second or so, spent while the other process works
        from handbook.book.pdf import load_weasyprint

        load_weasyprint()
    problems = build.problems.problems
    note = receive()
    if note[0] == "errors":
        problems.extend(p for p in note[1] if p not in problems)
        raise ContentError(problems)
    if note[0] == "book":
        book, found, (used, pending) = note[1], note[2], note[3]
        build.store.used.update(used)  # the chapters' parses kept (kept.py)
        build.store.pending.extend(pending)
    else:
        book, found = build.load(Collector()), []
    problems.extend(found)
    build.problems.raise_errors()
    pdf, decks = build.jobs_for(book)
    if pdf is not None:
        build.say("laying out the PDF (the decks are made alongside)")
    made = pdf.run() if pdf is not None else None
    if decks is not None:  # the slide template's problems, after the book's (as one process
        problems.extend(receive() or [])  # would list them)
        build.problems.raise_errors()
    return made, trainer_outputs(build, book, _pdf_bytes(made))


def _there(build: Build, send) -> DeckOutput | None:
    """The second process: parse and send the book, check the slide template, make the
    decks."""
    from handbook.build.processes import can_fork

    problems = Collector()
    try:
        book = build.load(problems)
    except HandbookError as error:
        send(("errors", error.problems))
        return None
    try:
        send(("book", book, problems.problems, (build.store.used, build.store.pending)))
    except Exception:  # something in the book does not pickle: the PDF side parses it too
        send(("parse",))
    if build.theme is None:
        return None
    pdf, decks = build.jobs_for(book)
    if decks is None:
        return None
    send(decks.check())
    if decks.builder is None:
        return None
    pdf_busy = pdf is not None and pdf.cached is None
    if pdf_busy:  # the PDF takes longer: when the cores are shared, it goes first
        with contextlib.suppress(OSError):
            os.nice(5)
    return decks.run(split=not pdf_busy and can_fork(None))  # else the PDF is the other half


def _pdf_bytes(pdf_out) -> bytes | None:
    """The handbook PDF's bytes from a PdfJob's result (None when no PDF was made)."""
    return pdf_out[0][0] if pdf_out is not None else None


def _collect(build: Build, pdf_out, deck_out: DeckOutput | None) -> Rendered:
    rendered, store, problems = Rendered(), build.store, build.problems
    if pdf_out is not None:
        (rendered.outputs[build.out / build.pdf_name], rendered.pages), pdf_problems = pdf_out
        problems.problems.extend(pdf_problems)
    if deck_out is not None:
        for path, data in deck_out.outputs.items():
            rendered.outputs[path] = store.get(data) if isinstance(data, str) else data
            if rendered.outputs[path] is None:  # pruned by another build meanwhile
                raise RenderError(f"{path}: error: the deck made for it vanished from the "
                                  f"cache ({store.folder}); build again")
        rendered.slides = deck_out.slides
        store.used.update(deck_out.used)
        store.pending.extend(p for p in deck_out.pending if p not in store.pending)
        store.trouble = store.trouble or deck_out.trouble
        problems.problems.extend(p for p in deck_out.problems if p not in problems.problems)
    return rendered


class PdfJob:
    """The PDF: from the cache when the book's HTML and the other project files are unchanged,
    else made of parts, only the changed ones laid out (pdfparts.py)."""

    def __init__(self, book, theme, when, store: Cache, others: str, jobs: int | None = None):
        from handbook.book.html import render_book_html

        self.book, self.theme, self.store, self.others = book, theme, store, others
        self.jobs = jobs
        self.html = render_book_html(book, theme, created=when.isoformat() if when else None)
        self.key = digest("pdf", others, self.html) if store.enabled else ""
        self.cached = self._cached()

    def _cached(self) -> tuple[tuple[bytes, int], list[Problem]] | None:
        entry = self.store.entry("pdf", self.key) if self.key else None
        data = self.store.get(entry["blobs"].get("pdf", "")) if entry else None
        if entry is None or data is None:
            return None
        return (data, entry.get("pages", 0)), problems_from(entry.get("problems", []))

    def run(self) -> tuple[tuple[bytes, int], list[Problem]]:
        """The PDF's bytes and page count, and its problems (WeasyPrint's warnings)."""
        if self.cached is not None:
            return self.cached
        from handbook.build.pdfparts import render_book_pdf
        from handbook.patches.pdf_pages import linear_page_references

        linear_page_references()
        problems = Collector()
        data, pages = render_book_pdf(self.book, self.theme, self.html, self.store,
                                      self.others, problems, self.jobs)
        if self.key and not problems.errors:
            self.store.store("pdf", self.key, {"pages": pages,
                                               "problems": problems_to(problems.problems)},
                             {"pdf": data})
        return (data, pages), problems.problems
