"""A Quarto book (`book.chapters` with `part:` entries and `appendices`) or website (its
sidebar, or every page), with the metadata and variables its shortcodes read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from handbook.errors import Collector
from handbook.source.dialects.syntax import Syntax
from handbook.source.labels import labels_for
from handbook.source.paths import inside
from handbook.source.projects import yamlfile
from handbook.source.projects.layout import (
    ChapterFile,
    Layout,
    chapter_files,
    listed_file,
    stem_of,
    title_of,
)

UNDATED = {"last-modified", "today", "now"}  # dates Quarto fills in when it renders
SKIPPED_SUFFIXES = {".ipynb": "a Jupyter notebook"}


class _Reader:
    """Reads one `_quarto.yml`, reporting each problem at its line."""

    def __init__(self, root: Path, config: Path, problems: Collector):
        self.root, self.config, self.problems = root, config, problems
        self.chapters: list[ChapterFile] = []

    def add(self, entry: Any, part: str | None) -> None:
        name = entry.get("file") or entry.get("href") if isinstance(entry, dict) else entry
        if not isinstance(name, str) or "://" in name:
            return
        line = yamlfile.line_of(self.config, name)
        path = listed_file((self.root / name.lstrip("/")).resolve(), self.root,
                           f"chapter '{name}'", "", self.config, line, self.problems)
        if path is None:
            return
        if path.suffix.lower() in SKIPPED_SUFFIXES:
            self.problems.warning(self.config, line, f"chapter '{name}' is "
                                  f"{SKIPPED_SUFFIXES[path.suffix.lower()]}, which handbook "
                                  "does not read; left out")
        elif all(c.path != path for c in self.chapters):
            self.chapters.append(ChapterFile(path, stem_of(path, self.root), part))

    def entries(self, items: Any, part: str | None = None) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and ("part" in item or "section" in item):
                title = self.part_title(item.get("part") or item.get("section"))
                self.entries(item.get("chapters") or item.get("contents"), title)
            else:
                self.add(item, part)

    def part_title(self, value: Any) -> str | None:
        """`part: "Title"`, or `part: part.qmd` whose title names the part."""
        if not isinstance(value, str):
            return None
        path = (self.root / value).resolve()
        if value.endswith((".qmd", ".md")) and inside(path, self.root) and path.is_file():
            title = title_of(path)
            self.problems.warning(path, None, "a part page: its title names the part; any "
                                  "other text on it is left out of the book")
            return title or path.stem
        return value


def open_quarto(root: Path, config: Path, problems: Collector) -> Layout:
    data = yamlfile.read(config, root, problems)
    book = data.get("book") if isinstance(data.get("book"), dict) else {}
    reader = _Reader(root, config, problems)
    reader.entries(book.get("chapters"))
    language = str(data.get("lang") or "en")
    if book.get("appendices"):
        reader.entries(book["appendices"], labels_for(language, root).get("appendices",
                                                                           "Appendices"))
    if not book.get("chapters"):
        reader.entries(_sidebar(data))
    if not reader.chapters and not book.get("chapters"):
        output = str((data.get("project") or {}).get("output-dir") or "_site")
        for path in chapter_files(root):
            if output not in path.relative_to(root).parts:
                reader.add(path.relative_to(root).as_posix(), None)
    metadata = _metadata(root, data, problems)
    syntax = Syntax("quarto", root, root, yamlfile.read(root / "_variables.yml", root,
                                                        problems), metadata,
                    freeze=root / "_freeze" if (root / "_freeze").is_dir() else None)
    return Layout("quarto", root, root, tuple(reader.chapters), config,
                  book_meta({**data, **book}, language), syntax, (root,))


def _sidebar(data: dict) -> list:
    website = data.get("website") if isinstance(data.get("website"), dict) else {}
    sidebar = website.get("sidebar")
    if isinstance(sidebar, list):
        sidebar = sidebar[0] if sidebar else {}
    contents = sidebar.get("contents") if isinstance(sidebar, dict) else None
    return contents if isinstance(contents, list) else []


def _metadata(root: Path, data: dict, problems: Collector) -> dict[str, Any]:
    """What `{{< meta key >}}` reads: the project's metadata, then its metadata files."""
    merged = {k: v for k, v in data.items() if k not in ("project", "format")}
    files = data.get("metadata-files") or []
    for name in ["_metadata.yml", *(f for f in files if isinstance(f, str))]:
        merged.update(yamlfile.read(root / name, root, problems, required=name in files))
    return merged


def book_meta(data: dict, language: str) -> dict[str, Any]:
    """BookMeta values from Quarto's `book:` (or top-level) title, subtitle, author, date."""
    meta: dict[str, Any] = {}
    for key in ("title", "subtitle"):
        if isinstance(data.get(key), str | int | float) and str(data[key]).strip():
            meta[key] = str(data[key]).strip()
    authors = names(data.get("author") or data.get("authors"))
    if authors:
        meta["authors"] = authors
    date = data.get("date")
    if date is not None and str(date).strip().lower() not in UNDATED:
        meta["date"] = str(date).strip()
    if language != "en":
        meta["language"] = language
    return meta


def names(value: Any) -> tuple[str, ...]:
    """Authors as Quarto and Pandoc write them: text, a list, `name:` (text or given/family)."""
    items = value if isinstance(value, list) else [value] if value else []
    found = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name", "")
            if isinstance(item, dict):
                item = " ".join(str(item.get(k, "")) for k in ("given", "family")).strip() \
                    or str(item.get("literal", ""))
        if isinstance(item, str | int) and str(item).strip():
            found.append(str(item).strip())
    return tuple(found)

