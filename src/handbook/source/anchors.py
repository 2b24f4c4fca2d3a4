"""Link targets across the book: ids made unique per chapter, and links rewritten to them.

The whole book is one HTML document, so every id in a chapter starts with its slug
(`create--part`). Authors write links as GitHub shows them: `#part`, `03-create.md`,
`../02-x/README.md#part`, `page.html#part`; `resolve` turns each into the book's `#id` (or
None when it is not a link within the book), for the print tree and the link check alike.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHAPTER_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".ipynb", ".qmd", ".rmd")
_KEEP = ("fn:", "fnref:", "fn-", "fnref-")  # footnotes, moved inline for print


def chapter_id(slug: str) -> str:
    return f"chapter-{slug}"


def prefix_ids(root: etree.Element, slug: str) -> list[str]:
    """Give every id the chapter's prefix (a figure takes its image's id); return all ids."""
    for figure in root.iter("figure"):
        image = figure.find("img")
        if image is not None and image.get("id") and not figure.get("id"):
            figure.set("id", image.attrib.pop("id"))
    found = []
    for element in root.iter():
        ident = element.get("id")
        if not ident:
            continue
        if not ident.startswith((f"{slug}--", *_KEEP)):
            ident = f"{slug}--{ident}"
            element.set("id", ident)
        found.append(ident)
    return found


def normal(fragment: str) -> str:
    """A fragment as our slugs have it: GitHub keeps runs of hyphens, Python-Markdown not."""
    return re.sub(r"-{2,}", "-", unquote(fragment).strip().lower().replace(" ", "-"))


def resolve(href: str, chapter: Path, slug: str, slugs: dict[Path, str],
            ids: set[str] | None = None) -> str | None:
    """The book's `#id` for HREF written in CHAPTER, or None if HREF leaves the book.

    SLUGS maps each chapter file (resolved) to its slug; IDS, when given, are the ids of
    CHAPTER, so that an id written in another case or spacing is still found."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        if parts.fragment.split("--", 1)[0] in slugs.values() and "--" in parts.fragment:
            return "#" + parts.fragment  # already the book's id (glossary terms, answers)
        return "#" + _in_chapter(parts.fragment, slug, ids)
    target = (chapter.parent / unquote(parts.path)).resolve()
    if target.is_dir():
        target = target / "README.md"
    other = slugs.get(target) or slugs.get(_as_markdown(target))
    if other is None:
        return None
    if not parts.fragment:
        return "#" + chapter_id(other)
    return "#" + _in_chapter(parts.fragment, other, ids if other == slug else None)


def _in_chapter(fragment: str, slug: str, ids: set[str] | None) -> str:
    if fragment.startswith((f"{slug}--", "chapter-")) or not fragment:
        return fragment or chapter_id(slug)
    exact = f"{slug}--{unquote(fragment)}"
    if ids is not None and exact in ids:
        return exact
    return f"{slug}--{normal(fragment)}"


def _as_markdown(path: Path) -> Path:
    if path.suffix.lower() in CHAPTER_SUFFIXES:
        return path.with_suffix(".md")
    return path


def rewrite_links(root: etree.Element, chapter: Path, slug: str, slugs: dict[Path, str],
                  ids: set[str]) -> None:
    """Point every link within the book at the id it means, for the PDF."""
    for link in root.iter("a"):
        href = link.get("href")
        if href and not href.startswith(("http:", "https:", "mailto:")):
            target = resolve(href, chapter, slug, slugs, ids)
            if target is not None:
                link.set("href", target)
