"""The printed book as a reader and a print shop see it, read back with pdfplumber and pypdf.

Checked on the shipped course, on a plain book (no parts, no handbook.toml) and, for the
print-shop settings, on the fixture book with `[print]` bleed, crop marks and single sides.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from handbook.build import build
from handbook.model import Image
from handbook.source.loader import load_book

from .conftest import FIXTURE_BOOK, PLAIN_BOOK, REPO
from .pdf_pages import MM, PageFacts, read_pages

A4 = (595.28, 841.89)  # points


class Printed:
    """One built PDF: its pages as pdfplumber sees them, its outline, the book it came from."""

    def __init__(self, root: Path, pdf: Path):
        self.path = pdf
        self.pages: list[PageFacts] = read_pages(pdf)
        self.texts = [page.extract_text() or "" for page in PdfReader(pdf).pages]
        self.book = load_book(root)
        self.openers = self._openers()

    def _openers(self) -> dict[str, int]:
        """{title: page number} of the contents, parts, chapters, answers and index."""
        reader = PdfReader(self.path)
        titles = {"Contents", "Answers", "Index", *(c.meta.title for c in self.book.chapters),
                  *(p.title for p in self.book.parts() if hasattr(p, "chapters"))}
        found = {}

        def walk(entries, depth):
            for entry in entries:
                if isinstance(entry, list):
                    walk(entry, depth + 1)
                elif depth < 2 and entry.title in titles:
                    found[entry.title] = reader.get_destination_page_number(entry) + 1

        walk(reader.outline, 0)
        return found

    def chapter_pages(self) -> list[list[PageFacts]]:
        """The pages of each chapter, from its opener to its last page with text."""
        chapters = []
        for chapter in self.book.chapters:
            start = self.openers[chapter.meta.title]
            end = min((n for n in self.openers.values() if n > start), default=len(self.pages))
            chapters.append([p for p in self.pages[start - 1:end - 1] if p.body])
        return chapters


@pytest.fixture(scope="module")
def course(course_build) -> Printed:
    return Printed(REPO, course_build / "handbook.pdf")


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> Printed:
    out = tmp_path_factory.mktemp("plain")
    build(PLAIN_BOOK, out, decks=False, cache=False)
    return Printed(PLAIN_BOOK, out / "handbook.pdf")


@pytest.fixture(scope="module", params=["course", "plain"])
def printed(request) -> Printed:
    return request.getfixturevalue(request.param)


def test_openers_are_right_hand_pages_without_running_heads(printed):
    expected = {"Contents", "Answers", "Index", *(c.meta.title for c in printed.book.chapters)}
    assert expected <= set(printed.openers)
    for title, number in printed.openers.items():
        assert number % 2 == 1, f"{title} opens on page {number}, a left-hand page"
        assert printed.pages[number - 1].head == (), (title, printed.pages[number - 1].head)


def test_folios_and_running_heads_sit_on_the_outer_edge(printed):
    folios = 0
    for page in printed.pages:
        outer_right = page.number % 2 == 1
        for x, text in page.foot:
            if text.isdigit():
                folios += 1
                assert int(text) == page.number
                assert (x > page.width / 2) == outer_right, (page.number, x)
        for x, _ in page.head:
            assert (x > page.width / 2) == outer_right, (page.number, page.head)
    assert folios > len(printed.pages) / 2


def test_blank_pages_have_no_header_or_footer_and_the_book_ends_on_an_even_page(printed):
    blank = [page for page in printed.pages if not page.body]
    assert blank, "a double-sided book has empty versos before some openers"
    for page in blank:
        if page.number > 1 and page.number != len(printed.pages):  # not the covers
            assert page.ink == 0, (page.number, page.head, page.foot)
    assert len(printed.pages) % 2 == 0


def test_no_large_white_gaps_mid_chapter(printed):
    middle = [page for pages in printed.chapter_pages() for page in pages[:-1]]
    gappy = [page.number for page in middle if page.empty > 0.3]
    assert middle and len(gappy) <= 0.05 * len(middle), gappy


def test_every_figure_label_and_caption_is_printed_once(printed):
    labels = [label for page in printed.pages for label in page.labels]
    images = [b for c in printed.book.chapters for s in c.sections for b in s.blocks
              if isinstance(b, Image) and b.number]
    assert len(labels) == len(set(labels)) and {f"Figure {i.number}" for i in images} <= set(labels)
    for image in images:
        page = next(p for p in printed.pages if f"Figure {image.number}" in p.labels)
        text = " ".join(printed.texts[page.number - 1].split())
        assert text.count(image.caption) == 1, image.caption  # not inside the drawing too
        assert not re.search(rf"Figure {image.number} (Figure|Fig\.) ?\d", text)


def test_qr_codes_sit_beside_their_further_reading_item(printed):
    assert not [page.number for page in printed.pages if page.lonely_codes]


def test_contents_lists_chapters_and_sections_but_not_glossary_letters(printed):
    start = printed.openers["Contents"]
    end = min(n for n in printed.openers.values() if n > start)
    contents = "\n".join(printed.texts[start - 1:end - 1])
    glossary = next(c for c in printed.book.chapters if c.meta.glossary)
    assert glossary.meta.title in contents
    for section in glossary.sections:
        assert not re.search(rf"^{re.escape(section.title)}[ .]*\d+$", contents, re.M), section
    first = printed.book.chapters[0]
    assert first.sections[0].title in contents


def test_index_shows_where_a_term_is_explained_in_bold_and_its_glossary_page(plain):
    number = plain.openers["Index"]
    glossary = plain.openers["Glossary"]
    explained = next(n for n, text in enumerate(plain.texts, start=1)
                     if re.search(r"It\s+also\s+has\s+a\s+running\s+head", text))
    assert re.search(rf"running head {explained}; glossary {glossary}\b",
                     plain.texts[number - 1])
    with pdfplumber.open(plain.path) as pdf:
        words = pdf.pages[number - 1].extract_words(extra_attrs=["fontname"])
    bold = {w["text"].rstrip(";,") for w in words if "Bold" in w["fontname"]}
    assert str(explained) in bold and str(glossary) not in bold


def test_glossary_terms_are_marked_once_and_never_in_boxes_or_headings():
    for chapter in load_book(REPO).chapters:
        if chapter.meta.glossary:
            continue
        links = re.findall(r'<a class="term" href="(#[^"]+)"', chapter.html)
        assert len(links) == len(set(links)), chapter.stem  # the first use only
        for box in re.findall(r'<div class="admonition.*?</div>', chapter.html, re.S):
            assert 'class="term"' not in box, chapter.stem
        for heading in re.findall(r"<h[1-6].*?</h[1-6]>", chapter.html, re.S):
            assert 'class="term"' not in heading, chapter.stem


@pytest.fixture(scope="module")
def print_shop(tmp_path_factory) -> Path:
    """The fixture book with bleed, crop marks and single-sided pages."""
    root = tmp_path_factory.mktemp("print-shop") / "book"
    shutil.copytree(FIXTURE_BOOK, root, ignore=shutil.ignore_patterns(".handbook-cache"))
    with (root / "handbook.toml").open("a") as config:
        config.write('[print]\nsides = "simplex"\nbleed = "3mm"\ncrop_marks = true\n')
    build(root, root / "output", decks=False, cache=False)
    return root / "output" / "handbook.pdf"


def test_print_shop_pages_have_a4_trim_bleed_and_crop_marks(print_shop):
    reader = PdfReader(print_shop)
    for page in reader.pages:
        trim, bleed, media = (_box(b) for b in (page.trimbox, page.bleedbox, page.mediabox))
        assert (round(trim[2] - trim[0], 2), round(trim[3] - trim[1], 2)) == A4
        assert _around(bleed, trim) == pytest.approx(3 * MM, abs=0.01)  # exactly the bleed
        assert _around(media, bleed) > 3 * MM  # room for the crop marks
    with pdfplumber.open(print_shop) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            left, top, right, bottom = page.bleedbox
            marks = [line for line in page.lines + page.curves if line["x1"] < left
                     or line["x0"] > right or line["bottom"] < top or line["top"] > bottom]
            assert len(marks) >= 8, f"page {number}: crop marks outside the bleed"
        cover = pdf.pages[0]
        fills = [r for r in cover.rects if r["height"] < cover.height * 0.99]
        x0, top, x1, bottom = cover.trimbox
        assert any(r["x0"] <= x0 - 2.9 * MM and r["x1"] >= x1 + 2.9 * MM and
                   r["top"] <= top - 2.9 * MM and r["bottom"] >= bottom + 2.9 * MM
                   for r in fills), "the cover's colour runs into the bleed"


def _box(rectangle) -> tuple[float, float, float, float]:
    return tuple(float(v) for v in (rectangle.left, rectangle.bottom, rectangle.right,
                                    rectangle.top))


def _around(outer, inner) -> float:
    """How far OUTER reaches past INNER on its narrowest side."""
    return min(inner[0] - outer[0], inner[1] - outer[1], outer[2] - inner[2],
               outer[3] - inner[3])


def test_single_sided_pages_have_no_blank_versos_and_folios_on_the_right(print_shop):
    pages = read_pages(print_shop)
    assert all(page.body for page in pages[1:])  # no blank pages
    for page in pages:
        for x, text in page.foot:
            if text.isdigit():
                assert x > page.width / 2, page.number


def test_office_pdf_has_no_bleed(plain):
    page = PdfReader(plain.path).pages[3]
    assert page.mediabox == page.trimbox
    assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4


def test_only_boxes_longer_than_half_a_page_may_break():
    html = " ".join(chapter.html for chapter in load_book(PLAIN_BOOK).chapters)
    boxes = re.findall(r'<div class="(admonition[^"]*)"', html)
    assert [b for b in boxes if b.endswith(" long")] == ["admonition example long"]  # 30 steps
    assert len(boxes) >= 5
