"""The Python-Markdown side of the single parse: one `convert()` gives both views.

`HandbookExtension` registers a tree processor that runs after every built-in one
(inline 20, footnote-duplicate 15, attr_list 8, toc 5, unescape 0). It keeps a copy of the
final tree on `md.captured_tree` for the document model, then lets `print_tree` adapt the
live tree (figures, inline footnotes, printed URLs) before Python-Markdown serialises it.
"""

from __future__ import annotations

import copy
import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor
from pymdownx import superfences

from handbook.source.dialects.syntax import Syntax

CAPTURE_PRIORITY = -10  # after "unescape" (0), the last built-in tree processor
# "extra" without its fenced_code: PyMdown SuperFences finds fenced code anywhere a block can
# be (lists, quotes, boxes), where Python-Markdown's own finds it only at the top level.
# PyMdown Blocks gives every dialect's boxes (see dialects/) the `!!!` admonition's HTML.
EXTENSIONS = ["abbr", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
              "admonition", "sane_lists", "smarty", "toc", "pymdownx.superfences",
              "pymdownx.blocks.admonition", "pymdownx.blocks.html", "pymdownx.tasklist",
              "pymdownx.tilde", "pymdownx.arithmatex"]

# pymdownx.tasklist's checkboxes, as characters (a form control has no place on paper)
TASK_BOXES = {'<input type="checkbox" disabled/>': "&#9744; ",
              '<input type="checkbox" disabled checked/>': "&#9745; "}

TreeHook = Callable[[etree.Element], None]
RawHtmlCheck = Callable[[str], str]
Report = Callable[[int, str], None]


class _CaptureTreeprocessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, hook: TreeHook | None,
                 raw_html: RawHtmlCheck | None, callout_titles: dict[str, str]):
        super().__init__(md)
        self.hook = hook
        self.raw_html = raw_html
        self.callout_titles = callout_titles

    def run(self, root: etree.Element) -> None:
        if self.raw_html is not None:  # before anything reads or pastes the stash
            stash = self.md.htmlStash.rawHtmlBlocks
            code = getattr(self.md, "handbook_code", {})  # our own highlighted code
            stash[:] = [fragment if str(fragment) in code else
                        TASK_BOXES.get(str(fragment).strip()) or self.raw_html(str(fragment))
                        for fragment in stash]
        _default_titles(root, self.callout_titles)
        self.md.captured_tree = copy.deepcopy(root)  # type: ignore[attr-defined]
        if self.hook is not None:
            self.hook(root)


def _default_titles(root: etree.Element, titles: dict[str, str]) -> None:
    """`!!! tip` gets Python-Markdown's title "Tip"; use the book language's word instead."""
    for box in root.iter("div"):
        classes = (box.get("class") or "").split()
        if "admonition" not in classes or len(classes) < 2 or not len(box):
            continue
        kind, first = classes[1], box[0]
        if "admonition-title" in (first.get("class") or "") and kind in titles \
                and (first.text or "") == kind.capitalize() and not len(first):
            first.text = titles[kind]


class HandbookExtension(Extension):
    """Capture the parsed tree; check raw HTML; adapt the HTML tree through `hook`."""

    def __init__(self, hook: TreeHook | None = None, raw_html: RawHtmlCheck | None = None,
                 callout_titles: dict[str, str] | None = None, chapter: int | None = None,
                 **kwargs):
        self.hook = hook
        self.raw_html = raw_html
        self.callout_titles = callout_titles or {}
        self.chapter = chapter  # its number: figures and tables are numbered "2.1", "2.2" …
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        from handbook.source.terms import INDEX_MARK, IndexMarkProcessor

        # before "reference" (170), which would read [[term]] as a link reference
        md.inlinePatterns.register(IndexMarkProcessor(INDEX_MARK, md), "handbook-index", 175)
        processor = _CaptureTreeprocessor(md, self.hook, self.raw_html, self.callout_titles)
        md.treeprocessors.register(processor, "handbook-capture", CAPTURE_PRIORITY)
        if self.chapter is not None:
            from handbook.source.numbering import NUMBERING_PRIORITY, NumberingTreeprocessor

            numbering = NumberingTreeprocessor(md, self.chapter, self.callout_titles)
            md.treeprocessors.register(numbering, "handbook-numbering", NUMBERING_PRIORITY)


def make_markdown(id_prefix: str, hook: TreeHook | None = None,
                  raw_html: RawHtmlCheck | None = None,
                  callout_titles: dict[str, str] | None = None,
                  report: Report | None = None, first_line: int = 1,
                  chapter: int | None = None, syntax: Syntax | None = None,
                  source: Path | None = None, front: dict | None = None) -> markdown.Markdown:
    """A fresh Markdown instance whose heading ids start with `id_prefix`; REPORT(line,
    message) hears what another dialect's syntax could not keep (lines from FIRST_LINE);
    CHAPTER, the chapter's number, numbers its figures and tables. SYNTAX, SOURCE and FRONT:
    the project's tool, the chapter file, its front matter."""
    from handbook.source.dialects import DialectExtension, extension_configs, extensions_for
    from handbook.source.highlight import format_code

    def slugify(value: str, separator: str) -> str:
        return f"{id_prefix}--{slugify_unicode(value, separator)}"

    fences = [{"name": "*", "class": "", "format": format_code,
               "validator": superfences.highlight_validator}]
    md = markdown.Markdown(
        extensions=[*EXTENSIONS, *extensions_for(syntax or Syntax(), source),
                    HandbookExtension(hook, raw_html, callout_titles, chapter),
                    DialectExtension(report, first_line, syntax, source, front)],
        extension_configs={"toc": {"slugify": slugify, "permalink": False},
                           "footnotes": {"UNIQUE_IDS": True},
                           "pymdownx.superfences": {"custom_fences": fences},
                           "pymdownx.tilde": {"subscript": False},
                           # $…$ is dialects/roles' (Pandoc's rule keeps "US$25 … HK$200" text)
                           "pymdownx.arithmatex": {"generic": True, "inline_syntax": ["round"]},
                           **extension_configs(syntax or Syntax(), source)},
        output_format="html",
    )
    md.handbook_code = {}  # type: ignore[attr-defined]  # filled by format_code
    return md


_PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
_ENTITY = re.compile(r"^&(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);$")


def resolve_placeholders(text: str, md: markdown.Markdown) -> str:
    """Turn stashed entities back into characters and drop stashed raw HTML."""
    text = text.replace(markdown.util.AMP_SUBSTITUTE, "&")

    def replace(match: re.Match[str]) -> str:
        index = int(match.group(1))
        stash = md.htmlStash.rawHtmlBlocks
        raw = str(stash[index]) if index < len(stash) else ""
        return html.unescape(raw) if _ENTITY.match(raw.strip()) else ""

    return _PLACEHOLDER.sub(replace, text)


def stashed_html(text: str, md: markdown.Markdown) -> list[str]:
    """The raw HTML blocks that placeholders in `text` stand for."""
    stash = md.htmlStash.rawHtmlBlocks
    return [str(stash[int(n)]) for n in _PLACEHOLDER.findall(text) if int(n) < len(stash)]


def fragment_html(md: markdown.Markdown, element: etree.Element) -> str:
    """Serialise an element cut from the tree as `convert()` would, postprocessors included."""
    from markdown.serializers import to_html_string

    text = to_html_string(element)
    for processor in md.postprocessors:
        text = processor.run(text)
    return text.strip()


def code_of(text: str | None, md: markdown.Markdown) -> tuple[str, str | None] | None:
    """(source, language) of the fenced code whose placeholder is all of TEXT, or None."""
    found = _PLACEHOLDER.fullmatch((text or "").strip())
    stash = md.htmlStash.rawHtmlBlocks
    if found is None or int(found.group(1)) >= len(stash):
        return None
    return getattr(md, "handbook_code", {}).get(str(stash[int(found.group(1))]))


def split_code(text: str | None, md: markdown.Markdown) -> tuple[str, list[tuple[str, str | None]]]:
    """TEXT without the placeholders of fenced code in it, and that code in order."""
    codes: list[tuple[str, str | None]] = []

    def take(match: re.Match[str]) -> str:
        code = code_of(match.group(0), md)
        if code is None:
            return match.group(0)
        codes.append(code)
        return " "

    return _PLACEHOLDER.sub(take, text or ""), codes
