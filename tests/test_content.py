"""The shipped course: every chapter builds and has the parts the course promises."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from handbook.model import Callout, Image, Table
from handbook.source.checks import all_blocks, all_inlines
from handbook.source.loader import load_book

from .conftest import REPO

BOOK = load_book(REPO)
CHAPTERS = BOOK.chapters
GLOSSARY = "Glossary"


def spans_of(chapter):
    for spans in all_inlines(chapter):  # paragraphs, list items, cells and definitions
        yield from spans


def test_the_course_has_nine_chapters_in_three_modules():
    assert len(CHAPTERS) >= 9
    parts = [p.title for p in BOOK.parts()]
    assert parts == ["What is (Gen)AI?", "Working with generative AI", "AI in the organisation"]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_chapter_has_front_matter_and_sections(chapter):
    meta = chapter.meta
    assert meta.title and meta.author and meta.summary
    assert 3 <= len(chapter.sections) <= 6
    if meta.title != GLOSSARY:
        assert 800 <= chapter.word_count <= 1600, chapter.word_count


@pytest.mark.parametrize("chapter", [c for c in CHAPTERS if c.meta.title != GLOSSARY],
                         ids=lambda c: c.stem)
def test_chapter_has_in_short_question_and_further_reading(chapter):
    callouts = [b for b in all_blocks(chapter) if isinstance(b, Callout)]
    kinds = [c.kind for c in callouts]
    assert kinds.count("summary") >= len(chapter.sections) - 1
    assert "question" in kinds
    assert kinds[-1] == "more"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_links_are_well_formed(chapter):
    for span in spans_of(chapter):
        if span.href:
            parts = urlsplit(span.href)
            assert parts.scheme == "https" and "." in parts.netloc, span.href
            assert not re.search(r"\s", span.href)
            assert span.text.strip() and span.text.strip() != span.href


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_images_have_alt_text_and_caption(chapter):
    for block in all_blocks(chapter):
        if isinstance(block, Image):
            assert len(block.alt.split()) >= 4, block.source
            assert block.caption, block.source


def test_every_module_has_a_figure_or_table():
    for part in BOOK.parts():
        found = [b for c in part.chapters for b in all_blocks(c) if isinstance(b, Image | Table)]
        assert found, part.title


def test_glossary_defines_at_least_30_terms():
    from handbook.model import DefinitionList

    glossary = next(c for c in CHAPTERS if c.meta.title == GLOSSARY)
    terms = [d for b in all_blocks(glossary) if isinstance(b, DefinitionList) for d in b.items]
    assert len(terms) >= 30
