"""The whole book as one HTML document, from Jinja2 templates."""

from __future__ import annotations

import jinja2

from handbook import __version__
from handbook.labels import labels_for
from handbook.model import Book, Part
from handbook.theme import Theme


def part_id(part: Part) -> str:
    return f"part-{part.number}"


def render_book_html(book: Book, theme: Theme, created: str | None = None) -> str:
    """Fill `book.html.j2` (the project's copy if it has one) with the book."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in theme.template_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.get_template("book.html.j2")
    return template.render(
        meta=book.meta,
        entries=book.parts(),
        book_chapters=book.chapters,
        labels=labels_for(book.meta.language, book.root),
        part_id=part_id,
        version=__version__,
        created=created,
    )
