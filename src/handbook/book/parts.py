"""The book's HTML cut into parts that open on a new page, and a part as a document of its own.

`book.html.j2` marks the start of each part (the front matter, each part opener, each chapter,
the answers, the index) with `<!--handbook-part:NAME-->`. A part is laid out alone as the
book's head and body with, around the part's own HTML:

- a *lead* page before it (dropped after layout): its page counter is set so that the part's
  first page gets its number in the book, and it is left- or right-hand as in the book; it
  holds one stub per page the part refers to outside itself (`<a href="#x">` whose target is in
  another part), whose `page` counter is that target's page, so `target-counter()` prints the
  book's number ("Figure 2.1 on page 11", the contents, the index);
- an empty copy of the next part's opening tag after it, so that the blank page a forced break
  leaves before the next part is made as in the book (dropped after layout, with its page).

A template without the markers gives one part: the whole book.
"""

from __future__ import annotations

import html as htmlmod
import re
from dataclasses import dataclass

MARK = re.compile(r"<!--handbook-part:([^>]*?)-->")
START_TAG = re.compile(r"<([a-zA-Z][\w-]*)((?:\s+[^>]*?)?)\s*(/?)>")
ID_ATTRIBUTE = re.compile(r"""\s+id\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
HREF = re.compile(r"""href\s*=\s*["']#([^"']+)["']""")
ID = re.compile(r"""\sid\s*=\s*["']([^"']+)["']""")
LEAD_ID = "handbook-part-lead"
END_ID = "handbook-part-end"


@dataclass(frozen=True)
class PartSource:
    """One part's HTML (a piece of the body) and what is known without laying it out."""

    name: str
    html: str
    opener: str  # the first start tag, e.g. '<article class="chapter" id="chapter-x" …>'
    opener_id: str  # its id ('' if it has none)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(htmlmod.unescape(i) for i in ID.findall(self.html))

    @property
    def targets(self) -> tuple[str, ...]:
        """The ids this part links to with `href="#…"`, in a stable order."""
        return tuple(sorted({htmlmod.unescape(h) for h in HREF.findall(self.html)}))

    def external(self) -> tuple[str, ...]:
        """The link targets that are not in this part: the pages it needs from others."""
        ids = self.ids
        return tuple(t for t in self.targets if t not in ids)


@dataclass(frozen=True)
class SplitBook:
    head: str  # everything before the first part: doctype, head, <body>
    tail: str  # </body></html>
    parts: tuple[PartSource, ...]

    @property
    def whole(self) -> str:
        return self.head + "".join(p.html for p in self.parts) + self.tail


def split_book(html: str) -> SplitBook:
    """Cut HTML at its part markers (one part, the whole body, if it has none)."""
    marks = list(MARK.finditer(html))
    body_end = html.rfind("</body>")
    if body_end < 0:
        body_end = len(html)
    if not marks or marks[0].start() > body_end:
        start = _body_start(html)
        return SplitBook(html[:start], html[body_end:],
                         (_part("book", html[start:body_end]),))
    parts = []
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following is not None else body_end
        parts.append(_part(mark.group(1), html[mark.start():end]))
    return SplitBook(html[:marks[0].start()], html[body_end:], tuple(parts))


def _body_start(html: str) -> int:
    match = re.search(r"<body[^>]*>", html)
    return match.end() if match else 0


def _part(name: str, text: str) -> PartSource:
    body = MARK.sub("", text, count=1)
    match = START_TAG.search(body)
    opener = match.group(0) if match else ""
    found = ID.search(opener)
    return PartSource(name, text, opener, htmlmod.unescape(found.group(1)) if found else "")


def end_marker(next_part: PartSource | None, refs: dict[str, int]) -> str:
    """What follows a part laid out alone: an empty copy of the next part's opening tag (its id
    replaced by END_ID), or a page break after the last part; inside it, a stub for each of
    REFS (id → page), whose `page` counter is that page."""
    stubs = "".join(
        f'<div><div id="{htmlmod.escape(name, quote=True)}" style="counter-reset: page {page}">'
        '</div></div>' for name, page in sorted(refs.items()))
    match = START_TAG.match(next_part.opener) if next_part is not None else None
    if match is None:
        return f'<div id="{END_ID}" style="break-before: page">{stubs}</div>'
    tag, attributes = match.group(1), ID_ATTRIBUTE.sub("", match.group(2))
    return f'<{tag}{attributes} id="{END_ID}">{stubs}</{tag}>'


def lead(start_page: int) -> tuple[str, str]:
    """(HTML, CSS) of the lead page of a part that starts on START_PAGE. The lead page is
    page 1 of the part's document (a right-hand page): a part on an odd page follows it after
    a blank left-hand page, one on an even page at once."""
    odd = start_page % 2 == 1
    html = f'<div id="{LEAD_ID}" style="break-after: {"right" if odd else "left"}"></div>'
    return html, f"@page :first {{ counter-reset: page {start_page - lead_pages(start_page)}; }}"


def lead_pages(start_page: int) -> int:
    """How many pages come before the part's own: none on page 1; else the lead page, and a
    blank one before an odd page."""
    if start_page == 1:
        return 0
    return 2 if start_page % 2 == 1 else 1


def part_document(book: SplitBook, index: int, start_page: int,
                  refs: dict[str, int]) -> tuple[str, str]:
    """(HTML, CSS) of part INDEX laid out alone from START_PAGE, REFS its outside pages."""
    part = book.parts[index]
    following = book.parts[index + 1] if index + 1 < len(book.parts) else None
    before, css = lead(start_page) if start_page > 1 else ("", "")
    return book.head + before + part.html + end_marker(following, refs) + book.tail, css
