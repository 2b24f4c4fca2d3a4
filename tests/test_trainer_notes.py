"""Trainer-only boxes (`::: notes`, `!!! trainer`) and the talking points at the top of the
speaker notes: in the model and the decks, never in the book."""

from __future__ import annotations

import re

import pytest
from pptx import Presentation
from pypdf import PdfReader

from handbook.model import Callout, Span, Table
from handbook.plaintext import row_text, table_text
from handbook.source.loader import load_book

from .conftest import FIXTURE_BOOK

CALLOUT = "Ask for a third point before you move on"
NOTES = "Listen for the word on the drawing"
NESTED = """---
title: Nested
---

## A section

Some text.

!!! question "Try it"
    What do you see?

    !!! answer
        A model answer for the reader.

    ::: notes
    - Listen for a prompt for the room.
    :::

::: {.callout-note}
A Quarto note.

::: notes
Inside a fenced div too.
:::
:::

!!! trainer "Before the session"
    Print the handouts.

``` markdown
::: notes
stays code
:::
```
"""


def deck_notes(path) -> dict[str, str]:
    return {s.shapes.title.text: s.notes_slide.notes_text_frame.text
            for s in Presentation(str(path)).slides}


def test_fenced_notes_inside_an_admonition_are_a_trainer_box(project):
    (project / "content" / "04-nested.md").write_text(NESTED)
    chapter = load_book(project).chapters[-1]
    question, quarto, trainer = (b for b in chapter.sections[0].blocks if isinstance(b, Callout))
    assert [b.kind for b in question.blocks if isinstance(b, Callout)] == ["answer", "notes"]
    assert [b.kind for b in quarto.blocks if isinstance(b, Callout)] == ["notes"]
    assert trainer.kind == "trainer" and trainer.for_trainer
    assert "<p>:::" not in chapter.html and "stays code" in chapter.html  # no raw syntax
    for words in ("prompt for the room", "Inside a fenced div", "Print the handouts"):
        assert words not in chapter.html
    assert "A model answer for the reader." in chapter.answers[0].html
    assert "prompt for the room" not in chapter.answers[0].question


def test_trainer_words_do_not_count_as_reading(project):
    path = project / "content" / "03-without-part.md"
    before = load_book(project).chapters[2].word_count
    path.write_text(path.read_text() + "\n!!! trainer\n    " + "word " * 400 + "\n")
    assert abs(load_book(project).chapters[2].word_count - before) <= 1  # the fence's words


def test_trainer_boxes_are_in_the_notes_and_nowhere_in_the_book(built):
    out, _ = built
    notes = deck_notes(out / "slides.pptx")
    assert CALLOUT in notes["A section made of paragraphs"]
    assert NOTES in notes["Try it yourself: A table and a figure"]  # named after its section
    book = " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(out / "handbook.pdf").pages)
    assert CALLOUT not in book and NOTES not in book
    assert "A rectangle with the word Diagram." in book  # the answer key still has the answer


def test_notes_start_with_talking_points_and_minutes(built):
    out, _ = built
    for title, text in deck_notes(out / "slides.pptx").items():
        head = text.split("\n\n")[0].split("\n")
        points, when = head[:-1], head[-1]
        assert re.fullmatch(r"\d+ min( · \d+:\d\d–\d+:\d\d)?", when), (title, head)
        assert all(p.startswith("- ") for p in points) and len(points) <= 4, title
    notes = deck_notes(out / "slides.pptx")
    asked = notes["Try it yourself: A table and a figure"]
    assert asked.startswith(f"- {NOTES} (trainer notes).\n- Ask what each of them would tell")
    assert "Name three things you learned." in asked
    assert "Answer: A rectangle with the word Diagram." in notes["Quiz: The only section"]


def test_a_slide_of_points_has_its_share_of_the_text_and_not_the_next_slides(built):
    out, _ = built
    notes = deck_notes(out / "slides.pptx")
    first = notes["A table and a figure (1/3)"]  # points and figure, table, quote
    assert "Some paragraph text follows the figure." in first
    assert "banana" not in first and "Figure 1" not in first  # the next slides' table, figure
    assert "banana – Column B: yellow; Column C: 2" in notes["A table and a figure (2/3)"]
    long = [notes[f"Long section ({i}/6)"] for i in range(1, 7)]
    assert all("Point number 1 " not in text for text in long[1:])
    assert all(f"Point number {n} " in " ".join(long) for n in range(1, 19))


@pytest.mark.parametrize(("header", "row", "text"), [
    (("Year", "Milestone"), ("1956", "Dartmouth workshop"), "1956: Dartmouth workshop"),
    (("Tool", "Does", "Kind"), ("Spam filter", "Sorts mail", "ML"),
     "Spam filter – Does: Sorts mail; Kind: ML"),
    (("", "B", "C"), ("", "x", ""), "B: x"),
])
def test_a_table_row_reads_as_text(header, row, text):
    cells = tuple((Span(c),) for c in row)
    assert row_text(tuple((Span(h),) for h in header), cells) == text
    assert table_text(Table(tuple((Span(h),) for h in header), (cells,))) == f"- {text}"


def test_the_fixture_book_has_a_trainer_box_of_each_kind():
    kinds = {b.kind for c in load_book(FIXTURE_BOOK).chapters for s in c.sections
             for b in s.blocks if isinstance(b, Callout)
             for b in (b, *b.blocks) if isinstance(b, Callout)}
    assert {"notes", "trainer"} <= kinds
