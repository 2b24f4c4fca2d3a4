"""The participants' handout and the trainer guide of the fixture book, rendered from the model
and the course deck's slide plan, read back with pypdf and pdfplumber."""

from __future__ import annotations

import re
from dataclasses import replace
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from handbook.errors import Collector
from handbook.kit.guide import guide_html, render_guide
from handbook.kit.handout import SKIPPED, course_decks, handout_html, render_handout
from handbook.slides.deck import DeckBuilder
from handbook.slides.plan import classroom_minutes
from handbook.slides.spec import SlideSpec
from handbook.slides.talking import largest_remainder, slide_minutes
from handbook.source.loader import load_book
from handbook.source.theme import load_theme

from .conftest import FIXTURE_BOOK
from .kitpdf import STEP_END, STEP_TIME, check_accessible, filled, flat, page_texts

ANSWER = "A rectangle with the word Diagram."
TRAINER = ("Ask for a third point before you move on", "Listen for the word on the drawing")


@pytest.fixture(scope="module")
def rendered(built, tmp_path_factory) -> SimpleNamespace:
    """Both PDFs of the fixture book, the guide pointing at the pages of its handbook.pdf."""
    handbook = built[0] / "handbook.pdf"
    book = load_book(FIXTURE_BOOK)
    theme = load_theme(FIXTURE_BOOK)
    planner = DeckBuilder(theme.slide_template).planner(book.meta.language, book.root)
    course = planner.course(book)
    decks = course_decks(book, course)
    out = tmp_path_factory.mktemp("trainer")
    problems = Collector()
    for name, render, extra in (("handout.pdf", render_handout, ()),
                                ("trainer-guide.pdf", render_guide, (handbook.read_bytes(),))):
        data, pages = render(book, decks, theme, problems, *extra)
        (out / name).write_bytes(data)
        assert len(PdfReader(out / name).pages) == pages
    return SimpleNamespace(book=book, course=course, decks=decks, problems=problems, out=out,
                           theme=theme, handbook=PdfReader(handbook),
                           handout=PdfReader(out / "handout.pdf"),
                           guide=PdfReader(out / "trainer-guide.pdf"))


def test_render_without_problems(rendered):
    assert rendered.problems.problems == []


def test_course_decks_are_the_course_deck_by_chapter(rendered):
    decks = rendered.decks
    assert list(decks) == [c.stem for c in rendered.book.chapters]
    assert [s for deck in decks.values() for s in deck] == \
        [s for s in rendered.course if s.kind not in ("title", "part")]
    assert all(deck[0].kind == "chapter" for deck in decks.values())


def test_handout_has_every_slide_three_to_a_page_and_chapters_run_on(rendered):
    texts = page_texts(rendered.handout)
    text = "\n".join(texts)
    shown = [s for s in rendered.course if s.kind not in SKIPPED]
    position = 0
    for slide in shown:  # in the course's order
        position = text.index(slide.title, position)
    for chapter in rendered.book.chapters:
        assert f"CHAPTER {chapter.number} {chapter.meta.title}" in text
    assert "MODULE 1 · GETTING STARTED" in text  # the module slide's title
    notes = [t.count("Notes") for t in texts[1:]]
    assert notes == [3] * (len(notes) - 1) + [notes[-1]], notes
    assert sum(notes) == len(shown)
    chapter_two = next(i for i, t in enumerate(texts) if "CHAPTER 2" in t)
    last = [s.title for s in rendered.decks[rendered.book.chapters[0].stem]][-1]
    assert last in texts[chapter_two] or "CHAPTER 2" not in texts[chapter_two][:40]
    assert all(share > 0.5 for share in filled(rendered.out / "handout.pdf")[1:-1])


def test_handout_shows_tables_pictures_and_links_but_no_answers_or_trainer_notes(rendered):
    text = "\n".join(page_texts(rendered.handout))
    assert "banana yellow 2" in text  # the table slide as a table
    assert "eur-lex.europa.eu/eli/reg/2024/1689/oj" in text  # further reading: short URLs
    assert ANSWER not in text and "Diagram." not in text
    assert not any(note in flat(text) for note in TRAINER)
    links = [annotation.get_object().get("/A", {}).get("/URI")
             for page in rendered.handout.pages for annotation in page.get("/Annots", [])]
    assert "https://eur-lex.europa.eu/eli/reg/2024/1689/oj" in links


def test_guide_has_every_slide_with_its_talking_points_in_order(rendered):
    text = flat("\n".join(page_texts(rendered.guide)))
    position = 0
    for slides in rendered.decks.values():
        for slide in slides:
            position = text.index(flat(slide.title), position)
            for point in slide.talking:
                assert flat(point)[:50] in text[position:position + 3000], (slide.title, point)


def test_guide_session_plan_and_minutes_add_up_to_each_session(rendered):
    text = flat("\n".join(page_texts(rendered.guide)))
    steps = [(int(m), int(a) * 60 + int(b), int(c) * 60 + int(d)) for m, a, b, c, d in
             re.findall(r"(\d+) min · (\d+):(\d\d) – (\d+):(\d\d)", text)]
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
        assert [s[1] for s in session[1:]] == [s[2] for s in session[:-1]]  # back to back
        assert session[-1][2] == duration
        assert f"Total {duration} min" in text
    assert "Session plan" in text and "Before the session" in text
    first = rendered.decks[rendered.book.chapters[0].stem]
    assert f"Slides 3 – {2 + len(first)} of the course deck, or the chapter's own deck " \
        f"({len(first)} slides)." in text


def test_guide_gives_the_question_its_answer_and_trainer_notes(rendered):
    text = flat("\n".join(page_texts(rendered.guide)))
    quiz = text[text.index("Quiz"):]
    assert f"SUGGESTED ANSWER {ANSWER}" in quiz
    assert all(note in text for note in TRAINER)
    assert re.search(r"Try it yourself: A table and a figure \d min · [\d:]+ – [\d:]+ Listen for "
                     r"the word on the "
                     r"drawing \(trainer notes\)\. Ask what each of them would tell a colleague\. "
                     "No suggested answer: an open discussion.", text)
    assert "FOR THE TRAINER Ask for a third point before you move on" in text


def test_guide_points_at_the_handbook_page_of_each_section(rendered):
    texts = page_texts(rendered.handbook)
    heading = next(n for n, t in enumerate(texts, 1) if "Text after the drawing" in t)
    guide = flat("\n".join(page_texts(rendered.guide)))
    step = guide[re.search(r"The only section \d+ min", guide).start():]
    assert step.split("Full text: handbook ")[1].startswith(f"p. {heading} ")
    html = guide_html(rendered.book, rendered.decks, rendered.theme)  # no handbook built
    assert "Full text: handbook chapter 3, “The only section”" in html


def test_no_step_of_the_guide_is_split_over_two_pages(rendered):
    for text in page_texts(rendered.guide)[1:]:
        assert len(STEP_TIME.findall(text)) == len(STEP_END.findall(text)), text[:200]


@pytest.mark.parametrize("name", ["handout", "guide"])
def test_both_are_tagged_with_language_bookmarks_and_embedded_fonts(rendered, name):
    check_accessible(getattr(rendered, name), "Fixture handbook – ",
                     [c.meta.title for c in rendered.book.chapters])


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


def test_answer_slides_stay_out_of_the_handout(rendered):
    """With answer_slides on, the decks get answer slides: the handout still skips them."""
    theme = rendered.theme
    book = replace(rendered.book, meta=replace(rendered.book.meta, answer_slides=True))
    planner = DeckBuilder(theme.slide_template).planner(book.meta.language, book.root)
    decks = course_decks(book, planner.course(book))
    assert any(s.kind == "answer" for deck in decks.values() for s in deck)
    html = handout_html(book, decks, theme)
    assert "Diagram</em>." not in html and "A rectangle with the word" not in html
