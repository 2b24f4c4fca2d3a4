"""A Quarto book and an MkDocs Material site, taken as they are: `handbook build` in their
folders gives a book and decks with their chapters, parts and metadata, and none of their
syntax printed raw. Each fixture is built once for the module (WeasyPrint is slow)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from pptx import Presentation
from pypdf import PdfReader

from handbook.errors import Collector
from handbook.model import Callout, Image, inner_blocks
from handbook.slides.spec import NOTES_KINDS
from handbook.source.loader import load_book
from handbook.source.projects import open_project, yamlfile

from .conftest import REPO

FIXTURES = Path(__file__).parent / "fixtures"
QUARTO, MKDOCS = FIXTURES / "quarto", FIXTURES / "mkdocs"
RAW = [":::", "{{<", "@fig-", "@tbl-", "@sec-", "#|", "!!!", "???", '=== "', ":material-",
       ":fontawesome-", ":custom-", "--8<--", "++ctrl", "{#", "```", "(1)!", "\\~", "^["]
MONO = "DejaVuSansMono"


def _listing(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(folder: Path, out: Path) -> subprocess.CompletedProcess:
    """`handbook build` run in FOLDER, as an author would (only the output goes elsewhere)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764547200"}
    return subprocess.run([sys.executable, "-m", "handbook", "build", "-o", str(out),
                           "--no-cache"], cwd=folder, capture_output=True, text=True, env=env,
                          timeout=600, check=False)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, tuple[Path, subprocess.CompletedProcess, bool]]:
    """Each fixture built once: (output folder, the run, whether its folder is unchanged)."""
    found = {}
    for folder in (QUARTO, MKDOCS):
        before = _listing(folder)
        out = tmp_path_factory.mktemp(folder.name)
        run = _build(folder, out)
        found[folder.name] = (out, run, _listing(folder) == before)
    return found


@pytest.fixture(scope="module")
def books():
    return {folder.name: load_book(folder, Collector()) for folder in (QUARTO, MKDOCS)}


def _pdf_text(out: Path) -> str:
    return "\n".join(_page_texts(out))


def _page_texts(out: Path) -> list[str]:
    """Each page's text, read with PDFium (pypdf loses the "ti" ligature of the body font)."""
    document = pypdfium2.PdfDocument(str(out / "handbook.pdf"))
    try:
        return [page.get_textpage().get_text_range().replace("\r", "") for page in document]
    finally:
        document.close()


def _decks(out: Path) -> list[Path]:
    return [out / "slides.pptx", *sorted((out / "slides").glob("*.pptx"))]


def _slides(path: Path) -> list[tuple[str, str]]:
    """(text on the slide, its notes) of each slide."""
    found = []
    for slide in Presentation(str(path)).slides:
        texts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts.extend(c.text for row in shape.table.rows for c in row.cells)
        found.append(("\n".join(texts), slide.notes_slide.notes_text_frame.text))
    return found


def _walk(blocks, skip=frozenset()):
    for block in blocks:
        if isinstance(block, Callout) and block.kind in skip:
            continue
        yield block
        yield from _walk(inner_blocks(block), skip)


def _blocks(chapter, skip=frozenset()):
    """Every block of CHAPTER, boxes of the kinds in SKIP left out."""
    yield from _walk(chapter.intro, skip)
    for section in chapter.sections:
        yield from _walk(section.blocks, skip)


def _outline(entries, depth=0):
    for entry in entries:
        if isinstance(entry, list):
            yield from _outline(entry, depth + 1)
        else:
            yield depth, entry["/Title"]


# ------------------------------------------------------------------------------ the builds
@pytest.mark.parametrize("name", ["quarto", "mkdocs"])
def test_build_in_the_folder_exits_0_with_no_edits(outputs, name):
    out, run, unchanged = outputs[name]
    assert run.returncode == 0, run.stderr
    assert unchanged, "the build wrote into the project folder"
    assert (out / "handbook.pdf").is_file() and (out / "slides.pptx").is_file()
    assert " error: " not in run.stderr
    assert "PDF: link to 'handbook://" not in run.stderr  # said once, at its chapter's line


def test_a_link_to_a_file_the_tool_renders_is_one_warning_at_its_line(outputs):
    found = [line for line in outputs["quarto"][1].stderr.splitlines()
             if "slides/reporting.html" in line]
    assert len(found) == 1 and found[0].startswith("sessions/reporting.qmd:6: warning: broken "
                                                   "link"), found  # written '/slides/…'


@pytest.mark.parametrize(("name", "expected"), [
    ("quarto", [(0, "Contents"), (0, "Welcome"), (0, "Day one"),
                (1, "Bundling code into functions"), (1, "Analysing data"), (0, "Day two"),
                (1, "Reporting results"), (0, "Appendices"), (1, "Extra material")]),
    ("mkdocs", [(0, "Contents"), (0, "Welcome"), (0, "Course material"),
                (1, "Introduction to containers"), (1, "Working with Dockerfiles"),
                (0, "Reference"), (1, "Cheat sheet")]),
])
def test_chapters_in_the_config_order_under_its_parts(outputs, name, expected):
    outline = [e for e in _outline(PdfReader(outputs[name][0] / "handbook.pdf").outline)
               if e[0] <= 1 and (e[0] == 0 or e[1] in dict(map(reversed, expected)))]
    assert outline == expected


def test_the_project_file_names_the_book(books, outputs):
    quarto, mkdocs = books["quarto"].meta, books["mkdocs"].meta
    assert (quarto.title, quarto.subtitle, quarto.authors, quarto.date) == (
        "Data Skills Workshop", "Three days of reproducible analysis",
        ("Ada Lovelace", "Grace Hopper"), "2026-11-30")
    assert (mkdocs.title, mkdocs.author) == ("Containers in Practice", "The Training Team")
    assert mkdocs.copyright == "Copyright © 2026 Example Institute"
    assert "Copyright © 2026 Example Institute" in _pdf_text(outputs["mkdocs"][0])
    metadata = PdfReader(outputs["quarto"][0] / "handbook.pdf").metadata
    assert metadata.title == "Data Skills Workshop"


@pytest.mark.parametrize("name", ["quarto", "mkdocs"])
def test_no_raw_syntax_in_the_pdf_the_slides_or_the_notes(outputs, name):
    out = outputs[name][0]
    texts = {"handbook.pdf": _pdf_text(out)}
    for deck in _decks(out):
        slides = _slides(deck)
        texts[f"{deck.name} slides"] = "\n".join(s for s, _ in slides)
        texts[f"{deck.name} notes"] = "\n".join(n for _, n in slides)
    found = [(where, raw) for where, text in texts.items() for raw in RAW if raw in text]
    assert not found


@pytest.mark.parametrize("name", ["quarto", "mkdocs"])
def test_every_code_block_is_set_in_the_monospaced_font(outputs, books, name):
    book = books[name]
    lines = {line.strip() for chapter in book.chapters for block in _blocks(chapter)
             if type(block).__name__ == "Code" for line in block.text.split("\n")
             if 3 < len(line.strip()) < 45}
    seen: dict[str, set[str]] = {}
    with pdfplumber.open(outputs[name][0] / "handbook.pdf") as pdf:
        for page in pdf.pages:
            for line in page.extract_text_lines(return_chars=True):
                text = "".join(line["text"].split())
                for code in (c for c in lines if text.endswith("".join(c.split()))):
                    chars = [c for c in line["chars"] if c["text"].strip()][-len(
                        "".join(code.split())):]
                    seen.setdefault(code, set()).update(c["fontname"].replace("-", "")
                                                        for c in chars)
    printed = {code for code in lines if code in seen}
    assert len(printed) >= len(lines) * 0.8, sorted(lines - printed)
    assert all(all(MONO in font for font in seen[code]) for code in printed), seen


@pytest.mark.parametrize("name", ["quarto", "mkdocs"])
def test_every_image_is_within_the_page_and_in_the_decks(outputs, books, name):
    out = outputs[name][0]
    with pdfplumber.open(out / "handbook.pdf") as pdf:
        pictures = [(page, image) for page in pdf.pages for image in page.images]
        for page, image in pictures:
            assert image["x0"] >= 0 and image["x1"] <= page.width + 0.5, image
            assert image["top"] >= 0 and image["bottom"] <= page.height + 0.5, image
    images = [b for chapter in books[name].chapters for b in _blocks(chapter)
              if isinstance(b, Image)]
    assert len(pictures) >= len(images)
    # on slides: all but those in an answer (never on the exercise's slide) or a trainer's note
    shown = [b for chapter in books[name].chapters for b in _blocks(chapter, NOTES_KINDS)
             if isinstance(b, Image)]
    blobs = {hashlib.sha256(shape.image.blob).hexdigest()
             for slide in Presentation(str(out / "slides.pptx")).slides
             for shape in slide.shapes if shape.shape_type == 13}
    assert {hashlib.sha256(image.path.read_bytes()).hexdigest() for image in shown} <= blobs


def _links(out: Path) -> list[tuple[int, str]]:
    """(page index, destination) of every internal link in the chapters (not the contents)."""
    reader = PdfReader(out / "handbook.pdf")
    first = min(reader.get_destination_page_number(dest) for name, dest in
                reader.named_destinations.items() if name.startswith("chapter-"))
    found = []
    for index, page in enumerate(reader.pages[first:], start=first):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and annotation.get("/Dest"):
                found.append((index, str(annotation["/Dest"])))
    return found


@pytest.mark.parametrize(("name", "targets"), [
    ("quarto", {"sessions-basics--fig-workflow": "The workflow of writing a function.",
                "sessions-basics--tbl-args": "The arguments of sd()",
                "sessions-basics--sec-writing": "Writing your own",
                "sessions-analysis--fig-hist": "The distribution of reaction times",
                "chapter-sessions-analysis": "Analysing data",
                "sessions-reporting--tbl-tools": "The tools of the workshop."}),
    ("mkdocs", {"course-01-introduction--running-a-container": "Running a container"}),
])
def test_every_cross_reference_is_a_link_to_the_right_page(outputs, name, targets):
    out = outputs[name][0]
    reader = PdfReader(out / "handbook.pdf")
    pages = {name: reader.get_destination_page_number(dest)
             for name, dest in reader.named_destinations.items()}
    links = [(page, dest) for page, dest in _links(out) if dest in targets]
    assert {dest for _, dest in links} == set(targets)  # each is a link (a reference in
    # print is a link with its "on page 11" after it, so one may be more than one rectangle)
    texts = _page_texts(out)
    for _, dest in links:
        text = texts[pages[dest]]
        assert targets[dest] in " ".join(text.split()), (dest, pages[dest])


# ------------------------------------------------------------------------------ what it says
def test_quarto_shortcodes_includes_cells_and_tabs(outputs):
    out = outputs["quarto"][0]
    text = " ".join(_pdf_text(out).split())
    for shown in ("R 4.5.0 and Python 3.13", "dataskills organisation",
                  "Explain what a function is made of.", "Time: ~8 minutes.",
                  "Pandoc calls these inline notes.", "Functions in five minutes",
                  "Console", "Summary of the data", "Min. : 4.0",
                  # a caption from alt text wrapped over lines, with a link and emphasis in it
                  "Figure 3.1 The distribution of reaction times, drawn with ggplot2 (see the "
                  "R graph gallery).", "How the tools hand work on, a caption wrapped over "
                  "lines.",  # an image with `fig-alt`: its bracketed text is its caption
                  # references, in their chapter and across chapters, as Quarto numbers them
                  "see Figure 2.1 on page", "Table 2.1 on page", "Section 2.3 on page",
                  "builds on Section 2.3 on page", "and on Figure 2.1 on page",
                  "the tools from Chapter 3 on page", "Table 4.1 on page"):
        assert shown in text, shown
    assert re.search(r"Ctrl\s*\+\s*Shift\s*\+\s*P", text)
    for hidden in ("library(tidyverse)", "hidden code", "unknowncode", "Repeat that all "
                   "actions", "Ask the room"):
        assert hidden not in text, hidden
    slides = _slides(out / "slides.pptx")
    titles = [s.split("\n")[0] for s, _ in slides]
    assert "Writing your own: R" in titles and "Writing your own: Python" in titles
    notes = "\n".join(n for _, n in slides)
    assert "Ask the room which tools they already use." in notes  # the trainer's note
    assert "Most reactions are fast" in notes  # the solution: in the notes …
    assert not any("Most reactions are fast" in s for s, _ in slides)  # … never on a slide


def test_mkdocs_boxes_tabs_code_and_snippets(outputs, books):
    out = outputs["mkdocs"][0]
    text = " ".join(_pdf_text(out).split())
    for shown in ("--minimum-length \"quoted\"", "Terminal", "Every instruction in a "
                  "Dockerfile is a line", "FROM ubuntu:24.04 # (1)", "A shell inside the "
                  "container", "Ubuntu", "Alpine", "It keeps the container interactive",
                  "its author is Ada Lovelace orcid"):  # a link that was only an icon
        assert shown in text, shown
    assert text.index("What does -it do?") < text.index("It keeps the container interactive")
    assert "participants should not see this box" not in text
    assert "–minimum-length" not in text
    kinds = {b.kind for chapter in books["mkdocs"].chapters for b in _blocks(chapter)
             if isinstance(b, Callout)}
    assert {"abstract", "info", "tip", "solution", "warning", "danger", "bug", "failure",
            "question", "example", "quote", "tab", "note"} <= kinds
    slides = _slides(out / "slides.pptx")
    by_title = {s.split("\n")[0]: (s, n) for s, n in slides}
    assert "Choosing an image: Ubuntu" in by_title and "Choosing an image: Alpine" in by_title
    assert "Keep your images small." in by_title["Only boxes"][0]
    assert "participants should not see this box" in "\n".join(n for _, n in slides)
    assert not any("It keeps the container" in s or "A shell inside" in s for s, _ in slides)


@pytest.mark.parametrize("name", ["quarto", "mkdocs"])
def test_local_files_the_text_links_to_are_attached(outputs, name):
    out = outputs[name][0]
    reader = PdfReader(out / "handbook.pdf")
    attached = {a["/FS"].get_object()["/F"] for page in reader.pages
                for a in (a.get_object() for a in page.get("/Annots") or [])
                if a.get("/Subtype") == "/FileAttachment"}
    expected = {"day-one.pdf", "survey.csv"} if name == "quarto" else {"day-one.pdf"}
    assert attached == expected
    assert "(day-one.pdf, attached)" in _pdf_text(out)


def test_check_in_the_project_folders_names_what_is_left_out():
    runs = {folder.name: subprocess.run([sys.executable, "-m", "handbook", "check"],
                                        cwd=folder, capture_output=True, text=True,
                                        timeout=300, check=False)
            for folder in (QUARTO, MKDOCS)}
    assert all(run.returncode == 0 for run in runs.values()), runs
    quarto = runs["quarto"].stderr
    assert "sessions/basics.qmd:85: warning: Quarto shortcode '{{< unknowncode with args " \
        ">}}' is not one handbook knows; left out (here and on 1 more line(s): 87)" in quarto
    assert "sessions/basics.qmd:40: warning: handbook runs no code: the output of 2 code " \
        "cell(s) is not in the book (show-sd (line 40), line 46)" in quarto
    assert "sessions/analysis.qmd:31: warning: a mermaid diagram is printed as its code" in quarto
    assert "analysis.qmd:25" not in quarto  # its output is in _freeze/
    assert "sessions/reporting.qmd:35: warning: code cell 'code-appendix' repeats other " \
        "cells' code (ref-label), which only knitr can gather; left out" in quarto
    assert "docs/index.md:4: warning: 3 icon shortcode(s) such as ':custom-orcid:'" \
        in runs["mkdocs"].stderr


# ------------------------------------------------------------------------------ the project
def test_a_cell_shown_as_written_keeps_one_pair_of_braces():
    from handbook.source.dialects.quarto import Quarto
    from handbook.source.dialects.syntax import Syntax

    lines = ["````markdown", "```{{r setup}}", "library(here)", "```", "````"]
    out = Quarto(Syntax("quarto"), None, {}, lambda line, message: None).run(lines)
    assert out == ["````markdown", "```{r setup}", "library(here)", "```", "````"]


def test_yaml_tags_are_data_never_code():
    data = yamlfile.parse("a: !!python/name:os.system\n"
                          "b: !!python/object/apply:os.system ['echo owned']\n"
                          "c: !ENV [HOME, fallback]\n")
    assert data == {"a": "", "b": ["echo owned"], "c": ["HOME", "fallback"]}
    layout = open_project(MKDOCS)
    assert "material" not in sys.modules
    assert "pymdownx.keys" in layout.syntax.extensions


def test_handbook_toml_wins_where_both_say_something(tmp_path):
    project = tmp_path / "quarto"
    shutil.copytree(QUARTO, project)
    (project / "handbook.toml").write_text('title = "Our own title"\n'
                                           'chapters = ["sessions/analysis.qmd", "index.qmd"]\n')
    problems = Collector()
    book = load_book(project, problems)
    assert book.meta.title == "Our own title"
    assert book.meta.subtitle == "Three days of reproducible analysis"
    assert [c.stem for c in book.chapters] == ["sessions-analysis", "index"]
    assert book.chapters[0].meta.part == "Day one"
    left_out = {p.path.name for p in problems.warnings if "left out of the book" in p.message}
    assert left_out == {"basics.qmd", "reporting.qmd", "extras.md"}


def test_preview_watches_the_project_folder():
    from handbook.preview.files import Files
    from handbook.preview.render import render_page
    from handbook.preview.watch import Preview

    assert Preview(QUARTO)._targets() == (QUARTO.resolve(),)
    page, _ = render_page(QUARTO.resolve(), Files(QUARTO.resolve()))
    assert "Bundling code into functions" in page and "{{&lt;" not in page


def test_readme_says_how_to_bring_a_quarto_book_or_an_mkdocs_site():
    readme = (REPO / "README.md").read_text()
    assert "## Bringing a Quarto book or an MkDocs site" in readme
