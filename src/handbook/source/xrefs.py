"""Quarto's cross-references across chapters: a label is the book's, not a chapter's.

`@sec-x`, `@fig-x` and `@tbl-x` may name a label of any chapter. Before the chapters are
parsed, `book_labels` reads each one's labels from its text (`{#sec-x}` on a heading,
`{#fig-x}` on an image or a div, `: Caption {#tbl-x}`, a cell's `#| label: fig-x`), with the
id the label will have in the book and the text that names it (a heading's text, a caption).
While a chapter is parsed, `ForeignRefs` points each reference to a label of another chapter
at that id, and names a reference still named by its label (a table's, a div's); a label on a
chapter's own `# Title` points at the chapter.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable

from markdown.treeprocessors import Treeprocessor

KINDS = "fig|tbl|sec|lst|eq|exm|exr|thm|lem|def|cor|prp"
ATTRIBUTE = re.compile(rf"\{{[^{{}}\n]*#(?P<label>(?:{KINDS})-[\w-]*\w)[^{{}}\n]*\}}")
OPTION = r"^\s*(?:#|//|--|%%)\|\s*"  # a cell option line: `#| `, `//| `, `%%| `
CELL_LABEL = re.compile(rf"{OPTION}label:\s*['\"]?(?P<label>(?:{KINDS})-[\w-]*\w)")
CELL_CAPTION = re.compile(rf"{OPTION}(?:fig|tbl)-cap:\s*['\"]?(?P<caption>.*?)['\"]?\s*$")
HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.*?)\s*\{")
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\([^)]*\)\s*$")

Labels = dict[str, tuple[str, str]]  # label → (its id in the book, the text that names it)


def book_labels(chapters: Iterable[tuple[str, str]]) -> Labels:
    """The labels of every chapter, from (slug, text) pairs; the first definition wins."""
    found: Labels = {}
    for slug, text in chapters:
        first_heading = True
        lines = _logical_lines(text)
        for index, line in enumerate(lines):
            for label, name, is_title in _labels_on(line, lines, index, first_heading):
                target = f"chapter-{slug}" if is_title else f"{slug}--{label}"
                name = " ".join(re.sub(r"[`*]|\{[^}]*\}", "", name or "").split())
                found.setdefault(label, (target, name or label))
            if re.match(r"^#\s", line):
                first_heading = False
    return found


def _logical_lines(text: str) -> list[str]:
    """TEXT's lines, a paragraph with an image joined into one (alt text and attributes may
    go on over several lines)."""
    lines: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text):
        if "![" in block and "{" in block and not block.lstrip().startswith(("```", "~~~")):
            lines.extend([" ".join(line.strip() for line in block.splitlines()), ""])
        else:
            lines.extend([*block.splitlines(), ""])
    return lines


def _labels_on(line: str, lines: list[str], index: int, first_heading: bool):
    cell = CELL_LABEL.match(line)
    if cell:
        caption = next((m["caption"] for m in (CELL_CAPTION.match(t) for t in
                                                lines[index + 1:index + 8]) if m), "")
        yield cell["label"], caption, False
        return
    for match in ATTRIBUTE.finditer(line):
        before = line[:match.start()]
        heading = HEADING.match(line)
        image = IMAGE.search(before)
        if heading:
            yield match["label"], heading["text"], heading["marks"] == "#" and first_heading
        elif image:
            yield match["label"], " ".join(image["alt"].split()), False
        elif re.match(r"^\s*:{3,}", before):  # a figure or table div: its last paragraph
            yield match["label"], _div_caption(lines, index), False
        else:
            caption = re.sub(r"^\s*(?:Table)?:\s*", "", before).strip()
            yield match["label"], caption if before.lstrip().startswith(":") else "", False


def _div_caption(lines: list[str], index: int) -> str:
    depth, paragraph, last = 0, [], ""
    for line in lines[index:]:
        if re.match(r"^\s*:{3,}\s*\S", line):
            depth += 1
        elif re.match(r"^\s*:{3,}\s*$", line):
            depth -= 1
            if depth == 0:
                break
        elif not line.strip():
            last, paragraph = " ".join(paragraph) or last, []
        elif depth == 1 and not line.lstrip().startswith(("![", "|", "```")):
            paragraph.append(line.strip())
    return " ".join(paragraph) or last


class ForeignRefs(Treeprocessor):
    """References to another chapter's label: pointed at its id in the book, and named."""

    def __init__(self, md, labels: Labels):
        super().__init__(md)
        self.labels = labels

    def run(self, root: etree.Element) -> None:
        own = {element.get("id") for element in root.iter() if element.get("id")}
        for link in root.iter("a"):
            label = (link.get("href") or "").removeprefix("#")
            if "xref" not in (link.get("class") or "").split() or label not in self.labels:
                continue
            target, name = self.labels[label]
            if label not in own:
                link.set("href", f"#{target}")
            if (link.text or "") == label:
                link.text = name
