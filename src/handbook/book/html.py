"""The whole book as one HTML document, from Jinja2 templates."""

from __future__ import annotations

from jinja2.sandbox import SandboxedEnvironment

from handbook import __version__
from handbook.book.templates import environment, render
from handbook.model import Book, Part
from handbook.source.glyphs import boxed
from handbook.source.index import book_index
from handbook.source.labels import labels_for
from handbook.source.theme import Theme


def part_id(part: Part) -> str:
    return f"part-{part.number}"


def render_book_html(book: Book, theme: Theme, created: str | None = None,
                     env: SandboxedEnvironment | None = None) -> str:
    """Fill `book.html.j2` (the project's copy if it has one) with the book; ENV: THEME's
    `environment` to reuse, its templates compiled once (the preview's, between rereads)."""
    return boxed(render(
        env or environment(theme), "book.html.j2",
        meta=book.meta,
        entries=book.parts(),
        book_chapters=book.chapters,
        index=book_index(book),
        labels=labels_for(book.meta.language, book.root),
        part_id=part_id,
        version=__version__,
        created=created,
    ), book.root)
