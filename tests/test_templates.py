"""Any organisation's slide template, as it is: the fixture book built with templates made as
organisations make them (tests/templates.py), each deck read back and validated against the
OOXML schemas."""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from openxml_audit import validate_pptx
from pptx import Presentation

from handbook.build import BuildResult, build
from handbook.build.check import check_project
from handbook.slides.geometry import Rect
from handbook.slides.template import DEFAULT_TEMPLATE

from . import templates
from .conftest import FIXTURE_BOOK

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
CHAPTER = "content/01-first-steps.md"
CHAPTERS = ("First steps", "The second chapter", "A chapter outside any part")
DIVIDERS = {"Fixture handbook", "Getting started", *CHAPTERS}  # slides without a footer


@dataclass
class Built:
    root: Path
    out: Path
    result: BuildResult
    template: Path

    @property
    def course(self):
        return Presentation(str(self.out / "slides.pptx"))

    def decks(self) -> list[Path]:
        return [self.out / "slides.pptx", *sorted((self.out / "slides").glob("*.pptx"))]


def _edit(root: Path, old: str, new: str, name: str = CHAPTER) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _dutch(root: Path) -> Path:
    _edit(root, "## A table and a figure", '## A table and a figure {: layout="Afbeelding met '
          'bijschrift" }')
    _edit(root, "## Lists and emphasis", '## Lists and emphasis {: layout="Twee objecten" }')
    return templates.dutch(root / "styles")


def _german(root: Path) -> Path:
    _edit(root, "## A section made of paragraphs",
          "## A section made of paragraphs {: .layout-abschnittsüberschrift }")
    return templates.german(root / "styles")


def _house(root: Path) -> Path:
    with (root / "handbook.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[layouts]\nsection = "Orange Section Header"\n')
    _edit(root, "## A section made of paragraphs",
          '## A section made of paragraphs {: layout="Tiny" }')
    return templates.house(root / "styles")


MAKERS = {"default": None, "dutch": _dutch, "german": _german, "house": _house}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Built]:
    """The fixture book's decks with each template (no PDF: it does not use the template)."""
    made = {}
    for name, make in MAKERS.items():
        root = tmp_path_factory.mktemp(name) / "book"
        shutil.copytree(FIXTURE_BOOK, root)
        template = make(root) if make else DEFAULT_TEMPLATE
        out = root.parent / "out"
        made[name] = Built(root, out, build(root, out, pdf=False, cache=False), template)
    return made


def all_text(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def template_pictures(slide) -> list[Rect]:
    """The pictures of the slide's layout, and of its master where the layout shows them."""
    layout = slide.slide_layout
    owners = [layout]
    if layout._element.get("showMasterSp", "1") != "0":
        owners.append(layout.slide_master)
    return [Rect(s.left, s.top, s.width, s.height) for owner in owners for s in owner.shapes
            if s._element.tag == f"{P}pic"]


@pytest.mark.parametrize("name", MAKERS)
def test_every_deck_is_valid_ooxml(built, name):
    for path in built[name].decks():
        result = validate_pptx(str(path))
        assert result.is_valid, (path.name, [str(e) for e in result.errors[:5]])


@pytest.mark.parametrize("name", MAKERS)
def test_the_title_slide_carries_the_course(built, name):
    text = all_text(next(iter(built[name].course.slides)))
    for line in ("Fixture handbook", "A small book for the tests", "Test organisation"):
        assert line in text
    assert "No more than two lines" not in text


@pytest.mark.parametrize("name", MAKERS)
def test_dividers_carry_the_chapter_numbers(built, name):
    slides = list(built[name].course.slides)
    for number, title in enumerate(CHAPTERS, 1):
        divider = next(s for s in slides if all_text(s).startswith(title))
        assert f"Chapter {number}" in all_text(divider)


@pytest.mark.parametrize("name", MAKERS)
def test_no_shape_is_placed_over_a_template_picture(built, name):
    for deck in built[name].decks():
        for number, slide in enumerate(Presentation(str(deck)).slides, start=1):
            logos = template_pictures(slide)
            for shape in slide.shapes:
                rect = Rect(shape.left, shape.top, shape.width, shape.height)
                assert not any(rect.overlaps(logo) for logo in logos), \
                    (deck.name, number, shape.name)


@pytest.mark.parametrize("name", MAKERS)
def test_the_slide_number_is_in_the_layouts_placeholder(built, name):
    checked = 0
    for slide in built[name].course.slides:
        own = [s for s in slide.slide_layout.placeholders
               if s._element.find(f".//{P}ph").get("type") == "sldNum"]
        if not own or slide.shapes.title is None or slide.shapes.title.text in DIVIDERS:
            continue
        number = next(s for s in slide.placeholders
                      if s._element.find(f".//{P}ph").get("type") == "sldNum")
        assert number._element.find(f".//{A}fld").get("type") == "slidenum"
        where = Rect(own[0].left, own[0].top, own[0].width, own[0].height)
        if any(where.overlaps(logo) for logo in template_pictures(slide)):  # moved clear
            assert where.left <= number.left and number.left + number.width <= where.right
        else:  # where the layout puts it
            assert number._element.find(f".//{A}xfrm") is None
        checked += 1
    assert checked > 10


def test_layouts_are_found_by_structure_in_any_language(built):
    notes: list[str] = []
    check_project(built["dutch"].root, notes)
    assert "  content     → 'Titel en object' (by its placeholders)" in notes
    assert "  section     → 'Sectiekop' (by its placeholders)" in notes
    notes = []
    check_project(built["house"].root, notes)
    assert "  section     → 'Orange Section Header' ([layouts], master 1)" in notes
    assert "  content     → 'Bullet/ sub bullet slide' (by its placeholders, master 2)" in notes
    assert "  title       → 'Orange Section Header' (borrowed from section, master 1)" in notes


def test_the_author_names_a_layout_exactly_or_as_a_slug(built):
    slides = list(built["dutch"].course.slides)
    two = next(s for s in slides if s.shapes.title and s.shapes.title.text == "Lists and emphasis")
    assert two.slide_layout.name == "Twee objecten"
    figure = next(s for s in slides if s.shapes.title and
                  s.shapes.title.text.startswith("A table and a figure"))
    assert figure.slide_layout.name == "Afbeelding met bijschrift"
    pictures = [s for s in figure.shapes if s._element.tag == f"{P}pic"]
    assert len(pictures) == 1 and pictures[0].is_placeholder  # the figure, in its placeholder
    assert not any(s.shapes.title and s.shapes.title.text == "A square" for s in slides)
    german = list(built["german"].course.slides)
    chosen = next(s for s in german if s.shapes.title and
                  s.shapes.title.text == "A section made of paragraphs")
    assert chosen.slide_layout.name == "Abschnittsüberschrift"


def test_house_template_problems_are_warnings_named_once(built):
    house = built["house"]
    messages = [p.format() for p in house.result.problems.problems]
    assert all(m.count("house.potx") <= 1 for m in messages)
    mine = [p.message for p in house.result.problems.problems if p.path == house.template]
    assert len(mine) == len(set(mine))
    assert any("has no text placeholder: the subtitle and edition lines are drawn in a text box"
               in m for m in mine)
    assert any("sets titles in #333333 on #000000" in m for m in mine)
    assert any("slide layout 'Tiny' for 'A section made of paragraphs' has no text placeholder;"
               in m for m in messages)
    assert not house.result.problems.errors
    checked = {p.message for p in check_project(house.root) if p.path == house.template}
    assert checked == set(mine)  # the build reports what check reports


def test_unused_layout_media_stay_out_of_the_decks(built):
    house = built["house"]
    with zipfile.ZipFile(house.template) as package:
        photo = max(package.infolist(), key=lambda i: i.file_size)
        assert photo.filename.startswith("ppt/media/") and photo.file_size > 400_000
    for deck in house.decks():
        with zipfile.ZipFile(deck) as package:
            sizes = [i.file_size for i in package.infolist() if i.filename.startswith("ppt/media")]
        assert photo.file_size not in sizes
        assert deck.stat().st_size < house.template.stat().st_size
    assert "Photo" not in [lay.name for m in house.course.slide_masters for lay in m.slide_layouts]


def test_a_potx_gives_presentations_on_two_masters(built):
    house = built["house"]
    with zipfile.ZipFile(house.out / "slides.pptx") as package:
        assert b"presentationml.presentation.main+xml" in package.read("[Content_Types].xml")
    masters = {s.slide_layout.slide_master.slide_layouts[0].name for s in house.course.slides}
    assert len(masters) == 2
    size = house.course.slide_width, house.course.slide_height
    assert abs(size[0] / 914400 - 10) < 0.01 and abs(size[1] / 914400 - 5.625) < 0.01


def test_an_unusable_template_still_gives_the_pdf_and_decks(project, tmp_path):
    (project / "styles").mkdir()
    (project / "styles" / "corporate.potx").write_bytes(b"PK\x03\x04 not really")
    result = build(project, tmp_path, cache=False)
    assert (tmp_path / "handbook.pdf").is_file() and (tmp_path / "slides.pptx").is_file()
    assert [p.message[:41] for p in result.problems.warnings
            if p.path and p.path.name == "corporate.potx"] == \
        ["not a PowerPoint file python-pptx can ope"]


def test_code_slides_on_a_house_template_are_valid(tmp_path):
    root = tmp_path / "book"
    shutil.copytree(FIXTURE_BOOK.parent / "dialects", root)
    templates.house(root / "styles")
    build(root, tmp_path / "out", pdf=False, cache=False)
    deck = tmp_path / "out" / "slides.pptx"
    code = [s for s in Presentation(str(deck)).slides if s._element.cSld.get("name") == "code"]
    assert code and all(any(r.font.name == "Consolas" for sh in s.shapes if sh.has_text_frame
                            for p in sh.text_frame.paragraphs for r in p.runs) for s in code)
    assert all(s.slide_layout.name == "Heading" for s in code)  # the title-only layout
    result = validate_pptx(str(deck))
    assert result.is_valid, [str(e) for e in result.errors[:5]]


def test_layout_names_in_any_script_are_found(tmp_path):
    from handbook.slides.deck import DeckBuilder
    from handbook.slides.layouts import layout_slug

    prs = Presentation(str(DEFAULT_TEMPLATE))
    templates.rename(prs, {"Title and Content": "标题和内容", "Two Content": "两栏内容"})
    path = tmp_path / "模板.pptx"
    prs.save(str(path))
    info = DeckBuilder(path).info
    assert layout_slug("标题和内容") == "标题和内容" and layout_slug("Titel en object") == \
        "titel-en-object"
    assert info.role("content").name == "标题和内容"
    assert info.find("两栏内容") is info.find("two-content") is info.role("two-content")
    assert info.find("Nope") is None
