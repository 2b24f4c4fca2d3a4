"""The book's parts as PDFs of their own, laid out by WeasyPrint (see parts.py).

Two ways to the same parts: the whole book laid out in one pass and its pages written part by
part (a build with nothing cached: every page number is known after one layout), or one part
laid out alone from its first page with the pages it refers to (an edit: only what changed).
Either way a part is written from the same pages, so it has the same bytes.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from handbook.book.parts import END_ID, SplitBook, lead_pages, part_document
from handbook.book.pdf import Layout

SCALE = 0.75  # CSS px to PDF points, as WeasyPrint writes them


class PartMismatch(Exception):
    """A part does not open on a page of its own (a stylesheet without the page breaks that
    parts need): the book is laid out as a whole instead."""


@dataclass
class PartPdf:
    """A part's PDF and what merging needs to know about it."""

    data: bytes
    pages: int
    anchors: dict[str, int] = field(default_factory=dict)  # id → page in the part (0-based)
    bookmarks: list[list] = field(default_factory=list)  # [level, label, page, x, y, state]
    external: list[str] = field(default_factory=list)  # link targets in other parts
    refs: dict[str, int] = field(default_factory=dict)  # outside pages it was laid out with
    problems: list = field(default_factory=list)  # the warnings that belong to it (Problem)

    def to_json(self) -> dict:
        return {"pages": self.pages, "anchors": self.anchors, "bookmarks": self.bookmarks,
                "external": self.external}

    @classmethod
    def from_json(cls, data: bytes, entry: dict) -> PartPdf:
        return cls(data, entry["pages"], dict(entry["anchors"]),
                   [list(b) for b in entry["bookmarks"]], list(entry["external"]))


def write_part(layout: Layout, document, pages: list, name: str) -> PartPdf:
    """PAGES of DOCUMENT as the PDF of the part NAME. Links to the book's other parts are kept:
    their targets are given a place on the part's first page, which merging replaces."""
    kept = [copy.copy(page) for page in pages]
    kept[0].anchors = dict(kept[0].anchors)
    anchors: dict[str, int] = {}
    for number, page in enumerate(kept):
        for anchor in page.anchors:
            anchors.setdefault(anchor, number)
    external = sorted({link[1] for page in kept for link in page.links
                       if link[0] == "internal"} - set(anchors))
    for anchor in external:
        kept[0].anchors[anchor] = (0, 0, 0, 0)
    bookmarks = [[level, label, number, x * SCALE, (page.height - y) * SCALE, state]
                 for number, page in enumerate(kept)
                 for level, label, (x, y), state in page.bookmarks]
    data = layout.write(document.copy(kept), part=name)
    return PartPdf(data, len(kept), anchors, bookmarks, external)


def split_whole(layout: Layout, book: SplitBook) -> list[PartPdf]:
    """The whole book laid out once, written part by part. Raises PartMismatch if a part does
    not start a page."""
    document, ranges = layout_whole(layout, book)
    return write_parts(layout, document, book, ranges, range(len(book.parts)))


def layout_whole(layout: Layout, book: SplitBook) -> tuple[object, list[tuple[int, int]]]:
    """The whole book laid out once, and the (first, end) page of each part in it."""
    document = layout.document(book.whole)
    starts = part_starts(document, book)
    return document, list(zip(starts, [*starts[1:], len(document.pages)], strict=True))


def write_parts(layout: Layout, document, book: SplitBook, ranges: list[tuple[int, int]],
                which) -> list[PartPdf]:
    """The parts WHICH (indexes) of the whole book's DOCUMENT, their pages at RANGES."""
    return [write_part(layout, document, document.pages[slice(*ranges[n])], book.parts[n].name)
            for n in which]


def part_starts(document, book: SplitBook) -> list[int]:
    """The index of each part's first page in a layout of the whole book."""
    first_page: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            first_page.setdefault(anchor, number)
    starts = [0]
    for part in book.parts[1:]:
        start = first_page.get(part.opener_id)
        if start is None or start <= starts[-1] or \
                first_element_id(document.pages[start]) != part.opener_id:
            raise PartMismatch(part.name)
        starts.append(start)
    return starts


def render_alone(layout: Layout, book: SplitBook, index: int, start_page: int,
                 refs: dict[str, int]) -> PartPdf:
    """Part INDEX laid out alone from START_PAGE; REFS: the pages of its outside targets."""
    html, css = part_document(book, index, start_page, refs)
    document = layout.document(html, css)
    skip = lead_pages(start_page)
    part = book.parts[index]
    end = next((n for n, page in enumerate(document.pages) if END_ID in page.anchors), None)
    if end is None or end <= skip or first_element_id(document.pages[end]) != END_ID or (
            index and first_element_id(document.pages[skip]) != part.opener_id):
        raise PartMismatch(part.name)
    return write_part(layout, document, document.pages[skip:end], part.name)


def first_element_id(page) -> str | None:
    """The id of the first element in the page's body (what the page opens with)."""
    box = page._page_box  # WeasyPrint's laid-out page: html, then body
    for _depth in range(2):
        children = [c for c in getattr(box, "children", ()) if c.element is not None]
        if not children:
            return None
        box = children[0]
    children = [c for c in getattr(box, "children", ()) if getattr(c, "element", None)
                is not None]
    return children[0].element.get("id") if children else None
