"""Markdown written for other tools (GitHub, Pandoc/Quarto, MyST, MkDocs) comes out whole:
boxes, code, figures and lists in the PDF and the decks, and no raw syntax anywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from handbook.build import build
from handbook.errors import Collector
from handbook.model import Callout, Code, Image, ListBlock, inner_blocks
from handbook.source.dialects import lists
from handbook.source.dialects.containers import Scanner
from handbook.source.loader import load_book

DIALECTS = Path(__file__).parent / "fixtures" / "dialects"
RAW_SYNTAX = [":::", "```", "[!NOTE]", "[!WARNING]", "&gt;", "&lt;", "&amp;", "{note}",
              "{admonition}", "{figure}", "{warning}", "{code-cell}", "///", "!!!",
              ":class:", ":name:", "{.callout"]
# the first line of every code block in the fixture chapters
FIRST_LINES = ['# list the files, "<placeholder>" included', 'print("quoted code")',
               "def greet(name):", "/home/user", "for i in range(3):",
               "total = sum([1, 2, 3])", "key: value", 'plain = "indented"']


@pytest.fixture(scope="module")
def dialects(tmp_path_factory):
    out = tmp_path_factory.mktemp("dialects")
    result = build(DIALECTS, out, cache=False)
    return out, result


@pytest.fixture(scope="module")
def book():
    problems = Collector()
    return load_book(DIALECTS, problems), problems


def _walk(blocks):
    for block in blocks:
        yield block
        yield from _walk(inner_blocks(block))


def _blocks(chapter):
    yield from _walk(chapter.intro)
    for section in chapter.sections:
        yield from _walk(section.blocks)


def _pdf_text(out) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(out / "handbook.pdf").pages)


def _deck_texts(path) -> tuple[str, str]:
    slides, notes = [], []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                slides.append(shape.text_frame.text)
            if shape.has_table:
                slides.extend(c.text for row in shape.table.rows for c in row.cells)
        notes.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(slides), "\n".join(notes)


def test_every_dialect_gives_the_same_callouts(book):
    loaded, _ = book
    found = {c.stem: [(b.kind, b.title) for b in _blocks(c) if isinstance(b, Callout)]
             for c in loaded.chapters}
    assert found["01-github"] == [("note", "Note"), ("warning", "Warning"),
                                  ("more", "Want to know more?")]  # the embedded video
    assert found["02-pandoc"] == [
        ("tip", "A Quarto tip"), ("warning", "Heading as title"),
        ("exercise", "A Carpentries challenge"), ("solution", "Solution"),
        ("notes", "Notes"), ("note", "Note")]
    assert found["03-myst"] == [("note", "Note"), ("tip", "A titled box"),
                                ("warning", "Warning"), ("exercise", "Try it")]
    assert found["04-mkdocs"] == [("tip", "A tip"), ("note", "Note")]


def test_unknown_div_class_is_a_warning_at_its_line(book):
    _, problems = book
    messages = [p.format(DIALECTS) for p in problems.warnings]
    assert "content/02-pandoc.md:37: warning: fenced div class 'mystery' is not a kind of box " \
        "handbook knows; printed as a plain note box" in messages
    assert not problems.errors


def test_code_keeps_its_language_and_text_wherever_it_is(book):
    loaded, _ = book
    codes = [(b.language, b.text.split("\n")[0]) for c in loaded.chapters for b in _blocks(c)
             if isinstance(b, Code)]
    assert ("bash", FIRST_LINES[0]) in codes  # inside a numbered list item
    assert ("python", 'print("quoted code")') in codes  # inside a quote
    assert ("output", "/home/user") in codes  # inside a solution inside a challenge
    assert ("python", "total = sum([1, 2, 3])") in codes  # a MyST code cell
    assert (None, 'plain = "indented"') in codes  # indented code in an admonition
    assert {line for _, line in codes} == set(FIRST_LINES)


def test_lists_keep_their_numbering_and_nesting(book):
    loaded, _ = book
    section = loaded.chapters[0].sections[0]
    numbered = next(b for b in section.blocks if isinstance(b, ListBlock) and b.ordered)
    assert len(numbered.items) == 2  # the code block does not restart the numbering
    nested = [plain_items(b) for b in section.blocks if isinstance(b, ListBlock)]
    assert ["three-space nested point", "another nested point"] in nested
    assert ["two-space nested point"] in nested
    tasks = next(b for b in section.blocks if isinstance(b, ListBlock)
                 and "task" in plain_items(b, 0)[0])
    assert plain_items(tasks, 0) == ["☐ a task to do", "☑ a task done"]


def plain_items(block: ListBlock, depth: int = 1) -> list[str]:
    from handbook.model import plain

    if depth == 0:
        return [plain(i.spans) for i in block.items]
    return [plain(i.spans) for item in block.items for child in item.children
            for i in child.items]


def test_inline_code_is_not_escaped_twice(book):
    loaded, _ = book
    titles = [s.title for s in loaded.chapters[0].sections]
    assert "Alerts and <table> tags" in titles


def test_figures_carry_their_label(book):
    loaded, _ = book
    images = [b for c in loaded.chapters for b in _blocks(c) if isinstance(b, Image)]
    assert ("fig-diagram", "The diagram's caption.") in [(i.id, i.caption) for i in images]
    assert any(i.path.name == "square.png" for i in images)  # the linked image


def test_pdf_has_every_box_and_code_line_and_no_raw_syntax(dialects):
    out, _ = dialects
    text = _pdf_text(out)
    for raw in RAW_SYNTAX:
        assert raw not in text, raw
    for line in FIRST_LINES:
        assert " ".join(line.split()) in " ".join(text.split()), line
    for title in ("A Quarto tip", "Heading as title", "A titled box", "Alerts and <table> tags",
                  "a <b> & c", "The diagram's caption."):
        assert title in text, title


def test_decks_have_every_code_block_and_no_raw_syntax(dialects):
    out, _ = dialects
    shown, notes = _deck_texts(out / "slides.pptx")
    for raw in RAW_SYNTAX:
        assert raw not in shown and raw not in notes, raw
    for line in FIRST_LINES:
        assert line in notes, line
    assert FIRST_LINES[0] in shown and "def greet(name):" in shown
    assert "/home/user" not in shown  # output goes into the notes only


def test_code_slides_are_monospace_and_highlighted(dialects):
    from pptx.enum.dml import MSO_COLOR_TYPE

    out, _ = dialects
    deck = Presentation(str(out / "slides" / "02-pandoc.pptx"))
    body = next(shape for slide in deck.slides for shape in slide.shapes
                if shape.has_text_frame and "def greet" in shape.text_frame.text)
    assert body.name == "Code"  # a monospace box on the slide
    runs = [r for p in body.text_frame.paragraphs for r in p.runs]
    assert {r.font.name for r in runs if r.text.strip()} == {"Consolas"}
    colours = {str(r.font.color.rgb) for r in runs if r.font.color and r.font.color.type
               and r.font.color.type == MSO_COLOR_TYPE.RGB}
    assert len(colours) >= 2  # keywords and strings differ


@pytest.mark.parametrize(("source", "expected"), [
    ("- a\n  - b\n", "- a\n    - b\n"),
    ("1. a\n   - b\n", "1. a\n    - b\n"),
    ("- a\n    - b\n", "- a\n    - b\n"),  # four spaces stay four
    ("1. a\n\n   ```sh\n   ls\n     x\n   ```\n", "1. a\n\n    ```sh\n    ls\n      x\n    ```\n"),
    ("text\n  - not a list item's child\n", "text\n  - not a list item's child\n"),
    ("```\n- a\n  - b\n```\n", "```\n- a\n  - b\n```\n"),  # code is left alone
])
def test_nested_lists_as_commonmark_indents_them(source, expected):
    assert "\n".join(lists.normalise(source.split("\n"))) == expected


def test_fenced_divs_nest_with_any_number_of_colons():
    heard = []
    lines = Scanner(lambda line, message: heard.append((line, message))).rewrite(
        ["::::: {.callout-note}", "outer", "::: {.callout-tip}", "inner", ":::", ":::::"])
    text = "\n".join(lines)
    assert re.search(r"^//// admonition\n    type: note", text, re.M)
    assert re.search(r"^/// admonition\n    type: tip", text, re.M) and not heard


def test_unclosed_div_and_stray_fence_are_reported():
    heard = []
    Scanner(lambda line, message: heard.append(line)).rewrite(
        [":::", "::: tip", "never closed"], first_line=10)
    assert heard == [10, 11]


def _internal_links(reader: PdfReader) -> list[tuple[int, str]]:
    found = []
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A") or {}
            target = annotation.get("/Dest") or action.get("/D")
            if isinstance(target, str):
                found.append((number, target))
    return found


def test_heading_file_and_label_links_land_on_their_page(dialects):
    out, result = dialects
    reader = PdfReader(out / "handbook.pdf")
    destinations = reader.named_destinations
    links = {target for _, target in _internal_links(reader)}
    assert not links - set(destinations)  # no dead link
    assert {"github--alerts", "github--a-deeper-heading", "pandoc--callouts", "chapter-myst",
            "pandoc--fig-square", "pandoc--sec-figures", "myst--sec-directives",
            "myst--fig-diagram", "github--lists-with-code"} <= links

    def page_of(name: str) -> str:
        page = reader.pages[reader.get_destination_page_number(destinations[name])]
        return " ".join(page.extract_text().split())

    assert "The diagram's caption." in page_of("myst--fig-diagram")
    assert "Alerts and <table> tags" in page_of("github--alerts")
    assert not [p for p in result.problems.problems if "anchor" in p.message]


def test_cross_references_are_links_named_after_their_target(book):
    loaded, _ = book
    spans = [s for c in loaded.chapters for b in _blocks(c) if hasattr(b, "spans")
             for s in b.spans if s.href]
    refs = {s.href: s.text for s in spans}
    numbers = {i.id: i.number for c in loaded.chapters for i in _blocks(c) if isinstance(i, Image)}
    assert refs["#fig-square"] == f"Figure {numbers['fig-square']}"  # figures by their number
    assert refs["#sec-figures"] == "Figures and layout"  # sections by their heading
    assert refs["#sec-directives"] == "Directives"
    assert refs["#fig-diagram"] == f"Figure {numbers['fig-diagram']}"
    assert numbers["fig-diagram"].startswith("3.")  # in chapter 3


def test_slide_level_makes_slides_of_deeper_headings(tmp_path):
    import shutil

    project = tmp_path / "p"
    shutil.copytree(DIALECTS, project)
    (project / "content" / "05-level.md").write_text(
        "---\ntitle: Episodes\nslide_level: 3\n---\n\nIntro text.\n\n## Part\n\n"
        "### First teaching section\n\nText one.\n\n### Second teaching section\n\nText two.\n")
    (project / "content" / "06-flat.md").write_text("# Flat\n\nOnly text, no sections.\n")
    loaded = load_book(project, Collector())
    level = next(c for c in loaded.chapters if c.stem == "05-level")
    assert [s.title for s in level.sections] == ["Part", "First teaching section",
                                                  "Second teaching section"]
    from handbook.slides.deck import DeckBuilder
    from handbook.source.theme import load_theme

    planner = DeckBuilder(load_theme(project).slide_template).planner("en")
    flat = next(c for c in loaded.chapters if c.stem == "06-flat")
    bodies = [b.text for s in planner.chapter(flat) for b in s.bullets]
    assert "Only text, no sections." in bodies


def test_whatever_cannot_be_shown_is_a_warning_at_its_line(dialects):
    _, result = dialects
    messages = [p.format(DIALECTS) for p in result.problems.problems]
    expected = [
        "content/03-myst.md:42: warning: SVG 'images/broken.svg' cannot be drawn",
        "content/01-github.md:48: warning: <iframe> cannot play on paper or slides",
        "content/04-mkdocs.md:22: warning: no font of the book has 'ꙮ' (U+A66E",
        "content/03-myst.md:55: warning: math is typeset in the PDF",
    ]
    for start in expected:
        assert any(m.startswith(start) for m in messages), (start, messages)
    assert not [m for m in messages if "handbook.css" in m]  # nothing blamed on our CSS


def test_video_becomes_a_link_and_broken_svg_a_placeholder(dialects):
    out, _ = dialects
    text = " ".join(_pdf_text(out).split())
    assert "A video about the shell" in text and "youtube.com/watch?v=dQw4w9WgXcQ" in text
    shown, _ = _deck_texts(out / "slides.pptx")
    assert "A video about the shell" in shown
    deck = Presentation(str(out / "slides" / "03-myst.pptx"))
    broken = [s for s in deck.slides if any(  # its caption, numbered as in the handbook
        shape.has_text_frame and re.fullmatch(r"Figure \d+\.\d+: A broken drawing",
                                              shape.text_frame.text) for shape in s.shapes)]
    assert broken and broken[0].shapes.title.text.startswith("A figure")  # titled by section
    pictures = [shape for shape in broken[0].shapes if shape.shape_type == 13]
    assert [p._element.nvPicPr.cNvPr.get("descr") for p in pictures] == \
        ["A drawing CairoSVG cannot draw"]  # the placeholder, described by the alt text


def test_math_is_typeset_in_print_and_prices_stay_text(dialects, book):
    out, _ = dialects
    text = " ".join(_pdf_text(out).split())
    assert "US$25 and HK$200 stay text" in text and "$HOME" in text
    assert "\\frac" not in text and "mc^2" not in text  # drawn, not printed as TeX
    loaded, _ = book
    spans = [s.text for c in loaded.chapters for b in _blocks(c) if hasattr(b, "spans")
             for s in b.spans]
    assert "E = mc^2" in spans  # the slides and notes read the TeX


@pytest.mark.parametrize(("line", "expected"), [
    ("![](fig/a.svg){alt='A *starred* $x$ path'}", "![A *starred* $x$ path](fig/a.svg)"),
    ("![Caption](a.png){#fig-a alt=\"Alt\" width=50%}", '![Alt](a.png "Caption"){: #fig-a }'),
    ("![Plain](a.png)", "![Plain](a.png)"),
])
def test_pandoc_image_attributes(line, expected):
    from handbook.source.dialects.attributes import image_attributes

    assert image_attributes(line) == expected


def test_short_commands_share_a_code_slide_and_shell_variables_are_no_roles(tmp_path):
    import shutil

    project = tmp_path / "p"
    shutil.copytree(DIALECTS, project)
    (project / "content" / "05-shell.md").write_text(
        "# Shell\n\n## Moving around\n\n`$name` is `${name}`, and costs US$5.\n\n"
        "```bash\n$ pwd\n```\n\n```output\n/home\n```\n\n```bash\n$ ls -F\n```\n")
    problems = Collector()
    loaded = load_book(project, problems)
    assert not [p for p in problems.problems if "05-shell" in str(p.path)]
    from handbook.slides.deck import DeckBuilder
    from handbook.source.theme import load_theme

    planner = DeckBuilder(load_theme(project).slide_template).planner("en")
    shell = next(c for c in loaded.chapters if c.stem == "05-shell")
    codes = [s for s in planner.chapter(shell) if s.kind == "code"]
    assert len(codes) == 1 and codes[0].code.text == "$ pwd\n\n$ ls -F"
    assert "/home" in codes[0].notes


def test_every_image_is_within_the_page_and_on_a_slide(dialects, book):
    import pdfplumber

    out, _ = dialects
    with pdfplumber.open(out / "handbook.pdf") as pdf:
        placed = 0
        for page in pdf.pages:
            for image in page.images:
                placed += 1
                assert image["x0"] >= 0 and image["x1"] <= page.width, image
                assert image["top"] >= 0 and image["bottom"] <= page.height, image
    assert placed >= 4  # the squares: linked, in a list, in a table, a Quarto figure
    loaded, _ = book
    alts = {b.alt for c in loaded.chapters for b in _blocks(c) if isinstance(b, Image)}
    assert {"A small square", "A square in a list", "An HTML image",
            "A square in a table"} <= alts
    described = {shape._element.nvPicPr.cNvPr.get("descr")
                 for slide in Presentation(str(out / "slides.pptx")).slides
                 for shape in slide.shapes if shape.shape_type == 13}
    assert alts <= described


def test_a_character_no_font_has_prints_as_a_box_and_the_text_stays_searchable(dialects):
    out, _ = dialects
    text = " ".join(_pdf_text(out).split())
    assert "An unprintable one: \u25a1" in text  # and every other line still reads as text
    assert "Alerts and <table> tags" in text
