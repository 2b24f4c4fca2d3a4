"""Designed decks (issue 13), read back with python-pptx: the shipped course's deck and a
second course's decks (tests/fixtures/course: long prose, no "In short" boxes, a long numbered
list, tables and three figures) meet the measures a trainer would apply, and each layout keeps
its promises. scripts/deck_report.py measures the same on LibreOffice's rendering."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from openxml_audit import validate_pptx
from pptx import Presentation

from handbook.build import build
from handbook.slides.audit import audit, decorative, summary

from .conftest import REPO

COURSE = Path(__file__).parent / "fixtures" / "course"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
SVG_URI = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    """The shipped course's deck (the course deck alone: the chapter decks repeat it)."""
    from handbook.slides.deck import DeckBuilder
    from handbook.source.loader import load_book
    from handbook.source.theme import load_theme

    book = load_book(REPO)
    builder = DeckBuilder(load_theme(REPO).slide_template, book.meta.layouts)
    planner = builder.planner(book.meta.language, book.root, book)
    path = tmp_path_factory.mktemp("shipped") / "slides.pptx"
    path.write_bytes(builder.build(planner.course(book), book))
    return path


@pytest.fixture(scope="module")
def second(tmp_path_factory) -> Path:
    """The second course's decks, built as `handbook build --slides-only` builds them."""
    root = tmp_path_factory.mktemp("course") / "book"
    shutil.copytree(COURSE, root)
    out = root.parent / "out"
    result = build(root, out, pdf=False, cache=False)
    assert not result.problems.errors
    return out


def decks(second: Path) -> list[Path]:
    return [second / "slides.pptx", *sorted((second / "slides").glob("*.pptx"))]


def slides_of(path: Path):
    return audit(Presentation(str(path)))


def test_the_shipped_course_deck_meets_the_measures(shipped):
    found = summary(slides_of(shipped))
    assert found["empty_over_45"] <= 0.10  # a body left more than 45 % empty below
    assert found["more_than_bullets"] >= 0.50
    assert found["ellipses"] == 0 and found["lone_short_bullets"] == 0
    assert found["smallest_pt"] >= 14
    assert found["kinds"] >= 6


def test_the_second_courses_decks_meet_the_measures(second):
    for path in decks(second):
        found = summary(slides_of(path))
        assert found["empty_over_45"] <= 0.10, path.name
        assert found["more_than_bullets"] >= 0.50, path.name
        assert found["ellipses"] == 0 and found["lone_short_bullets"] == 0, path.name
        assert found["smallest_pt"] >= 14, path.name
    kinds = {s.kind for s in slides_of(second / "slides.pptx")}
    assert {"steps", "table", "picture", "figure", "comparison", "quote", "terms", "question",
            "reading", "agenda", "recap", "closing", "modules"} <= kinds


def test_every_chapter_deck_opens_with_an_agenda_and_ends_with_a_close(second, built):
    chapter_decks = [*sorted((second / "slides").glob("*.pptx")),
                     *sorted((built[0] / "slides").glob("*.pptx"))]
    for path in chapter_decks:
        kinds = [s.kind for s in slides_of(path)]
        assert kinds[:2] == ["chapter", "agenda"], path.name
        assert kinds[-1] == "closing", path.name
    kinds = [s.kind for s in slides_of(second / "slides" / "01-planning.pptx")]
    assert kinds[-2] == "recap"


def test_every_chapter_of_the_shipped_course_opens_with_an_agenda_and_closes(shipped):
    slides = slides_of(shipped)
    kinds = [s.kind for s in slides]
    starts = [i for i, kind in enumerate(kinds) if kind == "chapter"]
    assert len(starts) == 10
    for start, end in zip(starts, [*starts[1:], len(kinds)], strict=True):
        chapter = [k for k in kinds[start:end] if k != "part"]
        assert chapter[1] == "agenda" and chapter[-1] == "closing", chapter
        assert "recap" in chapter[-3:] or slides[start].title == "Glossary"


def test_module_and_chapter_dividers_differ(shipped):
    slides = slides_of(shipped)
    module = next(s for s in slides if s.kind == "part")
    chapter = next(s for s in slides if s.kind == "chapter")
    assert module.layout != chapter.layout
    assert any("chapters" in p for p in module.paragraphs)  # what the module holds


def test_a_question_on_a_section_with_a_colon_has_one_colon(shipped):
    titles = [s.title for s in slides_of(shipped) if s.kind == "question"]
    assert "Try it yourself – Iterate: the first answer is a first draft" in titles
    assert not [t for t in titles if t.count(":") > 1]


def test_key_content_is_on_the_slide(shipped):
    slides = slides_of(shipped)
    prompt = next(s for s in slides if s.kind == "code" and s.title.startswith("A worked"))
    assert any(p.startswith("You are a friendly and precise adviser") for p in prompt.paragraphs)
    checklist = next(s for s in slides if s.title == "A checklist before you start")
    assert checklist.kind == "steps"
    assert sum(p.endswith("?") for p in checklist.paragraphs) == 7  # all seven questions


def test_the_glossary_is_a_few_slides_and_no_definition_is_cut(shipped, second):
    deck = Presentation(str(shipped))
    slides = audit(deck)
    start = next(i for i, s in enumerate(slides) if s.kind == "chapter" and s.title == "Glossary")
    glossary = slides[start:]
    assert len(glossary) <= 7
    assert {"agenda", "terms", "statement", "question", "reading", "closing"} <= \
        {s.kind for s in glossary}  # the chapter's question and reading are not lost
    terms = [s for s in slides if s.kind == "terms"]
    assert terms and all(p.endswith((".", ")")) for s in terms for p in s.paragraphs[1::2])


def test_a_long_numbered_list_is_numbered_steps_continued(second):
    slides = [s for s in slides_of(second / "slides.pptx")
              if s.title.startswith("Preparing step by step")]
    assert [s.kind for s in slides] == ["steps", "steps"]
    numbers = [p for s in slides for p in s.paragraphs if p.isdigit()]
    assert numbers == [str(n) for n in range(1, 11)]


def test_figures_are_svg_with_a_png_fallback_titled_by_their_section(second):
    deck = Presentation(str(second / "slides.pptx"))
    found = {}
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape._element.tag != f"{P}pic" or shape.name.startswith("QR"):
                continue
            blip = shape._element.find(f".//{A}blip")
            fallback = slide.part.related_part(blip.get(
                "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"))
            svg = blip.find(f"{A}extLst/{A}ext[@uri='{SVG_URI}']")
            vector = slide.part.related_part(svg[0].get(
                "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")) \
                if svg is not None else None
            found[slide.shapes.title.text] = (fallback.content_type,
                                              vector.content_type if vector else None,
                                              shape._element.nvPicPr.cNvPr.get("descr"))
            if vector is not None:
                assert b"<script" not in vector.blob and b"<svg" in vector.blob
    assert found["Who to invite (2/2)"][:2] == ("image/png", "image/svg+xml")
    assert found["What minutes are for"][:2] == ("image/png", "image/svg+xml")
    assert found["Sharing them"][:2] == ("image/png", None)  # a PNG stays a PNG
    assert found["Who to invite (2/2)"][2].startswith("A diagram of four roles")
    texts = {s.title: s.paragraphs for s in audit(deck)}
    # its caption, numbered as in the handbook
    assert "Figure 1.1: The four roles a meeting needs" in texts["Who to invite (2/2)"]


def test_the_svg_parts_are_valid_ooxml(second):
    result = validate_pptx(str(second / "slides.pptx"))
    assert result.is_valid, [str(e) for e in result.errors[:5]]
    with zipfile.ZipFile(second / "slides.pptx") as package:
        types = package.read("[Content_Types].xml").decode()
    assert 'ContentType="image/svg+xml"' in types


def test_each_qr_code_sits_beside_its_link(second):
    deck = Presentation(str(second / "slides.pptx"))
    slide = next(s for s in deck.slides if s.shapes.title.text == "Want to know more?")
    codes = [s for s in slide.shapes if s.name.startswith("QR code")]
    links = [s for s in slide.shapes if s.name.startswith("Link ")]
    assert len(codes) == len(links) == 5
    for code, link in zip(codes, links, strict=True):
        assert abs((code.top + code.height / 2) - (link.top + link.height / 2)) < 12700
        assert code.left + code.width <= link.left
        url = link.text_frame.paragraphs[0].runs[0].hyperlink.address
        assert code._element.nvPicPr.cNvPr.get("descr") == f"QR code for {url}"


def test_questions_show_their_label_minutes_and_room(second):
    slide = next(s for s in slides_of(second / "slides.pptx") if s.kind == "question")
    assert re.fullmatch(r"Discuss · \d+ min", slide.paragraphs[0])  # as the guide times it
    assert slide.title == "Discuss: A week of meetings, in numbers"


def test_decorative_shapes_are_marked_and_text_follows_the_title(second):
    deck = Presentation(str(second / "slides.pptx"))
    marks = [shape for slide in deck.slides for shape in slide.shapes if decorative(shape)]
    assert marks and all(not shape.has_text_frame or not shape.text_frame.text.strip()
                         or shape.text_frame.text.strip() in "?“✓" for shape in marks)
    for slide in deck.slides:
        assert next(iter(slide.shapes)) == slide.shapes.title


def test_an_author_chooses_a_designed_layout(tmp_path):
    root = tmp_path / "book"
    shutil.copytree(COURSE, root)
    chapter = root / "content" / "02-minutes.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "## Words to know", "## Words to know {: .layout-bullets }"), encoding="utf-8")
    build(root, tmp_path / "out", pdf=False, cache=False, jobs=1)
    slides = slides_of(tmp_path / "out" / "slides.pptx")
    assert next(s for s in slides if s.title == "Words to know").kind == "points"


def test_tables_have_even_rows_and_takeaways_stand_alone(shipped, second):
    deck = Presentation(str(shipped))
    tables = [shape.table for slide in deck.slides for shape in slide.shapes if shape.has_table]
    assert len(tables) >= 5
    for table in tables:
        assert len({row.height for row in list(table.rows)[1:]}) == 1  # body rows even
    recaps = [s for d in (deck, Presentation(str(second / "slides.pptx"))) for s in audit(d)
              if s.kind == "recap"]
    points = [p for s in recaps for p in s.paragraphs if p != "✓"]
    assert len(points) >= 12
    assert not [p for p in points if p.startswith(("These ", "This ", "Those ", "The table"))]
    assert not [p for p in points if not p.endswith((".", "?", "!", "”", ")"))], points


def test_a_lone_point_without_a_break_goes_on_over_readable_slides_not_tiny_type(tmp_path):
    """A section of one 400-word sentence with no clause to end at: warned, shown over
    slides within the words a slide takes, every word kept in order, not repeated in the
    takeaways."""
    import random

    from handbook.slides.deck import DeckBuilder
    from handbook.slides.spec import MAX_WORDS
    from handbook.source.loader import load_book
    from handbook.source.theme import DEFAULTS

    rng = random.Random(4)
    words = [rng.choice(("staff", "model", "of", "the", "report", "and", "data")) for _ in
             range(400)]
    endless = " ".join(words).capitalize() + "."
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "01-long.md").write_text(
        f"---\ntitle: Long\n---\n\nIntro.\n\n## One long point\n\n{endless}\n\n"
        "## Short\n\nA short point here.\n\nAnother short point.\n")
    book = load_book(tmp_path)
    planner = DeckBuilder(DEFAULTS / "template.pptx").planner("en", book.root, book)
    slides = planner.chapter_deck(book.chapters[0])
    long = [s for s in slides if s.title.startswith("One long point (")]
    assert len(long) > 3 and all(sum(b.words for b in s.bullets) <= MAX_WORDS for s in long)
    said = " ".join(b.text for s in long for b in s.bullets).replace(" … …", "")
    assert said.split() == endless.split()  # nothing cut, nothing added but "…"
    assert any("no sentence or clause ends in its 400 words" in w for w in planner.warnings)
    assert not any(endless[:40] in b.text for s in slides if s.kind == "recap"
                   for b in s.bullets)
