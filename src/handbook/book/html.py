"""The whole book as one HTML document, from Jinja2 templates."""

from __future__ import annotations

import unicodedata

from handbook import __version__
from handbook.book.templates import environment, render
from handbook.model import Book, Part
from handbook.source.labels import labels_for
from handbook.source.theme import Theme


def part_id(part: Part) -> str:
    return f"part-{part.number}"


def index_entries(book: Book) -> list[tuple[str, list[tuple[str, str]]]]:
    """(letter, [(term, [ids…])…]) groups for the subject index: marks and glossary terms."""
    found: dict[str, tuple[str, list[str]]] = {}
    for chapter in book.chapters:
        for term, anchor in (*chapter.index, *chapter.terms):
            key = term.casefold()
            found.setdefault(key, (term, []))[1].append(anchor)
    groups: dict[str, list] = {}
    for key in sorted(found, key=lambda k: (unicodedata.normalize("NFKD", k), k)):
        term, anchors = found[key]
        letter = unicodedata.normalize("NFKD", key[:1]).upper()[:1]
        groups.setdefault(letter if letter.isalpha() else "#", []).append((term, anchors))
    return list(groups.items())


def render_book_html(book: Book, theme: Theme, created: str | None = None) -> str:
    """Fill `book.html.j2` (the project's copy if it has one) with the book."""
    return render(
        environment(theme), "book.html.j2",
        meta=book.meta,
        entries=book.parts(),
        book_chapters=book.chapters,
        index=index_entries(book),
        labels=labels_for(book.meta.language, book.root),
        part_id=part_id,
        version=__version__,
        created=created,
    )
