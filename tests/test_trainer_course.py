"""The shipped course's trainer kit, from one build of the book, the decks, the handout and the
guide: what issue 15 promises a trainer, asserted on the real files."""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from handbook.model import Callout, Table
from handbook.plaintext import blocks_text, row_text
from handbook.source.checks import all_blocks
from handbook.source.loader import load_book

from .conftest import REPO
from .kitpdf import STEP_END, STEP_TIME, check_accessible, filled, flat, page_texts

BOOK = load_book(REPO)
PIPE_ROW = re.compile(r"\w \| \w")
LABELS = ("IN SHORT:", "WANT TO KNOW MORE:", "[Figure")


@pytest.fixture(scope="module")
def kit(course_build: Path):
    out = course_build
    deck = Presentation(str(out / "slides.pptx"))
    slides = [(s.shapes.title.text, s.notes_slide.notes_text_frame.text) for s in deck.slides]
    pdfs = {name: PdfReader(out / f"{name}.pdf") for name in ("handbook", "handout",
                                                                "trainer-guide")}
    texts = {name: page_texts(pdf) for name, pdf in pdfs.items()}
    return out, slides, pdfs, texts


def trainer_notes() -> list[str]:
    """The first line of each question's `::: notes`, as the reader never sees it."""
    found = []
    for chapter in BOOK.chapters:
        for block in all_blocks(chapter):
            if isinstance(block, Callout) and block.kind == "question":
                notes = [b for b in block.blocks if isinstance(b, Callout) and b.for_trainer]
                found.append(blocks_text(notes[0].blocks).split("\n")[0].removeprefix("- "))
    return found


def test_the_guide_is_at_most_a_page_per_three_slides(kit):
    _, slides, pdfs, _ = kit
    assert len(pdfs["trainer-guide"].pages) <= math.floor(len(slides) / 3)


def test_the_guide_has_no_pipe_tables_placeholders_or_labels(kit):
    _, _, _, texts = kit
    text = "\n".join(texts["trainer-guide"])
    assert not PIPE_ROW.search(text)
    assert not any(label in text for label in LABELS)


def test_no_row_or_slide_entry_of_the_guide_is_split_over_two_pages(kit):
    _, _, _, texts = kit
    for number, text in enumerate(texts["trainer-guide"][1:], start=2):
        assert len(STEP_TIME.findall(text)) == len(STEP_END.findall(text)), number
        for line in text.splitlines():  # a row of a session plan: its minutes on its page
            if re.match(r"\d+:\d\d–\d+:\d\d ", line):
                assert re.search(r" \d+ min$", line), (number, line)


def test_the_glossary_is_one_entry_not_a_row_per_slide(kit):
    _, _, _, texts = kit
    glossary = flat("\n".join(texts["trainer-guide"])).split("CHAPTER 10")[1]
    assert len(STEP_TIME.findall(glossary.replace(" – ", "–"))) <= 7  # its few slides, not 19
    assert "The full glossary" in glossary  # a few slides; the terms are in the handout


def test_every_slide_of_the_course_is_in_the_handout(kit):
    _, slides, _, texts = kit
    handout = flat("\n".join(texts["handout"])).casefold()  # module titles are in capitals
    for title, _ in slides[2:]:  # after the title slide and the course deck's overview
        base = re.sub(r" \(\d+/\d+\)$", "", title)  # a glossary's slides: its list's sections
        assert flat(title).casefold() in handout or flat(base).casefold() in handout, title


def test_no_page_of_the_handout_is_more_than_half_empty(kit):
    out, _, _, _ = kit
    assert all(share > 0.5 for share in filled(out / "handout.pdf")[:-1])


def test_every_slides_notes_start_with_talking_points_and_minutes(kit):
    _, slides, _, _ = kit
    for title, notes in slides:
        head = notes.split("\n\n")[0].split("\n")
        assert 2 <= len(head) - 1 <= 4 and all(p.startswith("- ") for p in head[:-1]), title
        assert re.fullmatch(r"\d+ min( · \d+:\d\d–\d+:\d\d)?", head[-1]), title
        assert not any(label in notes for label in LABELS), title
        assert not PIPE_ROW.search(notes), title


def test_no_slides_notes_hold_the_next_slides_table(kit):
    _, slides, _, _ = kit
    rows = [row_text(t.header, r) for c in BOOK.chapters for t in all_blocks(c)
            if isinstance(t, Table) for r in t.rows]
    for (_, notes), (title, following) in itertools.pairwise(slides):
        shown = [r for r in rows if r in following]
        assert not any(r in notes for r in shown), title


def test_trainer_notes_are_in_the_notes_and_the_guide_and_not_in_print(kit):
    _, slides, _, texts = kit
    notes = " ".join(n for _, n in slides)
    guide = flat("\n".join(texts["trainer-guide"]))
    book = flat("\n".join(texts["handbook"]))
    handout = flat("\n".join(texts["handout"]))
    found = trainer_notes()
    assert len(found) == len(BOOK.chapters)
    for line in found:
        words = flat(line)[:60]
        assert words in notes and words in guide, line
        assert words not in book and words not in handout, line


def test_the_guide_gives_the_handbook_page_of_each_section(kit):
    _, _, pdfs, texts = kit
    book = pdfs["handbook"]
    pages = {name: book.get_destination_page_number(d) + 1
             for name, d in book.named_destinations.items()}
    guide = flat("\n".join(texts["trainer-guide"]))
    for chapter in BOOK.chapters[:9]:
        section = chapter.sections[1]
        step = re.compile(re.escape(flat(section.title)) + r"( \(1/\d\))? \d+ min · ")
        start = step.search(guide, guide.index(flat(chapter.meta.title))).start()
        pointer = re.search(r"Full text: handbook p\. (\d+)", guide[start:])
        assert int(pointer.group(1)) == pages[section.anchor], section.title


@pytest.mark.parametrize("name", ["handout", "trainer-guide"])
def test_both_are_tagged_with_language_bookmarks_and_embedded_fonts(kit, name):
    _, _, pdfs, _ = kit
    check_accessible(pdfs[name], "AI literacy for staff members – ",
                     [c.meta.title for c in BOOK.chapters])
