"""The participants' handout and the trainer guide, rendered from the model and planned slides."""

from __future__ import annotations

import itertools
import math
import re
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from handbook.errors import Collector
from handbook.kit.guide import largest_remainder, note_blocks, render_guide, slide_minutes
from handbook.kit.handout import SKIPPED, handout_html, render_handout
from handbook.slides.deck import DeckBuilder
from handbook.slides.plan import classroom_minutes
from handbook.slides.spec import SlideSpec
from handbook.source.loader import load_book
from handbook.source.theme import load_theme

from .conftest import FIXTURE_BOOK

ANSWER = "A rectangle with the word Diagram."


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> SimpleNamespace:
    """Both PDFs of the fixture book, with the book, its decks and the render problems."""
    book = load_book(FIXTURE_BOOK)
    theme = load_theme(FIXTURE_BOOK)
    planner = DeckBuilder(theme.slide_template).planner(book.meta.language, book.root)
    decks = {chapter.stem: planner.chapter_deck(chapter) for chapter in book.chapters}
    out = tmp_path_factory.mktemp("trainer")
    problems = Collector()
    for name, render in (("handout.pdf", render_handout), ("trainer-guide.pdf", render_guide)):
        data, pages = render(book, decks, theme, problems)
        (out / name).write_bytes(data)
        assert len(PdfReader(out / name).pages) == pages
    return SimpleNamespace(book=book, decks=decks, problems=problems,
                           handout=PdfReader(out / "handout.pdf"),
                           guide=PdfReader(out / "trainer-guide.pdf"))


def page_texts(pdf: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in pdf.pages]


def flat(text: str) -> str:
    """Text with list markers dropped and whitespace collapsed."""
    return " ".join(text.replace("•", " ").replace("–", " – ").split())


def test_render_without_problems(rendered):
    assert rendered.problems.problems == []


def test_handout_has_three_slides_a_page_and_each_chapter_on_a_new_page(rendered):
    texts = page_texts(rendered.handout)
    page = 1  # the cover comes first
    for chapter in rendered.book.chapters:
        slides = [s for s in rendered.decks[chapter.stem] if s.kind not in SKIPPED]
        assert f"CHAPTER {chapter.number}\n{chapter.meta.title}" in texts[page]
        start = page
        for index, slide in enumerate(slides):
            # the slide's title is on the page for its place: three to a page
            while slide.title not in texts[page]:
                page += 1
            assert page == start + index // 3, (slide.title, page)
        on_pages = [sum(s.title in texts[p] for s in slides[3 * i: 3 * i + 3])
                    for i, p in enumerate(range(start, page + 1))]
        assert on_pages == [min(3, len(slides) - 3 * i) for i in range(len(on_pages))]
        assert page + 1 - start == math.ceil(len(slides) / 3)
        for p in range(start, page + 1):  # a "Notes" column beside every slide
            assert texts[p].count("Notes") == on_pages[p - start]
        page += 1  # the next chapter starts on a new page
    assert page == len(texts)


def test_handout_shows_tables_pictures_and_links_but_no_answers(rendered):
    text = "\n".join(page_texts(rendered.handout))
    assert "banana yellow 2" in text  # the table slide as a table
    assert "eur-lex.europa.eu/eli/reg/2024/1689/oj" in text  # further reading: short URLs
    assert ANSWER not in text and "Diagram." not in text
    links = [annotation.get_object().get("/A", {}).get("/URI")
             for page in rendered.handout.pages for annotation in page.get("/Annots", [])]
    assert "https://eur-lex.europa.eu/eli/reg/2024/1689/oj" in links


def test_guide_shows_goals_and_every_slide_with_its_notes(rendered):
    texts = page_texts(rendered.guide)
    chapter = rendered.book.chapters[2]
    opener = next(t for t in texts if f"CHAPTER {chapter.number}\n{chapter.meta.title}" in t)
    assert "Learning goals" in opener
    assert all(goal in opener for goal in chapter.meta.goals)
    text = flat("\n".join(texts))
    position = 0
    for slides in rendered.decks.values():
        for slide in slides:
            position = text.index(flat(slide.title), position)
            words = flat(slide.notes.replace("- ", " ")).split()[:6]
            if words:
                assert text.index(" ".join(words), position) < position + 2000, slide.title


def test_guide_minutes_add_up_to_each_session(rendered):
    text = flat("\n".join(page_texts(rendered.guide)))
    steps = [(int(m), int(a) * 60 + int(b), int(c) * 60 + int(d)) for m, a, b, c, d in
             re.findall(r"(\d+) min (\d+):(\d\d) – (\d+):(\d\d)", text)]
    sessions: list[list[tuple[int, int, int]]] = []
    for step in steps:
        if step[1] == 0:  # a session starts at 0:00
            sessions.append([])
        sessions[-1].append(step)
    assert len(sessions) == len(rendered.book.chapters)
    for chapter, session in zip(rendered.book.chapters, sessions, strict=True):
        duration = chapter.meta.duration or classroom_minutes(chapter)
        assert len(session) == len(rendered.decks[chapter.stem])
        assert sum(minutes for minutes, _, _ in session) == duration
        assert all(end - start == minutes for minutes, start, end in session)
        assert [s[1] for s in session[1:]] == [s[2] for s in session[:-1]]  # back to back
        assert session[-1][2] == duration
        assert f"{chapter.meta.title}" in text and f"Total: {duration} min" in text


def test_guide_gives_the_quiz_question_with_its_answer_and_open_questions(rendered):
    text = flat("\n".join(page_texts(rendered.guide)))
    discussion = text[text.rindex("Discussion questions"):]
    assert f"QUIZ What does the drawing show? SUGGESTED ANSWER {ANSWER}" in discussion
    first = text[text.index("Discussion questions"):]
    assert "Name three things you learned. No suggested answer" in first


def structure(pdf: PdfReader) -> list[dict]:
    found: list[dict] = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if "/S" in node:
                found.append(node)
            kids = node.get("/K", [])
            for kid in kids if isinstance(kids, list) else [kids]:
                walk(kid)

    walk(pdf.trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize("name", ["handout", "guide"])
def test_both_are_tagged_with_headings_in_order_and_alt_text(rendered, name):
    pdf = getattr(rendered, name)
    assert pdf.trailer["/Root"]["/Lang"] == "en"
    assert pdf.metadata.title.startswith("Fixture handbook – ")
    elements = structure(pdf)
    levels = [int(str(e["/S"])[2]) for e in elements if re.fullmatch(r"/H[1-6]", str(e["/S"]))]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)


def spec(kind: str = "points", notes: int = 0) -> SlideSpec:
    return SlideSpec(kind, "Title", notes="x" * notes)


@pytest.mark.parametrize(("slides", "total", "expected"), [
    ([spec(notes=0), spec(notes=100), spec(notes=300)], 10, [1, 3, 6]),  # 1 + 7 × weight
    ([spec(notes=50)] * 4, 10, [3, 3, 2, 2]),  # a tie: the earlier slides first
    ([spec(), spec("question"), spec(notes=900)], 12, [1, 3, 8]),  # a question: 3 at least
    ([spec(notes=n) for n in range(21)], 15, None),  # more slides than minutes
    ([], 10, []),
])
def test_slide_minutes_add_up_with_a_minimum_each(slides, total, expected):
    minutes = slide_minutes(slides, total)
    assert sum(minutes) == (total if slides else 0)
    if expected is not None:
        assert minutes == expected
    else:
        assert set(minutes) <= {0, 1}


def test_largest_remainder_rounding():
    assert largest_remainder([1.5, 1.5, 2.0], 5) == [2, 1, 2]
    assert largest_remainder([0.2, 0.3, 0.5], 1) == [0, 0, 1]
    exact = [7 * w / 17 for w in (3, 5, 9)]
    assert sum(largest_remainder(exact, 7)) == 7


def test_notes_become_paragraphs_and_lists():
    notes = "First line.\nSecond line.\n\n- one\n  - sub\n- two\n\nIN SHORT: - a\n- b"
    assert note_blocks(notes) == (
        ("p", ("First line.", "Second line.")),
        ("ul", ((0, "one"), (1, "sub"), (0, "two"))),
        ("p", ("IN SHORT:",)),
        ("ul", ((0, "a"), (0, "b"))),
    )


def test_answer_slides_stay_out_of_the_handout(rendered):
    """With answer_slides on, the decks get answer slides: the handout still skips them."""
    book, theme = rendered.book, load_theme(FIXTURE_BOOK)
    planner = DeckBuilder(theme.slide_template).planner(book.meta.language, book.root)
    planner.answer_slides = True
    decks = {c.stem: planner.chapter_deck(c) for c in book.chapters}
    assert any(s.kind == "answer" for deck in decks.values() for s in deck)
    html = handout_html(book, decks, theme)
    assert "Diagram</em>." not in html and "A rectangle with the word" not in html
