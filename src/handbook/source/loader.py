"""Find the project's chapters (source/projects) and parse each exactly once into the model."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from pathlib import Path

from handbook.errors import Collector
from handbook.model import Answer, Book, Callout, Chapter, ChapterMeta
from handbook.plaintext import blocks_text, trainer_boxes
from handbook.source import formulas, frontmatter
from handbook.source import print_html as print_tree
from handbook.source.anchors import prefix_ids, rewrite_links
from handbook.source.attachments import Attachments, attach
from handbook.source.blocks import TreeReader, split_sections
from handbook.source.checks import check_chapter, written_as
from handbook.source.dialects.syntax import Syntax
from handbook.source.extension import (
    fragment_html,
    make_markdown,
    resolve_placeholders,
    split_code,
)
from handbook.source.glyphs import report_missing
from handbook.source.images import ImageChecker
from handbook.source.paths import Refused, read_text
from handbook.source.projects import ChapterFile
from handbook.source.sanitize import check_fragment, clean_attributes, deep_line, deepest
from handbook.source.terms import (
    IndexEntry,
    Term,
    collect_index,
    link_first_uses,
    mark_glossary,
)

MAX_CHAPTER = 1024 * 1024  # about 150,000 words: a build of more takes minutes
MAX_DEPTH = 50  # elements inside each other: 25 levels of lists (WeasyPrint fails near 90)
TOO_DEEP = (f"lists, quotes or boxes nested more than {MAX_DEPTH // 2} levels deep; "
            "flatten them")
WORDS_PER_MINUTE = 200


def load_book(root: Path, problems: Collector | None = None, memory=None) -> Book:
    """Read the project in ROOT (content/*.md, a Quarto book or an MkDocs site, with the
    optional handbook.toml); raise if anything is wrong. (source/rereading: the whole load,
    which the preview's rereads share; MEMORY, a source.memory.ParseMemory, keeps chapters'
    parses between builds.)"""
    from handbook.source.rereading import BookReader

    return BookReader(root, memory).load(problems)


def slug_of(stem: str) -> str:
    """'01-what-is-ai' → 'what-is-ai' (the number prefix only orders the files)."""
    slug = re.sub(r"^\d+[-_. ]*", "", stem).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", slug).strip("-")
    return slug or f"chapter-{stem}"


def load_chapter(path: Path, number: int, images: ImageChecker, problems: Collector,
                 callout_titles: dict[str, str] | None = None,
                 terms: list[Term] | None = None,
                 slugs: dict[Path, str] | None = None, slide_level: int = 2, *,
                 entry: ChapterFile | None = None, syntax: Syntax | None = None,
                 attachments: Attachments | None = None) -> Chapter | None:
    """One chapter, parsed once; SLUGS (every chapter file → its slug) resolves links to
    other chapters; ENTRY says its name and part in the book, SYNTAX which tool's Markdown
    it is written in."""
    entry = entry or ChapterFile(path, path.stem)
    syntax = syntax or Syntax()
    try:
        text = read_text(path, MAX_CHAPTER)
    except Refused as refused:
        problems.error(path, refused.line, str(refused))
        return None
    front = frontmatter.split(text, path, problems)
    values = frontmatter.validate(front, path, problems, foreign=syntax.tool != "handbook")
    line_of = _line_finder(front.body, front.body_line)
    slug = slug_of(entry.stem)
    resolve = images.resolver(path, line_of)
    def report(severity: str, fragment: str, message: str) -> None:
        line = line_of(fragment.strip()[:40]) or line_of(fragment.strip().split(">")[0])
        getattr(problems, severity)(path, line, message)

    cut_answers: list = []
    labels = callout_titles or {}
    defined: list[tuple[str, str]] = []
    marks: list[IndexEntry] = []
    uses: list[tuple[str, str, str]] = []
    is_glossary = values.get("glossary", False)

    def term_links(root) -> None:
        if is_glossary:
            defined.extend(mark_glossary(root, slug))
        elif terms:
            uses.extend(link_first_uses(root, terms, slug))
        marks.extend(collect_index(root, slug))

    ids: list[str] = []

    def print_hook(root) -> None:
        clean_attributes(root, lambda value: resolve_placeholders(value, md),
                         lambda needle, message: report("warning", needle, message))
        deep = deepest(root, MAX_DEPTH)
        if deep is not None:
            report("error", next((t.strip() for t in deep.itertext() if t.strip()), ""),
                   TOO_DEEP)
        print_tree.prepare(root, images.url_resolver(resolve), slug, cut_answers,
                           labels.get("answer_on_page", "Answer on page"), term_links)
        formulas.typeset(root, lambda tex, message: problems.warning(path, line_of(tex),
                                                                     message))
        ids.extend(prefix_ids(root, slug))
        rewrite_links(root, path, slug, slugs or {path.resolve(): slug}, set(ids))
        if attachments is not None:  # links to local files: attached to the PDF
            attach(root, attachments.resolver(path, line_of), attachments.root,
                   labels.get("attached", "attached"))

    md = make_markdown(slug, hook=print_hook,
                       raw_html=lambda fragment: check_fragment(fragment, report),
                       callout_titles=callout_titles,
                       report=lambda where, message: problems.warning(
                           path, where if isinstance(where, int) else line_of(str(where)),
                           message),
                       first_line=front.body_line, chapter=number, syntax=syntax,
                       source=path, front=front.data)
    try:
        html = md.convert(front.body)
    except RecursionError:  # Python-Markdown recurses once per level of nesting
        problems.error(path, deep_line(front.body, front.body_line, MAX_DEPTH // 2), TOO_DEEP)
        return None
    reader = TreeReader(clean=lambda s: resolve_placeholders(s, md), image=resolve,
                        split_code=lambda s: split_code(s, md))
    tree = getattr(md, "captured_tree", None)  # absent when the body is blank
    heading, intro, sections = split_sections(tree if tree is not None else etree.Element("div"),
                                              reader, line_of, slug,
                                              values.get("slide_level") or slide_level)
    title = values.get("title") or heading
    if not front.body.strip():
        problems.error(path, front.body_line, "the chapter is empty; write its text below the "
                       "front matter")
    if not title and front.broken:  # its title may be in the front matter we could not read
        return None
    if not title:
        problems.error(path, 1, "the chapter has no title; add 'title:' to the front matter "
                       "or start with a '# Title' line")
        return None
    report_missing(front.body, images.root, line_of,
                   lambda line, message: problems.warning(path, line, message))
    words = len(front.body.split()) - _trainer_words(intro, sections)
    meta = ChapterMeta(
        title=title,
        author=values.get("author"),
        summary=values.get("summary"),
        part=values.get("part") or entry.part,
        reading_time=values.get("reading_time") or max(1, math.ceil(words / WORDS_PER_MINUTE)),
        duration=values.get("duration"),
        goals=values.get("goals", ()),
        glossary=values.get("glossary", False),
    )
    answers = _answers(intro, sections, cut_answers, md, slug)
    chapter = Chapter(number, entry.stem, slug, path, meta, intro, sections, html, words, answers,
                      tuple(defined), tuple((m.term, m.anchor) for m in marks),
                      ids=tuple(ids), uses=tuple(uses))
    check_chapter(chapter, line_of, problems)
    return chapter


def _answers(intro, sections, cut: list, md, slug: str) -> tuple[Answer, ...]:
    """Pair each answer cut from the print tree with its question in the model."""
    questions = [block for block in _callouts(intro, sections) if block.kind == "question"]
    found = []
    cut_by_id = dict(cut)
    for number, question in enumerate(questions, start=1):
        answer = next((b for b in question.blocks if isinstance(b, Callout)
                       and b.kind == "answer"), None)
        question_id = f"{slug}--question-{number}"
        if answer is None or question_id not in cut_by_id:
            continue
        asked = blocks_text(tuple(b for b in question.blocks if b is not answer))
        found.append(Answer(question_id, asked, blocks_text(answer.blocks),
                            fragment_html(md, cut_by_id[question_id])))
    return tuple(found)


def _trainer_words(intro, sections) -> int:
    """Words of the boxes for the trainer, fences included: the book's reader never sees them."""
    boxes = trainer_boxes((*intro, *(b for s in sections for b in s.blocks)))
    return sum(len(blocks_text(box.blocks).split()) + 3 for box in boxes)


def _callouts(intro, sections):
    for blocks in (intro, *(s.blocks for s in sections)):
        for block in blocks:
            if isinstance(block, Callout):
                yield block


def _line_finder(body: str, first_line: int) -> Callable[[str], int | None]:
    lines = body.splitlines()

    def line_of(needle: str) -> int | None:
        for text in written_as(needle):
            for index, line in enumerate(lines):
                if text in line:
                    return first_line + index
        return None

    return line_of


def check_unique_titles(chapters: list[Chapter], problems: Collector,
                         strict: bool = True) -> None:
    """Chapters need unique names; another tool's project may repeat a title (a warning)."""
    seen: dict[str, Chapter] = {}
    for chapter in chapters:
        for key in (chapter.slug, chapter.meta.title.casefold()):
            other = seen.get(key)
            if other is not None and other is not chapter:
                report = problems.error if strict or key == chapter.slug else problems.warning
                report(chapter.path, 1, f"'{chapter.meta.title}' has the same title or "
                       f"file name as {other.path.name}; chapters must be unique")
                break
            seen[key] = chapter
