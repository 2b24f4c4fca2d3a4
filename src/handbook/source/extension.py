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

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

CAPTURE_PRIORITY = -10  # after "unescape" (0), the last built-in tree processor
EXTENSIONS = ["extra", "admonition", "sane_lists", "smarty", "toc"]

TreeHook = Callable[[etree.Element], None]
RawHtmlCheck = Callable[[str], str]


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
            stash[:] = [self.raw_html(str(fragment)) for fragment in stash]
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
                 callout_titles: dict[str, str] | None = None, **kwargs):
        self.hook = hook
        self.raw_html = raw_html
        self.callout_titles = callout_titles or {}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        from handbook.source.terms import INDEX_MARK, IndexMarkProcessor

        # before "reference" (170), which would read [[term]] as a link reference
        md.inlinePatterns.register(IndexMarkProcessor(INDEX_MARK, md), "handbook-index", 175)
        processor = _CaptureTreeprocessor(md, self.hook, self.raw_html, self.callout_titles)
        md.treeprocessors.register(processor, "handbook-capture", CAPTURE_PRIORITY)


def make_markdown(id_prefix: str, hook: TreeHook | None = None,
                  raw_html: RawHtmlCheck | None = None,
                  callout_titles: dict[str, str] | None = None) -> markdown.Markdown:
    """A fresh Markdown instance whose heading ids start with `id_prefix`."""

    def slugify(value: str, separator: str) -> str:
        return f"{id_prefix}--{slugify_unicode(value, separator)}"

    return markdown.Markdown(
        extensions=[*EXTENSIONS, HandbookExtension(hook, raw_html, callout_titles)],
        extension_configs={"toc": {"slugify": slugify, "permalink": False},
                           "footnotes": {"UNIQUE_IDS": True}},
        output_format="html",
    )


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
