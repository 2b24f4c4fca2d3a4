"""Chapters' parses kept between builds (build/kept.py, source/memory.py): a load parses
only the chapters whose text or context changed, and the book and its problems are a fresh
load's; a kept parse that is damaged or foreign is never used."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.build.cache import Cache
from handbook.build.inputs import Inputs
from handbook.build.kept import ParseCache, safe_loads
from handbook.build.pipeline import build
from handbook.slides.plan import Planner
from handbook.source import rereading

from .test_preview_rereads import edit, full, make_project, outcome


def kept_load(root: Path, monkeypatch) -> tuple[tuple, list[str]]:
    """(the book and its problems, the chapter files parsed) of a load through the cache, as
    a build's: the parses kept once it is done."""
    parsed: list[str] = []
    plain = rereading.load_chapter

    def counting(path, *args, **kwargs):
        parsed.append(Path(path).name)
        return plain(path, *args, **kwargs)

    monkeypatch.setattr(rereading, "load_chapter", counting)
    store = Cache.for_project(root)
    inputs = Inputs.of(root, root / "output", ("test",), store.folder)
    memory = ParseCache(store, inputs)
    found = outcome(lambda problems: rereading.BookReader(root, memory).load(problems))
    store.commit()
    monkeypatch.setattr(rereading, "load_chapter", plain)
    return found, sorted(parsed)


@pytest.fixture()
def book(tmp_path) -> Path:
    return make_project(tmp_path / "book")


def test_a_second_load_parses_nothing_and_an_edit_parses_its_chapter(book, monkeypatch):
    first, parsed = kept_load(book, monkeypatch)
    # 03 twice: read before 01 (01 names its figure), it is read again once 01 numbered fig-one
    assert first == full(book) and parsed == ["01-start.md", "02-middle.md", "03-late.md",
                                              "03-late.md", "04-glossary.md"]
    again, parsed = kept_load(book, monkeypatch)
    assert again == first and parsed == []
    edit(book / "content" / "02-middle.md", "The Layout matters.", "The Layout matters a lot.")
    edited, parsed = kept_load(book, monkeypatch)
    assert parsed == ["02-middle.md"]
    assert edited == full(book) and edited != first


def test_what_a_chapter_shows_of_others_parses_it_again(book, monkeypatch):
    kept_load(book, monkeypatch)
    # a figure before fig-one: it becomes Figure 1.2, which chapters 2 and 3 print
    edit(book / "content" / "01-start.md", "## Start section one",
         "![New](images/box.svg \"A new first figure\"){#fig-new}\n\n## Start section one")
    changed, parsed = kept_load(book, monkeypatch)
    assert changed == full(book)
    assert {"01-start.md", "02-middle.md", "03-late.md"} <= set(parsed)
    # the glossary's terms are linked in every later chapter
    edit(book / "content" / "04-glossary.md", "Layout\n:", "Layout\n:   Where it goes.\n\nBox\n:")
    changed, parsed = kept_load(book, monkeypatch)
    assert changed == full(book) and len(set(parsed)) == 4


def test_another_project_file_changing_parses_every_chapter(book, monkeypatch):
    kept_load(book, monkeypatch)
    (book / "content" / "images" / "box.svg").write_text("<svg><broken")
    broken, parsed = kept_load(book, monkeypatch)
    assert len(set(parsed)) == 4 and broken == full(book)
    assert any("box.svg" in line for line in broken[1])


def test_a_damaged_or_foreign_parse_is_not_used(book, monkeypatch):
    kept_load(book, monkeypatch)
    blobs = sorted((book / ".handbook-cache" / "blobs").iterdir())
    assert blobs
    hostile = pickle.dumps(os.system)  # a global that is not the model's: never built
    assert safe_loads(hostile) is None and safe_loads(b"\x80\x05garbage") is None
    for blob in blobs:  # the names no longer match the contents: damaged
        blob.write_bytes(hostile)
    again, parsed = kept_load(book, monkeypatch)
    assert again == full(book) and len(set(parsed)) == 4


def test_a_foreign_pickle_under_its_own_name_is_refused(book):
    """A cache copied from elsewhere may hold a pickle named by its own hash: it is read
    through the model-only unpickler, and refused."""
    store = Cache.for_project(book)
    store.store("parse", "k" * 64, {}, {"parse": pickle.dumps((os.system, "true"))})
    store.commit()
    kept = Cache.for_project(book)
    assert kept.get(kept.entry("parse", "k" * 64)["blobs"]["parse"])  # there, and sound
    inputs = Inputs.of(book, book / "output", ("test",), store.folder)
    assert ParseCache(Cache.for_project(book), inputs).get("k" * 64) is None


def test_the_key_is_the_same_in_every_process(tmp_path):
    """A set in the project's settings is ordered by string hashes, which differ between
    processes: the key must not be."""
    code = ("import sys; from pathlib import Path; from handbook.errors import Collector;"
            "from handbook.source.sources import gather; from handbook.source.memory import "
            "stable; print(stable(gather(Path(sys.argv[1]), Collector()).shape()))")
    site = Path(__file__).parent / "fixtures" / "mkdocs"
    shapes = {subprocess.run([sys.executable, "-c", code, str(site)],
                             capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}).stdout
              for seed in ("1", "2", "3")}
    assert len(shapes) == 1 and len(shapes.pop()) > 100


def deck_build(root: Path, monkeypatch, cache: bool = True) -> tuple[dict[str, bytes], list]:
    """The decks of a build (no PDF) and the chapters it planned (their titles)."""
    planned: list[str] = []
    plain = Planner._chapter

    def counting(self, chapter):
        planned.append(chapter.meta.title)
        return plain(self, chapter)

    monkeypatch.setattr(Planner, "_chapter", counting)
    out = root / ("output" if cache else "clean")
    result = build(root, out, pdf=False, jobs=1, cache=cache)
    monkeypatch.setattr(Planner, "_chapter", plain)
    decks = {p.relative_to(out).as_posix(): p.read_bytes() for p in result.outputs}
    return decks, sorted(planned)


def test_an_edit_plans_its_chapter_and_the_decks_are_a_clean_builds(book, monkeypatch):
    first, planned = deck_build(book, monkeypatch)
    assert len(planned) == 4 and "slides.pptx" in first
    edit(book / "content" / "02-middle.md", "## Middle section\n\n",
         "## Middle section\n\nA new first point for the trainer.\n\n")
    edited, planned = deck_build(book, monkeypatch)
    assert planned == ["Middle"]
    assert edited == deck_build(book, monkeypatch, cache=False)[0] and edited != first


def test_what_a_plan_shows_of_other_chapters_plans_it_again(book, monkeypatch):
    deck_build(book, monkeypatch)
    # the closing slide of "Start" names the next chapter
    edit(book / "content" / "02-middle.md", "title: Middle", "title: Centre")
    renamed, planned = deck_build(book, monkeypatch)
    assert planned == ["Centre", "Start"]
    assert renamed == deck_build(book, monkeypatch, cache=False)[0]
    # the key terms slides come from the glossary: every chapter is planned again
    edit(book / "content" / "04-glossary.md", "Layout\n:", "Box\n:   A shape.\n\nLayout\n:")
    defined, planned = deck_build(book, monkeypatch)
    assert len(planned) == 4 and defined == deck_build(book, monkeypatch, cache=False)[0]


def test_a_chapter_with_warnings_is_kept_with_them(book, monkeypatch):
    """Its parse holds Problems: they must come back through the model-only unpickler."""
    edit(book / "content" / "02-middle.md", "The Layout matters.",
         "The Layout matters \u6f22\u5b57.")  # characters no bundled font has: a warning
    first, parsed = kept_load(book, monkeypatch)
    assert any("02-middle.md" in line and "warning" in line for line in first[1])
    again, parsed = kept_load(book, monkeypatch)
    assert parsed == [] and again == first == full(book)
