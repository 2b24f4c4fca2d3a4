"""The preview's page made from the book: after a save of chapter files, only what they touch
is parsed again (source/rereading); the whole page is then filled from the model (a template
fill, no parse) and cut in parts, each part's URLs rewritten once."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jinja2.sandbox import SandboxedEnvironment

from handbook.book.html import render_book_html
from handbook.book.templates import environment
from handbook.errors import Collector, HandbookError, Problem
from handbook.model import Book
from handbook.preview.files import Files
from handbook.preview.page import SCREEN_CSS
from handbook.preview.parts import END, Split, split
from handbook.preview.slides import SLIDES_PATH
from handbook.source.rereading import BookReader
from handbook.source.theme import Theme, load_theme

SLIDES_LINK = (f'<a class="handbook-preview-slides" href="{SLIDES_PATH}" style="position:fixed;'
               'right:1rem;bottom:1rem;padding:0.4rem 0.8rem;background:#1B3A5C;color:white;'
               'border-radius:0.4rem;font:15px system-ui,sans-serif;text-decoration:none">'
               'Slides</a>\n')


@dataclass(frozen=True)
class Made:
    """One build of the page: ready for a browser (without banner and script)."""

    page: Split
    book: Book
    theme: Theme
    warnings: list[Problem]
    full: bool  # every chapter was parsed (not a reread)
    reread: tuple[Path, ...] = ()  # the chapters a reread parsed


class PageMaker:
    """Makes the page of the book in ROOT, reusing what the last build parsed and rewrote."""

    def __init__(self, root: Path, files: Files, screen_css: str = SCREEN_CSS):
        self.root, self.files, self.screen_css = root, files, screen_css
        self.reader = BookReader(root)
        self._rewritten: dict[str, str] = {}  # a part as rendered → as served
        self._env: SandboxedEnvironment | None = None

    def make(self, changed: Iterable[Path] | None = None) -> Made:
        """The page; with CHANGED (chapter files saved since the last build) reread only
        those if it can. Raises HandbookError with every problem."""
        problems = Collector()
        theme = None
        try:
            theme = load_theme(self.root)
        except HandbookError as error:  # reported with the content's problems, as a build does
            problems.problems.extend(error.problems)
        book = self.reader.reread(changed, problems) if changed is not None else None
        full = book is None
        if book is None:
            book = self.reader.load(problems)
        problems.raise_errors()
        assert theme is not None
        if full or self._env is None:  # templates and stylesheets read afresh
            self._env = environment(theme)
            self._env.auto_reload = False  # compiled once, until the next full build
        return Made(self._page(book, theme), book, theme, problems.warnings, full,
                    () if full else self.reader.reparsed)

    def _page(self, book: Book, theme: Theme) -> Split:
        document = render_book_html(book, theme, env=self._env)
        rendered = split(before(document, "</body>", END, at_end=True))
        rewritten = {text: self._rewritten.get(text) or self.files.rewrite(text)
                     for _, text in rendered.parts}
        self._rewritten = rewritten
        links = "".join(f'<link rel="stylesheet" href="{html.escape(self.files.url(s) or "")}">'
                        "\n" for s in theme.stylesheets)
        head = before(self.files.rewrite(rendered.head), "</head>", links + self.screen_css,
                      at_end=False)
        tail = before(self.files.rewrite(rendered.tail), "</body>", SLIDES_LINK, at_end=True)
        return Split(head, tuple((name, rewritten[text]) for name, text in rendered.parts),
                     tail)


def render_page(root: Path, files: Files) -> tuple[str, list[Problem]]:
    """The whole page made afresh, as a full rebuild serves it (without banner and script),
    and the warnings; raises HandbookError."""
    made = PageMaker(root, files).make()
    return made.page.join(), made.warnings


def before(document: str, tag: str, extra: str, at_end: bool) -> str:
    """Insert `extra` before `tag` (the first, or the last one), or at the start or end."""
    lower = document.lower()
    index = lower.rfind(tag) if at_end else lower.find(tag)
    if index < 0:
        return document + extra if at_end else extra + document
    return document[:index] + extra + document[index:]
