"""Local files the text links to (a lecture PDF, a data file): attached to the PDF.

A link whose target is a file of the project rather than a chapter or a web page becomes
`<a rel="attachment">` pointing at that file, which WeasyPrint embeds in the PDF with the link
opening it; the file's name is printed after the link text, so that a reader of the paper
copy knows what to look for. A file that is missing, outside the project or very large is a
warning at the link's line (the link text stays); it is never an error.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from handbook.errors import Collector
from handbook.source.paths import Refused, project_file, url_for

CHAPTER_SUFFIXES = {".md", ".markdown", ".qmd", ".rmd", ".ipynb", ".html", ".htm", ""}
LARGE = 10 * 1024 * 1024  # attached with a warning from this size …
LIMIT = 50 * 1024 * 1024  # … and left out beyond this one

Resolve = Callable[[str], Path | None]


def claims(href: str | None) -> bool:
    """True for a link to a local file that is not a chapter: a relative path with a file
    extension (`../assets/pdf/day1.pdf`, `data/survey.csv`)."""
    if not href or href.startswith("#") or "://" in href:
        return False
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return False
    return Path(unquote(parts.path)).suffix.lower() not in CHAPTER_SUFFIXES


class Attachments:
    """Resolves the files a book's chapters link to, reporting each problem once."""

    def __init__(self, root: Path, problems: Collector, site_root: Path | None = None):
        root = root.resolve()
        self.root, self.problems, self.site_root = root, problems, site_root
        self.found: dict[Path, int] = {}  # attached file → its size

    def resolver(self, chapter: Path, line_of: Callable[[str], int | None]) -> Resolve:
        seen: dict[str, Path | None] = {}

        def resolve(href: str) -> Path | None:
            if href not in seen:
                seen[href] = self._resolve(href, chapter, line_of(href))
            return seen[href]

        return resolve

    def _resolve(self, href: str, chapter: Path, line: int | None) -> Path | None:
        name = unquote(urlsplit(href).path)
        base = self.site_root if name.startswith("/") and self.site_root else chapter.parent
        wanted = base / name.lstrip("/")
        try:
            path = project_file(self.root, wanted, limit=LIMIT)
        except Refused as refused:
            reason = str(refused)
            if reason.startswith("is ") and "MB; the limit" in reason:
                reason = "is too large to attach to the PDF"
            reason = f"the file {reason}" if reason.startswith("is ") else reason
            self.problems.warning(chapter, line, f"link to '{href}': {reason}; nothing is "
                                  "attached, the link text stays")
            return None
        size = path.stat().st_size
        if size > LARGE:
            self.problems.warning(chapter, line, f"'{href}' is {size / 1048576:.0f} MB; it is "
                                  "attached, and makes the PDF that much larger")
        self.found[path] = size
        return path


def attach(root: etree.Element, resolve: Resolve, project: Path,
           label: str = "attached") -> None:
    """Point each link to a local file at the file (by its stable URL, under PROJECT), as an
    attachment, and print its name."""
    for parent in root.iter():
        for index, link in reversed(list(enumerate(parent))):
            href = link.get("href")
            if link.tag != "a" or not claims(href):
                continue
            path = resolve(href or "")
            name = etree.Element("span", {"class": "attachment-name"})
            name.text = f" ({Path(unquote(urlsplit(href or '').path)).name}" + \
                (f", {label})" if path is not None else ")")
            if path is None:
                link.attrib.pop("href")
            else:
                link.set("href", url_for(path, project) or path.as_uri())
                link.set("rel", "attachment")
                link.set("download", path.name)
            name.tail, link.tail = link.tail, None
            parent.insert(index + 1, name)
