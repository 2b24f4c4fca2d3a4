"""Where a WeasyPrint warning comes from: the chapter file and line of what caused it.

WeasyPrint names the resource (`file:///…/images/x.svg`) or the id (`#create--part`) it could
not use; the chapter that refers to it, and the line, are found from the book. Messages about
CSS (`Ignored … at 3:1`) belong to the stylesheets; the rest name no file.

`owner` says which part of a book (book/parts.py) a warning of a whole-book layout belongs to,
so that a part taken from the cache brings back its own warnings and no other part's.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from handbook.errors import Problem
from handbook.model import Book, Image
from handbook.source.checks import all_blocks, line_in
from handbook.source.paths import path_for

_URL = re.compile(r"(?:file|handbook)://[^\s'\"]+")
_ANCHOR = re.compile(r"#([\w-]+--[\w-]+)")
_CSS = re.compile(r"\bat \d+:\d+\b|unknown property|invalid value|Ignored|@font-face|"
                  r"stylesheet", re.I)


def origin(message: str, book: Book, stylesheet: Path) -> tuple[Path | None, int | None]:
    """(file, line) to report MESSAGE at."""
    url = _URL.search(message)
    if url is not None:
        found = url.group(0).rstrip(".,;:)")
        path = path_for(found, book.root) if found.startswith("handbook:") else \
            Path(unquote(urlsplit(found).path))
        if path is None:
            return None, None
        for chapter in book.chapters:
            for block in all_blocks(chapter):
                if isinstance(block, Image) and block.path == path:
                    return chapter.path, line_in(chapter, block.source)
        return (path, None) if path.suffix == ".css" else (None, None)
    anchor = _ANCHOR.search(message)
    if anchor is not None:
        slug, _, label = anchor.group(1).partition("--")
        for chapter in book.chapters:
            if chapter.slug == slug:
                return chapter.path, line_in(chapter, label) or _heading_line(chapter, label)
        return None, None
    if _CSS.search(message):
        return stylesheet, None
    return None, None


def _heading_line(chapter, label: str) -> int | None:
    """The line of the heading whose words make LABEL ('part-two' → '## Part two')."""
    words = label.replace("-", " ").casefold()
    for number, line in enumerate(chapter.path.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith("#") and words in line.casefold():
            return number
    return None


_QUOTED = re.compile(r"'([^']+)'|\"([^\"]+)\"|#([\w.:-]+)")


def owner(problem: Problem, book: Book, split) -> int:
    """The index of the part of SPLIT (a parts.SplitBook) that PROBLEM belongs to: the part of
    the chapter it is reported at; else the first part whose HTML holds an id, a link or a
    quoted value the message names; else 0 (the front matter stands for the book)."""
    names = {part.name: n for n, part in enumerate(split.parts)}
    for chapter in book.chapters:
        if problem.path is not None and chapter.path == problem.path:
            return names.get(chapter.anchor, 0)
    for match in _QUOTED.finditer(problem.message):
        quoted, double, anchor = match.groups()
        found = quoted or double
        for n, part in enumerate(split.parts):
            if anchor and (anchor in part.ids or anchor in part.targets):
                return n
            if found and (found in part.html or escape(found) in part.html):
                return n
    return 0
