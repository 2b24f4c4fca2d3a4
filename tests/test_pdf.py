"""The printed handbook, read back with pypdf."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader


@pytest.fixture(scope="module")
def pdf(built):
    out, _ = built
    return PdfReader(out / "handbook.pdf")


def page_texts(pdf) -> list[str]:
    return [page.extract_text() or "" for page in pdf.pages]


def test_metadata(pdf):
    info = pdf.metadata
    assert info.title == "Fixture handbook"
    assert info.author == "Test team"
    assert pdf.trailer["/Root"]["/Lang"] == "en"


def contents_page(texts: list[str]) -> str:
    return next(t for t in texts if t.lstrip().startswith("Contents"))


def test_cover_title_page_imprint_and_contents(pdf):
    texts = page_texts(pdf)
    assert "Fixture handbook" in texts[0] and "TEST ORGANISATION" in texts[0].upper()
    assert "Version 0.9" in texts[0]
    assert texts[1] == ""  # the cover's back
    assert "Fixture handbook" in texts[2] and "Test team" in texts[2]  # the title page
    imprint = texts[3]
    assert "Version 0.9 · 1 January 2026" in imprint and "Published by Test organisation" in imprint
    assert "Licence: CC BY 4.0" in imprint and "Contact: training@example.org" in imprint
    assert texts[4].lstrip().startswith("Contents")


def _chapter_start_pages(texts: list[str]) -> dict[str, int]:
    starts = {}
    for number, text in enumerate(texts, start=1):
        match = re.search(r"Chapter\s+(\d+)", text, re.I)
        if match and "min read" in text:
            starts[match.group(1)] = number
    return starts


def test_toc_page_numbers_are_the_pages_where_chapters_start(pdf):
    texts = page_texts(pdf)
    starts = _chapter_start_pages(texts)
    assert set(starts) == {"1", "2", "3"}
    toc = contents_page(texts)
    for number, title in (("1", "First steps"), ("2", "The second chapter"),
                          ("3", "A chapter outside any part")):
        match = re.search(re.escape(title) + r"[ .]*?(\d+)\s*$", toc, re.M)
        assert match, f"{title} not in the contents: {toc!r}"
        assert int(match.group(1)) == starts[number]


def test_outline_has_parts_chapters_and_sections(pdf):
    def titles(entries):
        return [e if isinstance(e, list) else e.title for e in entries]

    outline = pdf.outline
    top = [e.title for e in outline if not isinstance(e, list)]
    assert top == ["Contents", "Getting started", "A chapter outside any part", "Answers"]
    part_children = outline[2]
    assert [e.title for e in part_children if not isinstance(e, list)] == [
        "First steps", "The second chapter"]
    sections = [e.title for e in part_children[1] if not isinstance(e, list)]
    assert sections[0] == "Lists and emphasis"
    assert titles(outline[-3])[0] == "The only section"


def test_external_links_are_clickable_and_printed(pdf):
    uris = set()
    for page in pdf.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                uris.add(action["/URI"])
    assert {"https://europa.eu/", "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"} <= uris
    text = "\n".join(page_texts(pdf))
    assert "europa.eu" in text  # printed in a footnote for readers of paper
    assert "eur-lex.europa.eu/eli/reg/2024/1689/oj" in text


def test_footnote_and_figure_caption_on_the_page(pdf):
    texts = page_texts(pdf)
    page = next(t for t in texts if "Lists and emphasis" in t and "min read" in t)
    assert "The footnote text sits at the foot of the page." in page
    assert "europa.eu" in page  # the printed URL of the link, as a footnote
    assert any("Figure 1.1 A square" in " ".join(t.split()) for t in texts)


def test_running_header_shows_the_chapter_title(pdf):
    texts = page_texts(pdf)
    start = _chapter_start_pages(texts)["2"]
    opener, following = texts[start - 1], texts[start]  # the opener and the page after it
    assert "The second chapter" in following
    assert opener.count("The second chapter") == 1  # no running head on the opener


def test_page_count_reported(built, pdf):
    _, result = built
    assert result.pages == len(pdf.pages)
