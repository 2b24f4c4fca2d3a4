"""Figures and tables are numbered per chapter in the model, and references name the number."""

from __future__ import annotations

import re

from handbook.model import Image, Table, inner_blocks
from handbook.source.loader import load_book

CHAPTER = """---
title: Second
---

As @fig-plot and {numref}`Fig. %s <fig-plot>` show, and Table 2 says, the rows add up.

## Figures

![A plot](images/diagram.svg "Figure 1. A plot"){#fig-plot}

![A square without a caption](images/square.png)

![The same drawing again](images/diagram.svg "Figure 2: Again")

See Figure 2 and @tbl-rows, and Figure 9, which is not ours.

## Tables

| A | B |
|---|---|
| 1 | 2 |

Table: Rows of numbers {#tbl-rows}

Some text between the tables.

Table: Table 2. Counted before the table

| C | D |
|---|---|
| 3 | 4 |

| E | F |
|---|---|
| 3 | 4 |

: The other way Pandoc writes a caption

| not | numbered |
|---|---|
| x | y |
"""


def blocks(chapter):
    for block in (*chapter.intro, *(b for s in chapter.sections for b in s.blocks)):
        yield block
        yield from inner_blocks(block)


def test_figures_and_tables_are_numbered_per_chapter_with_their_own_numbers_dropped(project):
    (project / "content" / "02-second-chapter.md").write_text(CHAPTER)
    book = load_book(project)
    second = book.chapters[1]
    images = [b for b in blocks(second) if isinstance(b, Image)]
    assert [(i.number, i.caption) for i in images] == [("2.1", "A plot"), ("", ""),
                                                        ("2.2", "Again")]
    tables = [b for b in blocks(second) if isinstance(b, Table)]
    assert [(t.number, t.caption, t.id) for t in tables] == [
        ("2.1", "Rows of numbers", "tbl-rows"), ("2.2", "Counted before the table", "table-2-2"),
        ("2.3", "The other way Pandoc writes a caption", ""), ("", "", "")]
    first = [b for b in blocks(book.chapters[0]) if isinstance(b, Image)]
    assert [i.number for i in first] == ["1.1"]  # every chapter counts from 1
    html = second.html
    assert 'class="figure-label">Figure 2.1</span> A plot</figcaption>' in html
    assert '<caption><span class="table-label">Table 2.1</span> Rows of numbers' in html
    assert "Table: Rows" not in html and ": Table 2." not in html


def test_references_name_the_number_and_print_their_page(project):
    (project / "content" / "02-second-chapter.md").write_text(CHAPTER)
    html = load_book(project).chapters[1].html
    refs = re.findall(r'<a class="xref" data-on-page="on page" href="#([^"]+)">([^<]+)</a>', html)
    assert refs == [
        ("second-chapter--fig-plot", "Figure 2.1"),  # @fig-plot
        ("second-chapter--fig-plot", "Fig. 2.1"),  # {numref} with its own words
        # "Table 2" and "Figure 2" in the text: the captions written "Table 2." and "Figure 2:"
        ("second-chapter--table-2-2", "Table 2.2"),
        ("second-chapter--figure-2-2", "Figure 2.2"),
        ("second-chapter--tbl-rows", "Table 2.1")]  # @tbl-rows
    assert "Figure 9, which" in html  # no figure of that number: left as written


def test_a_figure_slide_names_the_figure_as_the_handbook_and_the_other_slides_do(project):
    """A question slide saying "as Figure 2.1 shows" must find Figure 2.1 on the slides."""
    from handbook.slides.deck import DeckBuilder
    from handbook.source.theme import DEFAULTS

    (project / "content" / "02-second-chapter.md").write_text(CHAPTER)
    book = load_book(project)
    planner = DeckBuilder(DEFAULTS / "template.pptx").planner("en", book.root, book)
    slides = planner.chapter_deck(book.chapters[1])
    captions = [s.caption for s in slides if s.caption]
    assert "Figure 2.1: A plot" in captions and "Figure 2.2: Again" in captions
    assert not any(c.startswith(("1:", "2:")) or c.count("Figure") > 1 for c in captions)


def test_chapters_that_name_each_others_figures_both_print_the_numbers(tmp_path):
    """A cycle: one of the two is read before the other numbered its figure; it is read
    again, so neither names the other's figure by its caption. MyST's own words ("Fig. %s")
    hold across chapters too."""
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "images" / "box.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"/>')
    (content / "01-one.md").write_text(
        "---\ntitle: One\n---\n\nAs {numref}`Fig. %s <fig-late>` and @fig-late show.\n\n"
        "## A\n\n![Early](images/box.svg \"The early box\"){#fig-early}\n")
    (content / "02-two.md").write_text(
        "---\ntitle: Two\n---\n\nSee {numref}`fig-early`.\n\n## B\n\n"
        "![Late](images/box.svg \"The late box\"){#fig-late}\n")
    one, two = load_book(tmp_path).chapters
    refs = [re.findall(r'class="xref"[^>]*>([^<]+)</a>', c.html) for c in (one, two)]
    assert refs == [["Fig. 2.1", "Figure 2.1"], ["Figure 1.1"]]
    assert "data-numref" not in one.html
