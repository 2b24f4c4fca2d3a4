"""The single parse: chapters, sections and blocks of the fixture book."""

from __future__ import annotations

from handbook.model import Callout, Chapter, Image, ListBlock, Part, Table, plain
from handbook.source.loader import load_book, slug_of

from .conftest import FIXTURE_BOOK


def test_chapters_in_file_order_with_front_matter_and_heading_titles():
    book = load_book(FIXTURE_BOOK)
    titles = [c.meta.title for c in book.chapters]
    assert titles == ["First steps", "The second chapter", "A chapter outside any part"]
    first = book.chapters[0]
    assert (first.meta.author, first.meta.part, first.slug) == (
        "Ada Lovelace", "Getting started", "first-steps")
    assert book.chapters[2].meta.reading_time == 3  # from the front matter
    assert book.chapters[1].meta.reading_time >= 1  # computed from the words


def test_sections_and_blocks():
    first = load_book(FIXTURE_BOOK).chapters[0]
    assert [s.title for s in first.sections] == [
        "Lists and emphasis", "A table and a figure", "A section made of paragraphs"]
    assert plain(first.intro[0].spans).startswith("This introduction comes before")
    lists, table_section = first.sections[0], first.sections[1]
    bullet_list = next(b for b in lists.blocks if isinstance(b, ListBlock))
    assert [plain(i.spans) for i in bullet_list.items] == [
        "First point", "Second point", "Third point"]
    assert plain(bullet_list.items[1].children[0].items[0].spans) == "A nested point"
    table = next(b for b in table_section.blocks if isinstance(b, Table))
    assert [plain(c) for c in table.header] == ["Column A", "Column B", "Column C"]
    assert table.align[2] == "right"
    image = next(b for b in table_section.blocks if isinstance(b, Image))
    assert (image.alt, image.caption, image.number) == (
        "A grey square used as a test picture", "A square", "1.1")  # the caption's own number off
    assert image.path.is_file()
    kinds = [b.kind for b in table_section.blocks if isinstance(b, Callout)]
    assert kinds == ["tip", "question"]


def test_section_ids_are_prefixed_by_chapter_and_line_numbers_kept():
    first = load_book(FIXTURE_BOOK).chapters[0]
    assert first.sections[0].anchor == "first-steps--lists-and-emphasis"
    assert first.sections[0].line == 10
    assert 'id="first-steps--lists-and-emphasis"' in first.html


def test_unicode_and_links_survive():
    first = load_book(FIXTURE_BOOK).chapters[0]
    text = " ".join(plain(b.spans) for b in first.sections[0].blocks if hasattr(b, "spans"))
    assert "Café, naïve, Ærø, Łódź and Ελληνικά" in text
    spans = first.sections[0].blocks[0].spans
    assert any(s.href == "https://europa.eu/" and s.text == "link to the EU" for s in spans)
    assert any(s.italic and s.text == "emphasis" for s in spans)


def test_parts_group_consecutive_chapters():
    entries = load_book(FIXTURE_BOOK).parts()
    assert isinstance(entries[0], Part) and entries[0].title == "Getting started"
    assert [c.number for c in entries[0].chapters] == [1, 2]
    assert isinstance(entries[1], Chapter)


def test_slug_drops_the_ordering_number():
    assert slug_of("01-what-is-ai") == "what-is-ai"
    assert slug_of("2_Über uns") == "ber-uns"
    assert slug_of("07") == "chapter-07"
