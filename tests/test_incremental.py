"""Rebuilding only what changed is never wrong: after any edit, the PDF made from cached parts
is the book a clean build makes (pages, text on every page, links, destinations, outline,
structure tags), and the merged book is the one-pass book of the same HTML."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.build import build
from handbook.build.cache import CACHE_DIR

TOML = 'title = "Parts"\nauthor = "Test team"\nlanguage = "en"\npart_label = "Module"\n'
SENTENCE = "the book lays out each chapter on its own pages and keeps what did not change"


def chapter(title: str, part: str | None, sections: int, extra: str = "") -> str:
    head = f"---\ntitle: {title}\n" + (f"part: {part}\n" if part else "") + "---\n\n"
    body = "".join(f"## {title} section {n}\n\n" + " ".join([SENTENCE] * 6) + f" [[term {n}]].\n\n"
                   for n in range(1, sections + 1))
    return head + "An opening paragraph.\n\n" + body + extra


def make_project(root: Path) -> Path:
    (root / "content" / "images").mkdir(parents=True)
    (root / "handbook.toml").write_text(TOML)
    (root / "content" / "images" / "box.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
        '<rect width="200" height="100" fill="#369"/></svg>')
    files = {
        "01-start.md": chapter("Start", "First module", 2),
        "02-middle.md": chapter("Middle", "First module", 3),
        "03-late.md": chapter("Late", None, 1, "![A blue box](images/box.svg \"The box\")"
                                               "{#fig-late}\n\nAs @fig-late shows.\n"),
        "04-glossary.md": "---\ntitle: Glossary\nglossary: true\n---\n\nTerm 1\n:   One.\n",
    }
    for name, text in files.items():
        (root / "content" / name).write_text(text)
    return root


def chapters(root: Path) -> list[Path]:
    return sorted(p for p in (root / "content").glob("0*.md") if "glossary" not in p.name)


def apply(root: Path, edit: tuple) -> None:
    """One author's edit of the project."""
    kind, which, word = edit
    files = chapters(root)
    path = files[which % len(files)]
    text = path.read_text()
    if kind == "text":
        path.write_text(text.replace("An opening paragraph.", f"An opening {word} paragraph.", 1))
    elif kind == "section":
        path.write_text(text + f"\n## Added {word}\n\n" + " ".join([SENTENCE] * 40) + "\n")
    elif kind == "delete" and len(files) > 2:
        path.unlink()
    elif kind == "figure":
        path.write_text(text + f"\n![A {word} box](images/box.svg \"Box {word}\"){{#fig-{word}}}"
                               f"\n\nAs @fig-{word} shows.\n")
    elif kind == "style":
        styles = root / "styles"
        styles.mkdir(exist_ok=True)
        size = 10 + len(word) % 3
        (styles / "local.css").write_text(f".chapter p {{ font-size: {size}pt; }}\n")


def features(pdf: Path) -> dict:
    """What a reader and a checker see in a PDF."""
    reader = pypdf.PdfReader(pdf)
    named = reader.named_destinations
    links = []
    for n, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A") or {}
            target = annotation.get("/Dest", action.get("/D"))
            if target is not None:  # a named destination: the page it leads to
                found = named.get(str(target))
                target = (str(target), found and reader.get_destination_page_number(found))
            links.append((n, str(action.get("/URI", "")), target, list(annotation["/Rect"])))
    destinations = {name: reader.get_destination_page_number(d) for name, d in named.items()}
    return {"pages": len(reader.pages),
            "text": [page.extract_text() for page in reader.pages],
            "links": links, "destinations": destinations,
            "outline": outline(reader, reader.outline), "tags": tags(reader),
            "labels": list(reader.page_labels), "title": reader.metadata.title,
            "language": str(reader.trailer["/Root"].get("/Lang"))}


def outline(reader, items, depth: int = 0) -> list:
    found = []
    for item in items:
        if isinstance(item, list):
            found.extend(outline(reader, item, depth + 1))
        else:
            found.append((depth, item.title, reader.get_destination_page_number(item)))
    return found


def tags(reader) -> list:
    """The structure tree as (depth, tag) in reading order."""
    found: list = []

    def walk(node, depth: int) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/S" in node:
                found.append((depth, str(node["/S"])))
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    walk(kid, depth + 1)

    walk(reader.trailer["/Root"]["/StructTreeRoot"], 0)
    return found


def pdf_build(root: Path, out: Path, cache: bool = True, jobs: int | None = None) -> Path:
    """The PDF alone, on two cores: a clean build (no cache) writes its parts on both, an
    incremental one lays out the parts an edit moved on both."""
    build(root, out, decks=False, cache=cache, jobs=jobs)
    return out / "handbook.pdf"


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> Path:
    """The small book, built once: its cache holds every part. Cache keys name the project's
    files by their paths, so each test works on a copy in the same place (fresh())."""
    root = make_project(tmp_path_factory.mktemp("warm") / "book")
    pdf_build(root, root / "output", jobs=1)
    shutil.copytree(root, root.parent / "template")
    return root


def fresh(warm: Path) -> Path:
    """The warm book as it was built, in its place."""
    shutil.rmtree(warm)
    shutil.copytree(warm.parent / "template", warm)
    return warm


EDITS = st.tuples(st.sampled_from(["text", "section", "delete", "figure", "style"]),
                  st.integers(0, 3), st.sampled_from(["alpha", "beta", "gamma"]))


@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(edits=st.lists(EDITS, min_size=1, max_size=3))
def test_incremental_build_is_the_clean_build(warm, edits):
    root = fresh(warm)
    for edit in edits:
        apply(root, edit)
        incremental = pdf_build(root, root / "output")
        clean = pdf_build(root, root.parent / "clean", cache=False)
        assert features(incremental) == features(clean), edit
        assert incremental.read_bytes() == clean.read_bytes(), edit


def test_an_edit_lays_out_only_its_part(warm, tmp_path, monkeypatch):
    root = fresh(warm)
    apply(root, ("text", 1, "delta"))
    laid_out: list[int] = []
    from handbook.book import partpdf
    from handbook.build import pdfparts

    real = partpdf.render_alone

    def alone(layout, book, index, *rest):
        laid_out.append(book.parts[index].name)
        return real(layout, book, index, *rest)

    monkeypatch.setattr(partpdf, "render_alone", alone)
    monkeypatch.setattr(pdfparts, "WHOLE_SHARE", 1.0)
    incremental = pdf_build(root, root / "output")
    assert laid_out == ["chapter-middle"]
    clean = pdf_build(root, tmp_path / "clean", cache=False)
    assert incremental.read_bytes() == clean.read_bytes()


def test_damaged_or_foreign_parts_are_laid_out_again(warm, tmp_path):
    root = fresh(warm)
    apply(root, ("text", 0, "epsilon"))
    entries = sorted((root / CACHE_DIR / "entries").glob("pdfpart-*.json"))
    assert entries
    for n, entry in enumerate(entries):
        data = json.loads(entry.read_text())
        if n % 3 == 0:
            data["anchors"] = "not a map"  # foreign: another shape
        elif n % 3 == 1:
            blob = root / CACHE_DIR / "blobs" / data["blobs"]["pdf"][:2] / data["blobs"]["pdf"]
            if blob.is_file():
                blob.write_bytes(b"%PDF-1.7 damaged")
        else:
            data["pages"] = 0
        entry.write_text(json.dumps(data))
    incremental = pdf_build(root, root / "output")
    clean = pdf_build(root, tmp_path / "clean", cache=False)
    assert features(incremental) == features(clean)


def test_merged_book_is_the_one_pass_book(warm, tmp_path):
    """The parts merged give what WeasyPrint writes for the whole book in one pass."""
    from handbook.book.html import render_book_html
    from handbook.book.pdf import render_pdf
    from handbook.errors import Collector
    from handbook.source.loader import load_book
    from handbook.source.theme import load_theme

    problems, root = Collector(), fresh(warm)
    book, theme = load_book(root, problems), load_theme(root)
    data, _pages = render_pdf(book, render_book_html(book, theme), theme, problems)
    (tmp_path / "one-pass.pdf").write_bytes(data)
    merged = features(pdf_build(root, tmp_path / "merged", cache=False))
    one_pass = features(tmp_path / "one-pass.pdf")
    assert merged == one_pass
    assert merged["outline"] and merged["destinations"] and merged["tags"]
    assert any(link[2] is not None for link in merged["links"])


STYLED = ('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">'
          '<style>@import url(more.css);</style><rect width="5" height="5"/></svg>')


def test_a_part_brings_back_its_own_warnings_only_once(tmp_path):
    """WeasyPrint's warning about a chapter is kept with that chapter's part: reported again
    while that part is reused, once, and no more once the chapter is fixed."""
    root = make_project(tmp_path / "book")
    (root / "content" / "images" / "styled.svg").write_text(STYLED)  # WeasyPrint gives up on it
    start = root / "content" / "01-start.md"
    start.write_text(start.read_text() + "\n![A styled box](images/styled.svg)\n")

    def warnings() -> list[str]:
        found = build(root, root / "output", decks=False, jobs=1).problems.warnings
        said = [p.format(root) for p in found]
        assert len(said) == len(set(said)), said  # nothing said twice
        return [s for s in said if "styled.svg" in s]

    assert warnings() == ["content/01-start.md:17: warning: PDF: Failed to load image at "
                          "'handbook://project/content/images/styled.svg': "]  # whole book
    apply(root, ("text", 1, "alpha"))  # another chapter: the warning's part is reused
    assert len(warnings()) == 1
    start.write_text(start.read_text().replace("![A styled box](images/styled.svg)", ""))
    assert warnings() == []  # fixed: laid out again
    start.write_text(start.read_text() + "\n![A styled box](images/styled.svg)\n")
    assert len(warnings()) == 1  # the warning of a part laid out alone
    start.write_text(start.read_text().replace("![A styled box](images/styled.svg)", ""))
    apply(root, ("text", 2, "beta"))  # fixed, and another chapter edited
    assert warnings() == []


def test_a_warning_without_a_place_goes_with_the_part_it_names():
    from types import SimpleNamespace

    from handbook.book.origins import owner
    from handbook.book.parts import split_book
    from handbook.errors import Problem

    split = split_book('<html><body><!--handbook-part:front--><nav id="toc"></nav>'
                       '<!--handbook-part:chapter-a--><article id="chapter-a">'
                       '<a href="#chapter-b--x">x</a></article>'
                       '<!--handbook-part:chapter-b--><article id="chapter-b">'
                       '<a href="ftp://example.org/f">f</a></article></body></html>')
    book = SimpleNamespace(chapters=())
    said = {"PDF: link to 'ftp://example.org/f' removed": 2,
            "PDF: No anchor #chapter-b--x for internal URI reference": 1,
            "PDF: something about the whole book": 0}
    for message, part in said.items():
        assert owner(Problem(None, None, message, "warning"), book, split) == part, message


def test_the_parts_an_edit_moves_are_laid_out_on_both_cores(warm, tmp_path, monkeypatch):
    """A section added to the first chapter moves every part after it: they are laid out in
    one round, shared with a forked process, and the book is the clean build's."""
    from handbook.build import partjobs

    root, shared = fresh(warm), []
    real = partjobs.halves

    def halves(split, wanted):
        shared.append([split.parts[index].name for index, _page, _refs in wanted])
        return real(split, wanted)

    monkeypatch.setattr(partjobs, "halves", halves)
    for word in ("moving", "on"):  # two pages more: the next chapter opens two pages later
        apply(root, ("section", 0, word))
    incremental = pdf_build(root, root / "output", jobs=2)
    assert any({"chapter-middle", "chapter-late"} <= set(names) for names in shared), shared
    clean = pdf_build(root, tmp_path / "clean", cache=False)
    assert incremental.read_bytes() == clean.read_bytes()
