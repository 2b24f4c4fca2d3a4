"""The decks, read back with python-pptx and reduced to an outline."""

from __future__ import annotations

import re

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from handbook.model import Span
from handbook.slides.spec import MAX_BULLETS, MAX_WORDS, MIN_BODY_PT

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


FURNITURE = ("Footer", "Slide number", "Date")


def body_text(slide) -> list[str]:
    """The slide's paragraphs after its title, in reading order: placeholders and drawn
    shapes alike (footers and decorative marks left out)."""
    from handbook.slides.audit import decorative

    found = []
    for shape in slide.shapes:
        ph = shape.placeholder_format.type if shape.is_placeholder else None
        if shape == slide.shapes.title or shape.name.startswith(FURNITURE) or decorative(shape) \
                or (ph is not None and int(ph) in (13, 15, 16)) or not shape.has_text_frame:
            continue
        found += [p.text for p in shape.text_frame.paragraphs if p.text]
    return found


def outline(path):
    """[(layout, title, [body paragraphs], notes)] of every slide."""
    deck = Presentation(str(path))
    rows = []
    for slide in deck.slides:
        title = slide.shapes.title.text if slide.shapes.title is not None else None
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        rows.append((slide.slide_layout.name, title, body_text(slide), notes))
    return rows


def kinds(path) -> list[str]:
    return [slide._element.cSld.get("name") for slide in Presentation(str(path)).slides]


@pytest.fixture(scope="module")
def course(built):
    out, _ = built
    return out / "slides.pptx"


def test_deck_is_16_by_9(course):
    deck = Presentation(str(course))
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))


def test_course_deck_structure(course):
    rows = outline(course)
    titles = [r[1] for r in rows]
    assert titles[:4] == ["Fixture handbook", "Getting started", "First steps",
                          "Chapter 1 at a glance"]
    assert rows[0][0] == "Title Slide" and rows[2][0] == "Section Header"
    assert rows[1][0] == "Title Slide"  # a module divider looks unlike a chapter divider
    assert rows[1][2] == ["Module 1", "2 chapters · 20 min"]
    assert rows[2][2] == ["Chapter 1", "Ada Lovelace · 10 min session"]
    agenda = rows[3][2]  # the sections with their minutes, as the trainer guide gives them
    assert agenda[:2] == ["1", "Lists and emphasis"] and "A table and a figure" in agenda
    assert "A section made of paragraphs" in agenda
    assert "This introduction comes before the first section." in rows[3][3]


def test_every_slide_has_a_title(course):
    assert all(title for _, title, _, _ in outline(course))


def test_section_slide_uses_in_short_and_notes_hold_the_section(course):
    rows = outline(course)
    _, _, bullets, notes = next(r for r in rows if r[1] == "Lists and emphasis")
    assert bullets == ["Key point alpha", "Key point beta", "Key point gamma"]  # as cards
    assert "Plain text with emphasis, strong words and a link to the EU" in notes
    assert "https://" not in notes  # a link is its text: the address is in print and on QR codes
    assert "- Second point\n  - A nested point" in notes


def test_paragraph_sections_give_one_short_point_per_paragraph(course):
    rows = outline(course)
    _, _, bullets, notes = next(r for r in rows if r[1] == "A section made of paragraphs")
    assert bullets == ["The first paragraph makes the first point.",
                       "The second paragraph makes the second point."]
    assert "It then says more that stays in the notes." in notes


def test_long_section_continues_on_numbered_slides_within_limits(course):
    rows = outline(course)
    parts = [r for r in rows if r[1].startswith("Long section (")]
    assert len(parts) >= 3
    assert [r[1] for r in parts] == [f"Long section ({i}/{len(parts)})"
                                     for i in range(1, len(parts) + 1)]
    points = [b for r in parts for b in r[2]]
    assert len(points) == 18 and points[0].startswith("Point number 1 ")


def test_no_slide_body_beyond_the_limits(built):
    out, _ = built
    for deck in [out / "slides.pptx", *sorted((out / "slides").glob("*.pptx"))]:
        for _, title, bullets, _ in outline(deck):
            words = sum(len(b.split()) for b in bullets)
            assert len(bullets) <= 2 * MAX_BULLETS, title  # reading slides: link + address
            assert words <= MAX_WORDS, title


def test_crowded_slide_is_shrunk_and_recorded_as_powerpoint_does(tmp_path):
    from dataclasses import replace

    from handbook.slides.deck import DeckBuilder
    from handbook.slides.spec import Bullet
    from handbook.source.loader import load_book
    from handbook.source.theme import load_theme

    from .conftest import FIXTURE_BOOK

    book = load_book(FIXTURE_BOOK)
    builder = DeckBuilder(load_theme(book.root).slide_template)
    narrow = replace(builder.geometry, body=replace(builder.geometry.body, width_pt=380,
                                                                     height_pt=250))
    builder.geometry = narrow
    words = "a bullet with enough words to wrap twice"
    bullets = [Bullet((Span(f"{words} {i}"),)) for i in range(5)]
    slides = builder.planner("en").points("Crowded", bullets, "notes", "points")
    floor = MIN_BODY_PT / builder.geometry.levels[0].size_pt  # never below 18 pt
    assert len(slides) == 1 and floor <= slides[0].font_scale < 1.0
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(builder.build(slides, book))
    body = Presentation(str(deck)).slides[0].placeholders[1]
    fit = body.text_frame._txBody.bodyPr.find(f"{A}normAutofit")
    assert int(fit.get("fontScale")) == round(slides[0].font_scale * 100000)


def test_tables_are_native_with_a_header_row(course):
    deck = Presentation(str(course))
    tables = [s for slide in deck.slides for s in slide.shapes if s.has_table]
    assert len(tables) == 1
    grid = tables[0].table
    assert grid.first_row
    assert [c.text for c in grid.rows[0].cells] == ["Column A", "Column B", "Column C"]
    assert [c.text for c in grid.rows[3].cells] == ["cherry", "dark red", "3"]


def test_pictures_carry_their_alt_text_and_their_sections_title(course):
    deck = Presentation(str(course))
    pictures = {}
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE and not shape.name.startswith("QR"):
                pictures[slide.shapes.title.text] = shape._element.nvPicPr.cNvPr.get("descr")
    assert pictures == {"A table and a figure (1/3)": "A grey square used as a test picture",
                        "The only section": "A vector figure"}


def test_question_and_further_reading_slides(course):
    rows = outline(course)
    question = next(r for r in rows if r[1] == "Try it yourself: A table and a figure")
    assert re.fullmatch(r"Try it yourself · \d+ min", question[2][0])  # the guide's minutes
    assert question[2][1:] == ["Name three things you learned."]
    reading = next(r for r in rows if r[1] == "Want to know more?")
    assert reading[2] == ["The EU AI Act on EUR-Lex", "eur-lex.europa.eu/eli/reg/2024/1689/oj"]


def test_one_deck_per_chapter(built):
    out, _ = built
    decks = sorted(p.name for p in (out / "slides").glob("*.pptx"))
    assert decks == ["01-first-steps.pptx", "02-second-chapter.pptx", "03-without-part.pptx"]
    rows = outline(out / "slides" / "03-without-part.pptx")
    assert rows[0][:2] == ("Section Header", "A chapter outside any part")
    assert rows[0][2][0] == "Chapter 3"


def test_glossary_terms_become_points(course):
    rows = outline(course)
    _, _, bullets, notes = next(r for r in rows if r[1] == "Glossary-like terms")
    assert bullets == ["Term one", "The first definition.", "Term two",
                       "The second definition."]  # a terms slide: term over definition
    assert "Term one: The first definition." in notes


def test_author_chooses_a_section_layout(project, tmp_path):
    from handbook.build import build

    chapter = project / "content" / "01-first-steps.md"
    chapter.write_text(chapter.read_text().replace(
        "## Lists and emphasis", "## Lists and emphasis {: .layout-two-content }").replace(
        "## A section made of paragraphs", "## A section made of paragraphs {: .layout-nope }"))
    result = build(project, tmp_path)
    deck = Presentation(str(tmp_path / "slides.pptx"))
    slide = next(s for s in deck.slides if s.shapes.title.text == "Lists and emphasis")
    assert slide.slide_layout.name == "Two Content"
    columns = [[p.text for p in ph.text_frame.paragraphs] for ph in slide.placeholders
               if ph.placeholder_format.idx in (1, 2)]
    assert columns == [["Key point alpha", "Key point beta"], ["Key point gamma"]]
    assert any("no slide layout 'nope' for 'A section made of paragraphs'" in p.message
               for p in result.problems.warnings)
    pdf_anchor = "first-steps--lists-and-emphasis"
    from handbook.source.loader import load_book

    assert load_book(project).chapters[0].sections[0].anchor == pdf_anchor
