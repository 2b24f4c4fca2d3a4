"""The course deck assembled from the drawn chapter decks and fragments is, slide for slide,
the deck drawn directly: layouts, shapes and their text and places, pictures, notes, links,
footers. It opens without a repair prompt, and an edit of one chapter redraws only what shows
that chapter."""

from __future__ import annotations

import hashlib
import io
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openxml_audit import validate_pptx
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from handbook.build import build
from handbook.build.decks import course_pieces
from handbook.errors import Collector
from handbook.slides.deck import DeckBuilder
from handbook.source.loader import load_book
from handbook.source.theme import load_theme

from . import templates
from .conftest import FIXTURE_BOOK, REPO

COURSE = Path(__file__).parent / "fixtures" / "course"
WHEN = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
SVG = "{http://schemas.microsoft.com/office/drawing/2016/SVG/main}svgBlip"


def _sha(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def _pictures(slide) -> list[tuple[str, ...]]:
    """The hash of each picture's PNG (and SVG) on the slide, in the order they are drawn."""
    found = []
    for blip in slide._element.iter(f"{A}blip"):
        shown = [_sha(slide.part.related_part(blip.get(f"{R}embed")).blob)]
        shown += [_sha(slide.part.related_part(svg.get(f"{R}embed")).blob)
                  for svg in blip.iter(SVG)]
        found.append(tuple(shown))
    return found


def _box(shape) -> tuple:
    """Where the shape is drawn: its own position and size, else its placeholder's (from the
    layout, which is compared by part name)."""
    xfrm = shape._element.xfrm
    if xfrm is not None and xfrm.off is not None:
        return xfrm.x, xfrm.y, xfrm.cx, xfrm.cy
    ph = shape._element.ph
    return ("placeholder", ph.type, ph.idx) if ph is not None else ()


def _slide(prs, slide) -> dict:
    notes = slide.notes_slide
    assert notes.part.part_related_by(RT.SLIDE) is slide.part
    assert notes.part.part_related_by(RT.NOTES_MASTER) is prs.notes_master.part
    layout = slide.slide_layout
    return {
        "kind": slide._element.cSld.get("name"),
        "layout": (str(layout.part.partname), layout.name,
                   str(layout.slide_master.part.partname)),
        "shapes": [(s._element.tag, s.name, _box(s),
                    s.text_frame.text if s.has_text_frame else None) for s in slide.shapes],
        "numbers": sum(f.get("type") == "slidenum" for f in slide._element.iter(f"{A}fld")),
        "pictures": _pictures(slide),
        "links": sorted(r.target_ref for r in slide.part.rels.values() if r.is_external),
        "notes": notes.notes_text_frame.text,
        "notes_shapes": [(s.name, _box(s)) for s in notes.shapes],
    }


def structure(data: bytes) -> dict:
    """What a trainer sees of a deck, and what PowerPoint reads of its package."""
    prs = Presentation(io.BytesIO(data))
    props = prs.core_properties
    media = [p.blob for p in prs.part.package.iter_parts()
             if str(p.partname).startswith("/ppt/media/")]
    assert len(media) == len({_sha(blob) for blob in media})  # each picture stored once
    return {
        "size": (prs.slide_width, prs.slide_height),
        "props": (props.title, props.author, props.language, props.last_modified_by,
                  props.revision, props.created, props.modified),
        "layouts": [[layout.name for layout in master.slide_layouts]
                    for master in prs.slide_masters],
        "media": sorted(_sha(blob) for blob in media),
        "slides": [_slide(prs, slide) for slide in prs.slides],
    }


def drawn_both_ways(root: Path) -> tuple[bytes, bytes]:
    """(the course deck assembled from its drawn pieces, the course deck drawn directly)."""
    book = load_book(root, Collector())
    theme = load_theme(root)
    builder = DeckBuilder(theme.slide_template, book.meta.layouts)
    planner = builder.planner(book.meta.language, book.root, book)
    course = planner.course(book)
    chapters = {Path(c.stem): planner.chapter_deck(c) for c in book.chapters}
    fragments, order = course_pieces(course, chapters)
    drawn = {piece: builder.build(slides, book, WHEN)
             for piece, slides in {**chapters, **fragments}.items()}
    assembled = builder.assemble(course, [(drawn[p], i) for p, i in order], book, WHEN)
    return assembled, builder.build(course, book, WHEN)


def _valid(data: bytes, folder: Path) -> None:
    path = folder / "assembled.pptx"
    path.write_bytes(data)
    result = validate_pptx(str(path))
    assert result.is_valid, [str(e) for e in result.errors[:5]]


def test_the_shipped_course_deck_is_the_deck_drawn_directly(course_build, tmp_path):
    assembled = (course_build / "slides.pptx").read_bytes()
    book = load_book(REPO, Collector())
    theme = load_theme(REPO)
    builder = DeckBuilder(theme.slide_template, book.meta.layouts)
    course = builder.planner(book.meta.language, book.root, book).course(book)
    direct = builder.build(course, book)  # undated, as the session's builds are
    made = structure(assembled)
    assert len(made["slides"]) == len(course) == 136
    assert made == structure(direct)
    assert any(s["pictures"] for s in made["slides"]) and any(s["links"] for s in made["slides"])
    _valid(assembled, tmp_path)


def _house(root: Path) -> Path:
    shutil.copytree(FIXTURE_BOOK, root)
    templates.house(root / "styles")
    return root


@pytest.mark.parametrize("make", [lambda root: COURSE, _house],
                         ids=["second course", "two masters and logos"])
def test_assembled_is_drawn_directly(make, tmp_path):
    assembled, direct = drawn_both_ways(make(tmp_path / "book"))
    made = structure(assembled)
    assert made == structure(direct)
    assert assembled == direct  # even the bytes: the parts are named as drawing names them
    assert len({s["layout"][2] for s in made["slides"]}) == len(made["layouts"])
    _valid(assembled, tmp_path)


def test_an_edit_redraws_only_its_chapter(tmp_path, monkeypatch):
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    build(root, root / "output", pdf=False, jobs=1)
    drawn: list[list] = []
    original = DeckBuilder.build

    def spy(self, slides, *args, **kwargs):
        drawn.append(slides)
        return original(self, slides, *args, **kwargs)

    monkeypatch.setattr(DeckBuilder, "build", spy)
    chapter = root / "content" / "02-minutes.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "They are not a transcript", "They are never a transcript"), encoding="utf-8")
    build(root, root / "output", pdf=False, jobs=1)
    book = load_book(root, Collector())
    builder = DeckBuilder(load_theme(root).slide_template)
    planner = builder.planner(book.meta.language, book.root, book)
    edited = planner.chapter_deck(book.chapters[1])
    assert drawn[0] == edited and all(s not in edited for d in drawn[1:] for s in d)
    title = book.chapters[1].meta.title  # its fragment: its own closing slides in the course
    assert all(d == edited or all(s.chapter == title for s in d) for d in drawn)
    assert len(drawn) <= 2

    clean = tmp_path / "clean"
    build(root, clean, pdf=False, cache=False, jobs=1)
    for deck in ("slides.pptx", "slides/01-planning.pptx", "slides/02-minutes.pptx"):
        incremental = (root / "output" / deck).read_bytes()
        assert structure(incremental) == structure((clean / deck).read_bytes())
        assert incremental == (clean / deck).read_bytes()


def test_each_chapter_is_planned_once_and_its_warnings_said_as_before(monkeypatch):
    from handbook.build.check import slide_problems
    from handbook.slides.plan import Planner

    book = load_book(REPO, Collector())
    builder = DeckBuilder(load_theme(REPO).slide_template, book.meta.layouts)
    fresh = builder.planner(book.meta.language, book.root, book)
    expected = slide_problems(book, fresh)
    planned = []
    original = Planner._chapter
    monkeypatch.setattr(Planner, "_chapter", lambda self, c: planned.append(c.stem) or
                        original(self, c))
    planner = builder.planner(book.meta.language, book.root, book)
    course = planner.course(book)
    decks = [planner.chapter_deck(c) for c in book.chapters]
    assert slide_problems(book, planner) == expected
    assert planned == [c.stem for c in book.chapters]
    monkeypatch.undo()
    again = builder.planner(book.meta.language, book.root, book)
    assert course == again.course(book) and decks == [again.chapter_deck(c)
                                                      for c in book.chapters]


def test_a_deck_that_cannot_be_assembled_is_drawn_whole_and_said(tmp_path, monkeypatch, capsys):
    """An AssemblyError (a bug) still gives the trainer the whole deck, drawn directly, and a
    warning at the deck that asks for a report; the fallback is not cached, so it is said again
    until assembly works."""
    from handbook.cli import main
    from handbook.slides.assemble import AssemblyError

    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    build(root, tmp_path / "clean", pdf=False, cache=False, jobs=1)

    def fail(self, *args, **kwargs):
        raise AssemblyError("/ppt/slides/slide2.xml: cannot carry over a relationship (test)")

    monkeypatch.setattr(DeckBuilder, "assemble", fail)
    result = build(root, tmp_path / "out", pdf=False, jobs=1)
    deck = tmp_path / "out" / "slides.pptx"
    said = [p for p in result.problems.warnings if p.path == deck]
    assert [(p.line, p.message) for p in said] == [(None, (
        "the course deck was drawn whole, as the chapter decks' slides could not be carried "
        "over into it (/ppt/slides/slide2.xml: cannot carry over a relationship (test)); the "
        "deck is complete, but this is a bug in handbook: please report it"))]
    assert structure(deck.read_bytes()) == structure((tmp_path / "clean" / "slides.pptx")
                                                     .read_bytes())
    chapter = root / "content" / "01-planning.md"  # an edit that leaves every slide as it was
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n<!-- for authors -->\n",
                       encoding="utf-8")
    assert main(["build", str(root), "-o", str(tmp_path / "out"), "--slides-only", "-q"]) == 0
    err = capsys.readouterr().err
    assert err.count("this is a bug in handbook") == 1 and "Traceback" not in err
    assert f"{deck}: warning: the course deck was drawn whole" in err
