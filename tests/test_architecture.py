"""The package layout keeps its promises: dependencies point one way, modules stay small, every
folder says what it owns, and the dependency patches still match the code they stand in for."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE = REPO / "src" / "handbook"
BASE = {"model", "errors", "palette", "links", "plaintext"}  # below everything
ALLOWED = {  # a folder (or top-level module) → what of ours it may import
    "model": set(),
    "errors": set(),
    "palette": set(),
    "links": set(),
    "plaintext": {"model"},
    "patches": {"patches"},
    "source": BASE | {"source"},
    "book": BASE | {"source", "book"},
    "slides": BASE | {"source", "slides", "patches"},
    "kit": BASE | {"source", "book", "slides", "kit"},
    "preview": BASE | {"source", "book", "slides", "preview"},
    "build": BASE | {"source", "book", "slides", "kit", "patches", "build"},
    "cli": BASE | {"source", "book", "slides", "kit", "patches", "build", "preview", "cli"},
}
MAX_LINES = 300


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "defaults" not in p.parts)


def room(path: Path) -> str:
    """The folder (or top-level module) a module belongs to: 'source', 'model', …"""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def imported_rooms(path: Path) -> set[str]:
    """The rooms of ours that a module imports, anywhere in it (lazy imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            if node.module == "handbook":  # from handbook import palette
                names = [f"handbook.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "handbook" and len(parts) > 1 and parts[1] != "__version__":
                found.add(parts[1])
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_dependencies_point_one_way(path):
    name = room(path)
    if name in ("__init__", "__main__"):
        return
    wrong = imported_rooms(path) - ALLOWED[name] - {name}
    assert not wrong, f"{path.relative_to(PACKAGE)} ({name}/) must not import {sorted(wrong)}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)} has {lines} lines; split it"


def test_every_folder_says_what_it_owns():
    folders = [p for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()]
    assert {f.name for f in folders} >= {"source", "book", "slides", "kit", "build", "cli"}
    for folder in folders:
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc.split()) >= 8, f"{folder.name}/__init__.py needs a docstring"
    assert set(ALLOWED) >= {room(p) for p in modules()} - {"__init__", "__main__"}


def test_the_architecture_page_names_every_folder():
    page = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    for folder in (p for p in PACKAGE.iterdir() if (p / "__init__.py").exists()):
        assert f"{folder.name}/" in page, folder.name


def test_patched_code_is_what_the_patches_were_checked_against():
    from handbook.patches.guard import changed

    assert not changed(), (f"upstream code changed: {', '.join(changed())}; the patches for "
                           "them are skipped. Re-check them as src/handbook/patches/guard.py "
                           "says, then update CHECKED and the bounds in pyproject.toml")


def test_patched_page_references_are_the_same(tmp_path):
    import pydyf

    from handbook.patches.pdf_pages import linear_page_references

    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    plain = pydyf.PDF.page_references.fget.__wrapped__(pdf) \
        if hasattr(pydyf.PDF.page_references.fget, "__wrapped__") \
        else pydyf.PDF.page_references.fget(pdf)
    linear_page_references()
    assert pdf.page_references == plain and len(plain) == 3
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(pdf.page_references) == 4


def test_indexed_parts_give_the_same_deck(monkeypatch):
    from handbook.slides import deck as decks
    from handbook.source.loader import load_book
    from handbook.source.theme import DEFAULTS

    from .conftest import FIXTURE_BOOK

    book = load_book(FIXTURE_BOOK)
    builder = decks.DeckBuilder(DEFAULTS / "template.pptx")
    slides = builder.planner("en", book.root).course(book)
    patched = builder.build(slides, book)
    monkeypatch.setattr(decks, "index_parts", lambda prs: None)
    assert builder.build(slides, book) == patched


def test_indexed_relationships_answer_as_python_pptx_does():
    """The same rIds for the same calls, with and without the index (patches/pptx_rels.py)."""
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    from handbook.patches.pptx_rels import index_relationships

    def calls(indexed: bool) -> list:
        prs = Presentation()
        if indexed:
            index_relationships(prs.part)
        master = prs.slide_masters[0].part
        said = [prs.part.relate_to(master, RT.SLIDE_MASTER),
                prs.part.relate_to("https://example.org/", RT.HYPERLINK, is_external=True)]
        for _ in range(3):
            prs.slides.add_slide(prs.slide_layouts[0])
        said.append(prs.part.relate_to("https://example.org/", RT.HYPERLINK, is_external=True))
        prs.part.drop_rel(said[1])
        said.append(prs.part.relate_to("https://example.org/", RT.HYPERLINK, is_external=True))
        said.append(prs.part.relate_to("https://example.org/b", RT.HYPERLINK, is_external=True))
        for slide in prs.slides:  # the first adds the notes master, the others find it
            said.append(str(slide.notes_slide.part.partname))
        said.append(str(prs.part.part_related_by(RT.NOTES_MASTER).partname))
        return [*said, sorted(prs.part.rels), prs.part.rels.xml]

    assert calls(indexed=True) == calls(indexed=False)


def test_decks_saved_with_fixed_times_are_the_rewritten_bytes():
    """patches/pptx_zip.py: one pass gives what a save and a rewrite with fixed times gave."""
    import io

    from pptx import Presentation
    from pptx.opc.serialized import _ZipPkgWriter

    from handbook.patches.pptx_zip import fixed_entry_times
    from handbook.slides.deck import ZIP_TIME, normalise_zip

    own = _ZipPkgWriter.write
    prs = Presentation()
    prs.slides.add_slide(prs.slide_layouts[1]).shapes.title.text = "Same bytes"
    plain, fixed = io.BytesIO(), io.BytesIO()
    prs.save(plain)
    with fixed_entry_times(ZIP_TIME) as active:
        prs.save(fixed)
    assert active and fixed.getvalue() == normalise_zip(plain.getvalue())
    assert _ZipPkgWriter.write is own  # python-pptx's own again after the block
