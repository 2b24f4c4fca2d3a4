"""Accessibility of the shipped course: tagged PDF (PDF/UA-1) and decks a screen reader can use."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from handbook import palette
from handbook.cli import main
from handbook.source.theme import DEFAULTS

from .kitpdf import structure

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture(scope="module")
def course(course_build) -> Path:
    return course_build


def test_pdf_is_tagged_with_language_and_title(course):
    pdf = PdfReader(course / "handbook.pdf")
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert pdf.metadata.title == "AI literacy for staff members"
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()


def test_pdf_structure_has_alt_text_headings_in_order_and_table_headers(course):
    elements = structure(PdfReader(course / "handbook.pdf"))
    kinds = [str(e["/S"]) for e in elements]
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert len(figures) >= 5 and all(str(f.get("/Alt", "")).strip() for f in figures)
    levels = [int(k[2]) for k in kinds if re.fullmatch(r"/H[1-6]", k)]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    assert kinds.count("/Table") >= 5
    headers = [e for e in elements if e["/S"] == "/TH"]
    assert headers and all(e["/A"]["/Scope"] == "/Column" for e in headers)
    assert {"/L", "/LI", "/Link", "/Caption"} <= set(kinds)


def test_pdf_text_has_no_words_broken_by_hyphenation(course):
    pdf = PdfReader(course / "handbook.pdf")
    for page in pdf.pages:
        for line in (page.extract_text() or "").splitlines():
            assert not re.search(r"[a-z][\u00ad\u2010]$", line), line


def deck_slides(path):
    return list(Presentation(str(path)).slides)


def test_every_slide_title_is_unique_and_first_in_reading_order(course):
    for deck in [course / "slides.pptx", *sorted((course / "slides").glob("*.pptx"))]:
        titles = []
        for slide in deck_slides(deck):
            shapes = list(slide.shapes)
            assert shapes[0].is_placeholder and shapes[0] == slide.shapes.title
            titles.append(slide.shapes.title.text.strip())
        assert all(titles)
        assert len(titles) == len(set(titles)), deck.name


def test_pictures_have_descriptions_and_tables_header_rows(course):
    pictures = tables = 0
    for slide in deck_slides(course / "slides.pptx"):
        for shape in slide.shapes:
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                pictures += 1
                assert shape._element.nvPicPr.cNvPr.get("descr", "").strip()
            if shape.has_table:
                tables += 1
                assert shape.table.first_row
    assert pictures >= 5 and tables >= 5


def test_deck_language_is_set(course):
    assert Presentation(str(course / "slides.pptx")).core_properties.language == "en"


def test_slide_text_is_at_least_14_pt_and_bullets_18(course):
    """Bullets, statements, questions and card texts at 18 pt or more; captions, tables,
    labels, card sub-lines and terms' definitions at 14 pt or more (footers aside: the course
    title and slide number, repeated on every slide)."""
    from handbook.slides.audit import audit

    deck = Presentation(str(course / "slides.pptx"))
    for slide in audit(deck):
        assert slide.smallest is None or slide.smallest >= 14, (slide.number, slide.title)
    for slide in deck.slides:
        for shape in slide.shapes:
            if not shape.is_placeholder or shape.placeholder_format.idx != 1:
                continue
            fit = shape.text_frame._txBody.bodyPr.find(f"{A}normAutofit")
            scale = int(fit.get("fontScale", 100000)) / 100000 if fit is not None else 1
            assert 26 * scale >= 18  # the template's body size, shrunk
    master_sizes = [int(e.get("sz")) / 100 for e in deck.slide_master._element.iter(f"{A}defRPr")
                    if e.get("sz")]
    assert min(s for s in master_sizes if s >= 18) >= 18


def css_variables() -> dict[str, str]:
    css = (DEFAULTS / "handbook.css").read_text()
    root = re.search(r":root\s*\{(.*?)\}", css, re.S).group(1)
    return {name: value.lstrip("#") for name, value in
            re.findall(r"--([\w-]+):\s*(#[0-9A-Fa-f]{6})", root)}


def callout_colours(variables: dict[str, str]) -> dict[str, tuple[str, str]]:
    """{kind selector: (label colour, tint)} of every callout rule in the default CSS."""
    css = (DEFAULTS / "handbook.css").read_text()

    def colour(value: str, default: str) -> str:
        value = value.strip()
        if value.startswith("var(--"):
            return variables.get(value[6:-1], default)
        return value.lstrip("#") if value.startswith("#") else default

    found = {}
    for selector, body in re.findall(r"([^{}]*\.admonition[^{}]*)\{([^}]*--box-[^}]*)\}", css):
        label = re.search(r"--box-label:\s*([^;]+);", body)
        tint = re.search(r"--box-tint:\s*([^;]+);", body)
        found[" ".join(selector.split())] = (
            colour(label.group(1), variables["heading"]) if label else variables["heading"],
            colour(tint.group(1), "FFFFFF") if tint else "FFFFFF")
    assert len(found) >= 6, found
    return found


def test_print_colours_pass_wcag_aa():
    v = css_variables()
    white = "FFFFFF"
    pairs = [  # (text, background, where, large?)
        (v["ink"], white, "body text", False), (v["heading"], white, "headings", True),
        (v["accent"], white, "links, labels", False), (v["muted"], white, "captions", False),
        (v["ink"], "F5F8FA", "table rows", False), (white, v["heading"], "cover title", True),
        ("CFE3F0", v["heading"], "cover details", False),
        ("E4EEF5", v["heading"], "subtitle", False),
        (v["accent"], v["tint"], "part label", False),
        (v["heading"], v["tint"], "part title", True),
    ]
    for kind, (label, tint) in callout_colours(v).items():  # every callout kind's label
        pairs += [(label, tint, f"{kind} label", False), (v["ink"], tint, kind, False)]
    for text, background, where, large in pairs:
        assert palette.contrast(text, background) >= (3.0 if large else 4.5), where


def test_slide_colours_pass_wcag_aa():
    for text, background, where, large in palette.TEXT_PAIRS:
        assert palette.contrast(text, background) >= (3.0 if large else 4.5), where


def test_print_body_text_is_at_least_10_pt():
    css = (DEFAULTS / "handbook.css").read_text()
    body = re.search(r"\nbody \{[^}]*font-size:\s*([\d.]+)pt", css)
    assert float(body.group(1)) >= 10


def test_missing_alt_text_and_bare_urls_warn_and_fail_with_strict(project, capsys, tmp_path):
    chapter = project / "content" / "03-without-part.md"
    chapter.write_text(chapter.read_text().replace("![A vector figure]", "![]")
                       + "\nSee https://example.org/page for more.\n")
    assert main(["build", str(project), "-o", str(tmp_path / "a")]) == 0
    err = capsys.readouterr().err
    assert "03-without-part.md:13: warning: image 'images/diagram.svg' has no alt text" in err
    assert "03-without-part.md:23: warning: bare URL https://example.org/page" in err
    assert main(["build", str(project), "-o", str(tmp_path / "b"), "--strict"]) == 1
