"""What a load reads before parsing: the project's chapter files in order, their texts, the
labels they define and the order to parse them in (source/rereading parses them)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from handbook.errors import Collector, ContentError
from handbook.source.config import load_config
from handbook.source.labels import labels_for
from handbook.source.loader import MAX_CHAPTER, slug_of
from handbook.source.paths import Refused, project_file, read_bytes, read_text
from handbook.source.projects import CONTENT_DIR, ChapterFile, Layout, open_project
from handbook.source.xrefs import Labels, book_labels, load_order


@dataclass
class Sources:
    """What a load reads before parsing: the chapter files in order, their texts, labels."""

    layout: Layout
    meta: object  # BookMeta
    numbered: list[tuple[int, ChapterFile]]  # (chapter number, file), glossaries first
    keys: list[Path]  # each file of `numbered`, as the project lists it
    texts: dict[Path, str]
    labels: Labels  # every chapter's labels as read from its text (xrefs.book_labels)
    order: list[int]  # positions in `numbered`, in the order to parse them
    titles: dict[str, str]
    real: dict[Path, Path]  # each chapter file → its real path
    slugs: dict[Path, str]  # each chapter file's real path → its slug

    def shape(self) -> tuple:
        """All that every chapter's parse depends on, other than its own text."""
        return (self.layout, self.meta, self.numbered, self.order, self.titles)


def gather(root: Path, problems: Collector) -> Sources:
    """The project's chapter files, their texts and labels, and the order to parse them."""
    layout = open_project(root, problems)
    meta = load_config(root, problems, defaults=layout.meta)
    chosen = layout.reordered(meta.chapters, problems) if meta.chapters else layout
    files = _readable(root, chosen.chapters, problems)
    if not files and not problems.errors:
        where = layout.config or layout.folder
        hint = (f"add Markdown files such as {CONTENT_DIR}/01-introduction.md"
                if layout.tool == "handbook" else "list its chapters in that file")
        raise ContentError(f"{where}: error: no chapters found; {hint}")
    titles = labels_for(meta.language, root)
    numbered = list(enumerate(files, start=1))
    # glossaries first: the other chapters link the first use of each term they define
    numbered.sort(key=lambda item: not _is_glossary(item[1].path))
    keys = [entry.path for _, entry in numbered]
    texts = {entry.path: _text(entry.path) for _, entry in numbered}
    slugged = [(n, slug_of(e.stem), texts[e.path]) for n, e in numbered]
    labels = book_labels(slugged, titles, layout.syntax.quarto)
    order = load_order([(slug, text) for _, slug, text in slugged], labels)
    real = {key: key.resolve() for key in keys}
    slugs = {real[e.path]: slug for (_, slug, _), (_, e) in zip(slugged, numbered, strict=True)}
    return Sources(layout, meta, numbered, keys, texts, labels, order, titles, real, slugs)


def _text(path: Path) -> str:
    """A chapter's text, for the labels it holds and refers to ("" if it cannot be read)."""
    try:
        return read_text(path, MAX_CHAPTER)
    except Refused:  # reported when the chapter is loaded
        return ""


def _readable(root: Path, files: tuple[ChapterFile, ...],
              problems: Collector) -> list[ChapterFile]:
    """The chapter files a build may read; each one it may not is an error."""
    found = []
    for entry in files:
        try:
            project_file(root, entry.path, limit=MAX_CHAPTER)
        except Refused as refused:
            problems.error(entry.path, None, f"{refused}; a chapter is a Markdown file inside "
                           "the project")
            continue
        found.append(entry)
    return found


def _is_glossary(path: Path) -> bool:
    """A quick look at the front matter, before the full parse."""
    try:
        head = read_bytes(path)[:2000].decode("utf-8", "replace")
    except Refused:
        return False
    return head.startswith("---") and re.search(r"(?m)^glossary:\s*true\s*$", head) is not None
