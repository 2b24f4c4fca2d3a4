"""The preview after a save: only the saved chapter is read again, yet the book and the page
are the ones a full rebuild makes (numbers, references, contents, index, problems); an edit
that changes what other chapters show updates them too, or rebuilds everything; the open page
is told which parts changed and fetches them; the banner says when the PDF is out of date."""

from __future__ import annotations

import json
import os
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from handbook.errors import Collector, ContentError
from handbook.preview.files import Files
from handbook.preview.page import SCREEN_CSS
from handbook.preview.render import PageMaker
from handbook.preview.watch import Preview
from handbook.source.rereading import BookReader

from .test_preview import get as raw_get

TIMEOUT = 15
WORDS = "each chapter is read once and the page shows what the author saved a moment ago"
CHAPTERS = {
    "01-start.md": "---\ntitle: Start\npart: First module\n---\n\nAn opening paragraph about "
                   "[[layout]].\n\n## Start section one\n\n{words}\n\n"
                   "![A box](images/box.svg \"The first box\"){{#fig-one}}\n\n"
                   "## Start section two\n\n{words}, as @fig-late shows.\n",
    "02-middle.md": "---\ntitle: Middle\npart: First module\n---\n\nThe Layout matters. "
                    "As @fig-one shows, see also [the late part](03-late.md#late-section).\n\n"
                    "## Middle section\n\n{words}\n\n!!! question \"Try it\"\n    What is it?\n\n"
                    "    !!! answer\n        A box.\n",
    "03-late.md": "---\ntitle: Late\n---\n\nLate opening.\n\n## Late section\n\n{words}, as "
                  "{{numref}}`Fig. %s <fig-one>` shows.\n\n"
                  "![Another box](images/box.svg \"The late box\"){{#fig-late}}\n",
    "04-glossary.md": "---\ntitle: Glossary\nglossary: true\n---\n\nLayout\n:   How the text "
                      "sits on the page.\n",
}


def make_project(root: Path) -> Path:
    (root / "content" / "images").mkdir(parents=True)
    (root / "handbook.toml").write_text('title = "Rereads"\nlanguage = "en"\n')
    (root / "content" / "images" / "box.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
        '<rect width="200" height="100" fill="#369"/></svg>')
    for name, text in CHAPTERS.items():
        (root / "content" / name).write_text(text.format(words=WORDS))
    return root


@pytest.fixture()
def book(tmp_path) -> Path:
    return make_project(tmp_path / "book")


def edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    return path


def outcome(load: Callable[[Collector], object]) -> tuple[object, list[str]]:
    """What LOAD gives (a book, None, or "failed") and the problems it reports."""
    problems = Collector()
    try:
        return load(problems), [p.format() for p in problems.problems]
    except ContentError as error:
        return "failed", [p.format() for p in error.problems]


def full(root: Path) -> tuple[object, list[str]]:
    """The book and its problems as a fresh full load makes them."""
    return outcome(BookReader(root).load)


def reread(reader: BookReader, changed: list[Path]) -> tuple[object, list[str]]:
    return outcome(lambda problems: reader.reread(changed, problems))


@pytest.mark.parametrize(("name", "old", "new", "shown"), [
    ("02-middle.md", "The Layout matters.", "Layout counts.",  # the glossary term linked
     lambda book, problems: "Layout</a> counts." in book.chapters[1].html),
    ("03-late.md", "## Late section", "## Later section",  # a heading 02 links to
     lambda book, problems: any("02-middle.md" in p and "broken link" in p for p in problems)),
])
def test_a_reread_parses_only_the_saved_chapter_and_is_the_full_load(book, name, old, new,
                                                                     shown):
    reader = BookReader(book)
    reader.load()
    saved = edit(book / "content" / name, old, new)
    result, problems = reread(reader, [saved])
    assert reader.reparsed == (saved,)
    assert (result, problems) == full(book)
    assert shown(result, problems)


def test_a_new_figure_renumbers_the_references_of_other_chapters(book):
    reader = BookReader(book)
    before = reader.load()
    assert "Figure 1.1" in before.chapters[1].html  # 02 refers to @fig-one
    start = edit(book / "content" / "01-start.md", "## Start section one\n",
                 "## Start section one\n\n![First](images/box.svg \"New first\"){#fig-new}\n")
    result, problems = reread(reader, [start])
    # 03 names fig-one too (a MyST role), though it is read before 01, which refers to its
    # figure: once 01 numbered it otherwise, 03 is read again, as in a full load
    assert set(reader.reparsed) == {start, *(book / "content" / n for n in ("02-middle.md",
                                                                            "03-late.md"))}
    assert (result, problems) == full(book)
    for chapter in result.chapters[1:3]:
        assert "Fig. 1.2" in chapter.html or "Figure 1.2" in chapter.html
        assert "1.1<" not in chapter.html


def test_a_broken_chapter_fails_as_a_full_load_fails_and_a_fix_rereads_it(book):
    reader = BookReader(book)
    reader.load()
    middle = book / "content" / "02-middle.md"
    good = middle.read_text()
    edit(middle, "title: Middle", "title: [Middle")
    result, problems = reread(reader, [middle])
    assert result == "failed" and (result, problems) == full(book)
    assert any("02-middle.md:2: error" in p for p in problems)
    middle.write_text(good.replace("Middle section", "Middle part"))
    result, problems = reread(reader, [middle])
    assert reader.reparsed == (middle,) and (result, problems) == full(book)


@pytest.mark.parametrize("change", ["glossary term", "new chapter", "deleted chapter",
                                    "becomes a glossary", "handbook.toml", "image"])
def test_what_every_chapter_depends_on_means_a_full_load(book, change):
    reader = BookReader(book)
    reader.load()
    content = book / "content"
    if change == "glossary term":
        changed = edit(content / "04-glossary.md", "Layout\n", "Page layout\n")
    elif change == "new chapter":
        changed = content / "05-new.md"
        changed.write_text("# New\n\nA new chapter.\n")
    elif change == "deleted chapter":
        changed = content / "03-late.md"
        changed.unlink()
    elif change == "becomes a glossary":
        changed = edit(content / "03-late.md", "title: Late\n", "title: Late\nglossary: true\n")
    elif change == "handbook.toml":
        changed = edit(book / "handbook.toml", "Rereads", "Rereads again")
    else:
        changed = content / "images" / "box.svg"
        changed.write_text(changed.read_text().replace("#369", "#963"))
    assert reader.reread([changed]) is None


def test_the_reread_page_is_the_page_a_full_rebuild_makes(book):
    files = Files(book)
    maker = PageMaker(book, files, SCREEN_CSS)
    first = maker.make()
    late = edit(book / "content" / "03-late.md", "## Late section\n",
                "## Late section\n\nA new paragraph.\n\n## A new heading\n\nMore.\n")
    made = maker.make([late])
    assert not made.full
    fresh = PageMaker(book, files, SCREEN_CSS).make()
    assert made.page == fresh.page
    old, new = dict(first.page.parts), dict(made.page.parts)
    assert {name for name in new if new[name] != old[name]} == {"front", "chapter-late"}
    assert "A new heading" in new["front"]  # the contents list it


# ----------------------------------------------------------------------------- served
def get(preview: Preview, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(preview.url.rstrip("/") + path, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def changes(preview: Preview, since: int) -> dict:
    """The page's long poll: what changed after version SINCE (waits for a change)."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        answer = json.loads(get(preview, f"/__changes?since={since}&session="
                                         f"{preview.live.session}")[1])
        if answer["version"] != since or time.monotonic() > deadline:
            return answer


@pytest.fixture()
def served(book):
    with Preview(book, port=0, log=lambda line: None) as preview:
        yield preview


def test_the_page_asks_for_the_parts_that_changed_and_gets_the_full_rebuilds_html(served, book):
    status, body = get(served, "/")
    page = body.decode()
    assert status == 200 and "<!--handbook-part:chapter-middle-->" in page
    assert 'fetch("/__changes?since=" + version' in page and '"/__part/"' in page
    version = served.state.version
    assert f'var version = {version}, session = "{served.live.session}"' in page
    edit(book / "content" / "02-middle.md", "## Middle section\n",
         "## Middle section\n\nNew words.\n")
    answer = changes(served, version)
    assert answer["reload"] is False and answer["parts"] == ["chapter-middle"]
    status, part = get(served, "/__part/chapter-middle")
    fresh = PageMaker(book, served.files, SCREEN_CSS).make().page
    assert status == 200 and part.decode() == dict(fresh.parts)["chapter-middle"]
    assert "<p>New words.</p>" in part.decode()
    assert served.state.page == fresh  # every other part, head and tail too


def test_an_edit_that_renumbers_other_chapters_sends_them_too(served, book):
    version = served.state.version
    edit(book / "content" / "01-start.md", "## Start section one\n",
         "## Start section one\n\n![First](images/box.svg \"New first\"){#fig-new}\n")
    answer = changes(served, version)
    assert answer["reload"] is False
    assert {"chapter-start", "chapter-middle"} <= set(answer["parts"])
    assert "Figure 1.2" in get(served, "/__part/chapter-middle")[1].decode()


def test_a_new_chapter_reloads_the_page_and_a_restarted_server_too(served, book):
    version = served.state.version
    (book / "content" / "05-new.md").write_text("# New\n\nA new chapter.\n")
    answer = changes(served, version)
    assert answer["reload"] is True and answer["parts"] == []
    assert "A new chapter." in get(served, "/")[1].decode()
    stale = json.loads(get(served, f"/__changes?since={answer['version']}&session=old")[1])
    assert stale["reload"] is True
    assert get(served, "/__part/no-such-part")[0] == 404
    assert get(served, "/__part/%2e%2e/%2e%2e/%2e%2e/etc/passwd")[0] == 404
    assert get(served, "/__changes?since=x")[0] == 400
    for path in ("/__part/chapter-late", f"/__changes?since=0&session={served.live.session}"):
        assert raw_get(served, path, host="evil.example")[0] == 403  # DNS rebinding


def test_the_banner_says_when_the_pdf_is_missing_or_older_than_the_sources(served, book):
    page = get(served, "/")[1].decode()
    assert 'id="handbook-preview-banner"' in page and 'id="handbook-preview-pdf"' in page
    assert "output/handbook.pdf</strong> does not exist yet" in page.replace(str(book) + "/", "")
    pdf = book / "output" / "handbook.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-1.7\n")
    answer = changes(served, served.state.version)  # it looks at the PDF every half second
    assert answer["parts"] == [] and "handbook-preview-pdf" not in answer["banner"]
    past = time.time() - 60
    os.utime(pdf, (past, past))
    edit(book / "content" / "03-late.md", "Late opening.", "Late opening, edited.")
    deadline = time.monotonic() + TIMEOUT
    answer = changes(served, answer["version"])
    while "is older than the sources" not in answer["banner"]:
        assert time.monotonic() < deadline, answer["banner"]
        answer = changes(served, answer["version"])
    assert "<code>handbook build " in answer["banner"]


def test_an_editors_backup_and_probe_files_do_not_force_a_full_rebuild(book):
    log: list[str] = []
    preview = Preview(book, port=0, log=log.append)  # not started: no watcher rebuilds too
    assert preview.rebuild()
    middle = edit(book / "content" / "02-middle.md", "Middle section", "Middle part")
    (book / "content" / "02-middle.md~").write_text("the old text")
    probe = book / "content" / "4913"  # vim writes and removes it to test the folder
    assert preview.rebuild([str(middle), str(probe), str(middle) + "~"])
    assert log[-1].endswith("(read again: content/02-middle.md)"), log[-1]
    gone = book / "content" / "images" / "gone.png"  # not beside the chapters: read all
    assert preview.rebuild([str(middle), str(gone)])
    assert "built in" in log[-1] and "read again" not in log[-1], log[-1]
    box = book / "content" / "images" / "box.svg"  # chapters name it
    box.unlink()
    assert not preview.rebuild([str(box)])
    assert any("image 'images/box.svg' not found" in line for line in log)
