"""Content checks over the model that do not stop a build: warnings an author should fix."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from handbook.errors import Collector
from handbook.links import link_scheme
from handbook.model import (
    Block,
    Book,
    Chapter,
    DefinitionList,
    Image,
    Inline,
    ListBlock,
    Paragraph,
    Table,
    inner_blocks,
)
from handbook.source.anchors import resolve
from handbook.source.attachments import claims
from handbook.source.paths import Refused, read_text

READING_TIME_TOLERANCE = 0.5  # a stated reading time more than 50 % off the word count
WORDS_PER_MINUTE = 200
BARE_URL = re.compile(r"(?<![\w/])(https?://[^\s)>\]]+|www\.[a-z0-9-]+\.[^\s)>\]]+)", re.I)


def check_chapter(chapter: Chapter, line_of: Callable[[str], int | None],
                  problems: Collector) -> None:
    """Warn about images without alt text and links without meaningful text."""
    path = chapter.path
    for block in all_blocks(chapter):
        if isinstance(block, Image) and not block.alt:
            problems.warning(path, line_of(f"({block.source}"), f"image '{block.source}' has no "
                             "alt text; describe it for readers who cannot see it: ![what it "
                             "shows](…)")
    for spans in all_inlines(chapter):
        _check_links(spans, path, line_of, problems)
    _check_reading_time(chapter, line_of, problems)


def _check_reading_time(chapter: Chapter, line_of: Callable[[str], int | None],
                        problems: Collector) -> None:
    expected = max(1, round(chapter.word_count / WORDS_PER_MINUTE))
    stated = chapter.meta.reading_time
    if abs(stated - expected) > max(2, READING_TIME_TOLERANCE * expected):
        problems.warning(chapter.path, line_in(chapter, "reading_time"),
                         f"reading_time is {stated} min but the {chapter.word_count} words "
                         f"take about {expected} min")


def _check_links(spans: Inline, path: Path, line_of: Callable[[str], int | None],
                 problems: Collector) -> None:
    for span in spans:
        text = span.text.strip()
        if span.href and text and (text == span.href or text == span.href.split("://")[-1]):
            problems.warning(path, line_of(span.href), f"link text is the bare URL {span.href}; "
                             "write [what the page offers](URL) so the link means something "
                             "when read aloud or printed")
        elif not span.href:
            for match in BARE_URL.finditer(span.text):
                problems.warning(path, line_of(match.group(0)), f"bare URL {match.group(0)}; "
                                 "write [what the page offers](URL) instead")


def all_blocks(chapter: Chapter) -> Iterator[Block]:
    yield from _walk(chapter.intro)
    for section in chapter.sections:
        yield from _walk(section.blocks)


def _walk(blocks: tuple[Block, ...]) -> Iterator[Block]:
    for block in blocks:
        yield block
        yield from _walk(inner_blocks(block))


def all_inlines(chapter: Chapter) -> Iterator[Inline]:
    """Every run of inline text in the chapter: paragraphs, list items, cells, definitions."""
    for block in all_blocks(chapter):
        if isinstance(block, Paragraph):
            yield block.spans
        elif isinstance(block, ListBlock):
            yield from _list_inlines(block)
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                yield from row
        elif isinstance(block, DefinitionList):
            for item in block.items:
                yield item.term
                yield from item.definitions


def _list_inlines(block: ListBlock) -> Iterator[Inline]:
    for item in block.items:
        yield item.spans
        for child in item.children:
            yield from _list_inlines(child)


def line_in(chapter: Chapter, needle: str) -> int | None:
    """The first line of the chapter's file that contains NEEDLE."""
    try:
        text = read_text(chapter.path)
    except Refused:  # changed since it was loaded
        return None
    for candidate in written_as(needle):
        for number, line in enumerate(text.splitlines(), 1):
            if candidate in line:
                return number
    return None


def written_as(needle: str) -> tuple[str, ...]:
    """How NEEDLE may be written in the source: a path the dialects made relative
    ('../x.html') is written from the site's root ('/x.html')."""
    return (needle, needle.lstrip("./")) if needle.startswith("../") else (needle,)


def check_links(book: Book, problems: Collector) -> None:
    """Links within the book must reach an id of it (a heading of any level, a figure, a
    label), in this chapter or another one's file; external ones must be well-formed."""
    ids, slugs = book_ids(book), {c.path.resolve(): c.slug for c in book.chapters}
    for chapter in book.chapters:
        check_chapter_links(chapter, ids, slugs, problems)


def book_ids(book: Book) -> set[str]:
    """Every id a link within BOOK may reach."""
    return {c.anchor for c in book.chapters} | {i for c in book.chapters for i in c.ids}


def check_chapter_links(chapter: Chapter, ids: set[str], slugs: dict[Path, str],
                        problems: Collector) -> None:
    """`check_links` for one chapter: IDS, the `book_ids`; SLUGS, each chapter's real path →
    its slug."""
    for spans in all_inlines(chapter):
        for span in spans:
            if span.href:
                _check_link(span.href, chapter, ids, slugs, problems)


def _check_link(href: str, chapter: Chapter, ids: set[str], slugs: dict[Path, str],
                problems: Collector) -> None:
    line = line_in(chapter, href)
    parts = urlsplit(href)
    if parts.scheme in ("http", "https"):
        if not re.fullmatch(r"[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?", parts.netloc or "") \
                or re.search(r"\s", href):
            problems.error(chapter.path, line, f"malformed link '{href}': expected "
                           "https://host.domain/path")
        return
    if parts.scheme == "mailto":
        if "@" not in parts.path:
            problems.error(chapter.path, line, f"malformed e-mail link '{href}'")
        return
    scheme = parts.scheme or link_scheme(href)  # "jav&#x61;script:" is javascript:
    if scheme:
        problems.error(chapter.path, line, f"link '{href}' uses '{scheme}:'; only https, "
                       "http, mailto and links within the book are supported")
        return
    if claims(href):  # a local file: attached to the PDF (attachments.py warns)
        return
    target = resolve(href, chapter.path, chapter.slug, slugs, set(chapter.ids))
    if target is None:
        problems.warning(chapter.path, line, f"broken link '{href}': not a chapter of the "
                         "book; link to a chapter's file (02-name.md#heading), a '#heading' "
                         "or a web page with https://")
    elif target[1:] not in ids:
        known = ", ".join(sorted(s.anchor.split("--", 1)[-1] for s in chapter.sections))
        problems.warning(chapter.path, line, f"broken link '{href}': no such heading or "
                         f"label (headings in this chapter: {known})")
