"""Builds that survive odd input: generated Markdown, a very large chapter, bad outputs."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.book.html import render_book_html
from handbook.cli import main
from handbook.slides.deck import DeckBuilder
from handbook.slides.frame import MAX_AGENDA
from handbook.slides.spec import MAX_BULLETS, MAX_WORDS
from handbook.source.loader import load_book
from handbook.source.theme import load_theme

from .conftest import FIXTURE_BOOK

THEME = load_theme(FIXTURE_BOOK)
BUILDER = DeckBuilder(THEME.slide_template)

words = st.text(alphabet=string.ascii_letters + "äöüßéèçñøåłżΩЖ", min_size=1, max_size=12)
long_word = st.text(alphabet="abcdefghij", min_size=60, max_size=200)
phrase = st.lists(st.one_of(words, long_word, words.map(lambda w: f"*{w}*"),
                            words.map(lambda w: f"**{w}**")), min_size=1, max_size=40).map(" ".join)


@st.composite
def blocks(draw, depth=0):
    kind = draw(st.sampled_from(["para", "list", "table", "quote", "callout", "empty"]))
    if kind == "para":
        return draw(phrase)
    if kind == "list":
        items = draw(st.lists(phrase, min_size=1, max_size=10))
        nested = draw(st.booleans())
        lines = [f"- {item}" for item in items]
        if nested:
            lines.insert(1, f"    - {draw(phrase)}")
        return "\n".join(lines)
    if kind == "table":
        columns = draw(st.integers(1, 5))
        rows = draw(st.integers(0, 12))
        head = "| " + " | ".join(draw(words) for _ in range(columns)) + " |"
        rule = "|" + "---|" * columns
        body = ["| " + " | ".join(draw(words) for _ in range(columns)) + " |" for _ in range(rows)]
        return "\n".join([head, rule, *body])
    if kind == "quote":
        return "> " + draw(phrase)
    if kind == "callout":
        name = draw(st.sampled_from(["summary", "tip", "warning", "question", "more"]))
        return f'!!! {name} "Box"\n    - {draw(phrase)}\n    - {draw(phrase)}'
    return ""


@st.composite
def chapters(draw):
    titles = draw(st.lists(words, min_size=1, max_size=8, unique=True))
    parts = [draw(phrase)]
    for title in titles:
        parts.append(f"## {title}")
        parts.extend(draw(st.lists(blocks(), max_size=6)))
    return titles, "\n\n".join(parts) + "\n"


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chapters())
def test_generated_markdown_reaches_both_renderers(tmp_path_factory, generated):
    titles, body = generated
    root = tmp_path_factory.mktemp("gen")
    (root / "content").mkdir()
    (root / "content" / "01-generated.md").write_text("# Generated\n\n" + body)
    book = load_book(root)
    html = render_book_html(book, THEME)
    planner = BUILDER.planner("en")
    slides = planner.course(book)
    slide_titles = " ".join(s.title for s in slides)
    for title in titles:
        assert f">{title}</h2>" in html
        assert title in slide_titles
    for slide in slides:
        assert slide.title
        rows = MAX_AGENDA if slide.kind == "agenda" else MAX_BULLETS  # sections, not bullets
        assert len([b for b in slide.bullets if b.level == 0]) <= rows
        assert sum(b.words for b in slide.bullets) <= MAX_WORDS or slide.kind == "recap"
    assert BUILDER.build(slides, book)[:2] == b"PK"


def test_a_very_large_chapter_builds_within_the_limits(tmp_path, capsys):
    root = tmp_path / "large"
    (root / "content").mkdir(parents=True)
    sentence = "Staff read this sentence to learn how a long chapter is split into slides. "
    sections = []
    for number in range(200):
        paragraphs = "\n\n".join(sentence * 5 for _ in range(8))  # 8 × 65 words
        items = "\n".join(f"- Point {i} of section {number} with a few words" for i in range(9))
        sections.append(f"## Section {number}\n\n{paragraphs}\n\n{items}")
    (root / "content" / "01-large.md").write_text("# Large\n\n" + "\n\n".join(sections))
    book = load_book(root)
    assert book.chapters[0].word_count > 60_000
    slides = BUILDER.planner("en").chapter_deck(book.chapters[0])
    assert len(slides) >= 400
    assert all(len(s.bullets) <= MAX_BULLETS for s in slides)
    assert all(sum(b.words for b in s.bullets) <= MAX_WORDS for s in slides
               if s.kind != "recap")  # six takeaways, each a sentence, measured to fit
    assert main(["build", str(root)]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_an_output_folder_that_cannot_be_written(project, tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    code = main(["build", str(project), "--output", str(blocker)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "cannot write the output folder" in err
    assert blocker.read_text() == "a file where the output folder should be"


def test_an_empty_chapter_and_a_broken_template(project, capsys):
    (project / "content" / "04-empty.md").write_text("---\ntitle: Empty\n---\n")
    (project / "styles").mkdir()
    (project / "styles" / "corporate.pptx").write_bytes(b"not a zip file")
    code = main(["build", str(project)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "04-empty.md:4: error: the chapter is empty" in err
    assert "corporate.pptx: warning: not a PowerPoint file" in err  # decks: the built-in one


def test_a_stylesheet_that_is_not_utf8(project, capsys):
    (project / "styles").mkdir()
    (project / "styles" / "brand.css").write_bytes(b"body { color: \xff }")
    code = main(["build", str(project)])
    err = capsys.readouterr().err
    assert code == 1 and "brand.css:1: error: not UTF-8 text" in err


def test_unknown_css_is_a_warning_and_strict_makes_it_an_error(project, capsys, tmp_path):
    (project / "styles").mkdir()
    (project / "styles" / "brand.css").write_text("body { colr: red; }")
    assert main(["build", str(project), "-o", str(tmp_path / "a")]) == 0
    assert "warning: PDF: Ignored `colr: red`" in capsys.readouterr().err
    assert main(["build", str(project), "-o", str(tmp_path / "b"), "--strict"]) == 1
