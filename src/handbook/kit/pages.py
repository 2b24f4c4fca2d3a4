"""The handbook's page numbers, read from its PDF: where the trainer guide sends the reader.

WeasyPrint writes a named destination for every id a link points at (the contents list
points at every chapter and section); its page, counted from the cover as the page numbers
printed in the book are, is the page to give.
"""

from __future__ import annotations

import io

from handbook.model import Chapter

BACK_MATTER = ("answer-key", "subject-index")  # ids of what follows the last chapter
# (part-N: a module's divider page, which is no part of the chapter before it)


def anchor_pages(pdf: bytes) -> dict[str, int]:
    """Each named destination of the PDF with its page number (1 for the first page)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return {str(name): reader.get_destination_page_number(destination) + 1
            for name, destination in reader.named_destinations.items()}


def section_pages(pages: dict[str, int] | None, anchor: str, fallback: str) -> int | None:
    """The page of ANCHOR, else of FALLBACK (the chapter), if the pages are known."""
    if not pages:
        return None
    return pages.get(anchor) or pages.get(fallback)


def chapter_pages(chapter: Chapter, pages: dict[str, int] | None) -> str:
    """The chapter's pages as "5–9" ("5" for one page), or "" when they are not known."""
    start = (pages or {}).get(chapter.anchor)
    if start is None:
        return ""
    following = [p for name, p in (pages or {}).items() if p > start
                 and (name.startswith(("chapter-", "part-")) or name in BACK_MATTER)]
    end = min(following) - 1 if following else start
    return f"{start}–{end}" if end > start else str(start)
