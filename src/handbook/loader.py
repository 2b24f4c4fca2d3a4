"""Discover content/*.md and parse each chapter exactly once into the document model."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from pathlib import Path

from handbook import frontmatter, print_tree
from handbook.blocks import TreeReader, split_sections
from handbook.checks import check_chapter
from handbook.config import load_config
from handbook.errors import Collector, ContentError
from handbook.labels import labels_for
from handbook.mdext import make_markdown, resolve_placeholders
from handbook.model import Book, Chapter, ChapterMeta
from handbook.resources import ImageChecker
from handbook.sanitize import check_fragment

CONTENT_DIR = "content"
WORDS_PER_MINUTE = 200


def load_book(root: Path, problems: Collector | None = None) -> Book:
    """Read ROOT/handbook.toml and every ROOT/content/*.md; raise if anything is wrong."""
    problems = problems or Collector()
    root = root.resolve()
    meta = load_config(root, problems)
    content = root / CONTENT_DIR
    files = sorted(content.glob("*.md")) if content.is_dir() else []
    if meta.chapters:  # handbook.toml's order; files it leaves out are not in the book
        for left_out in sorted(set(files) - {content / name for name in meta.chapters}):
            problems.warning(left_out, None, "not listed in handbook.toml's 'chapters'; "
                             "left out of the book")
        files = [content / name for name in meta.chapters]
    if not files:
        raise ContentError(f"{content}: error: no chapters found; add Markdown files such as "
                           f"{CONTENT_DIR}/01-introduction.md")
    images = ImageChecker(root, problems)
    titles = labels_for(meta.language, root)
    chapters = []
    for number, path in enumerate(files, start=1):
        chapter = load_chapter(path, number, images, problems, titles)
        if chapter is not None:
            chapters.append(chapter)
    _check_unique_titles(chapters, problems)
    problems.raise_errors()
    return Book(meta, tuple(chapters), root)


def slug_of(stem: str) -> str:
    """'01-what-is-ai' → 'what-is-ai' (the number prefix only orders the files)."""
    slug = re.sub(r"^\d+[-_. ]*", "", stem).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", slug).strip("-")
    return slug or f"chapter-{stem}"


def load_chapter(path: Path, number: int, images: ImageChecker, problems: Collector,
                 callout_titles: dict[str, str] | None = None) -> Chapter | None:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        problems.error(path, line, "not UTF-8 text; save the file as UTF-8")
        return None
    text = text.removeprefix("\ufeff")
    front = frontmatter.split(text, path, problems)
    values = frontmatter.validate(front, path, problems)
    line_of = _line_finder(front.body, front.body_line)
    slug = slug_of(path.stem)
    resolve = images.resolver(path, line_of)
    def report(severity: str, fragment: str, message: str) -> None:
        line = line_of(fragment.strip()[:40]) or line_of(fragment.strip().split(">")[0])
        getattr(problems, severity)(path, line, message)

    md = make_markdown(slug, hook=lambda root: print_tree.prepare(root, resolve),
                       raw_html=lambda fragment: check_fragment(fragment, report),
                       callout_titles=callout_titles)
    html = md.convert(front.body)
    reader = TreeReader(clean=lambda s: resolve_placeholders(s, md), image=resolve)
    tree = getattr(md, "captured_tree", None)  # absent when the body is blank
    heading, intro, sections = split_sections(tree if tree is not None else etree.Element("div"),
                                              reader, line_of)
    title = values.get("title") or heading
    if not front.body.strip():
        problems.error(path, front.body_line, "the chapter is empty; write its text below the "
                       "front matter")
    if not title:
        problems.error(path, 1, "the chapter has no title; add 'title:' to the front matter "
                       "or start with a '# Title' line")
        return None
    words = len(front.body.split())
    meta = ChapterMeta(
        title=title,
        author=values.get("author"),
        summary=values.get("summary"),
        part=values.get("part"),
        reading_time=values.get("reading_time") or max(1, math.ceil(words / WORDS_PER_MINUTE)),
        duration=values.get("duration"),
    )
    chapter = Chapter(number, path.stem, slug, path, meta, intro, sections, html, words)
    check_chapter(chapter, line_of, problems)
    return chapter


def _line_finder(body: str, first_line: int) -> Callable[[str], int | None]:
    lines = body.splitlines()

    def line_of(needle: str) -> int | None:
        for index, line in enumerate(lines):
            if needle in line:
                return first_line + index
        return None

    return line_of


def _check_unique_titles(chapters: list[Chapter], problems: Collector) -> None:
    seen: dict[str, Chapter] = {}
    for chapter in chapters:
        for key in (chapter.meta.title.casefold(), chapter.slug):
            other = seen.get(key)
            if other is not None and other is not chapter:
                problems.error(chapter.path, 1, f"'{chapter.meta.title}' has the same title or "
                               f"file name as {other.path.name}; chapters must be unique")
                break
            seen[key] = chapter
