"""Quarto's cross-references across chapters: a label is the book's, not a chapter's.

`@sec-x`, `@fig-x` and `@tbl-x` may name a label of any chapter, and read as Quarto prints
them: "Section 2.3", "Figure 2.1", "Table 3.2" (print adds "on page 11").

- Before the chapters are parsed, `book_labels` reads each one's labels from its text
  (`{#sec-x}` on a heading, `{#fig-x}` on an image or a div, `: Caption {#tbl-x}`, a cell's
  `#| label: fig-x`): the id each will have in the book, and a name: a heading's section
  number (its place among the chapter's headings; a label on the chapter's `# Title` names the
  chapter), else its caption until the chapter that holds it is parsed.
- `load_order` parses a chapter after the chapters it refers to, so that `numbered` can give
  each figure and table label the number `source/numbering` gave it (cycles keep file order).
- While a chapter is parsed, `ForeignRefs` points each reference to another chapter's label
  at its id, and names references to sections and to other chapters' labels.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from functools import lru_cache

from markdown.treeprocessors import Treeprocessor

from handbook.model import Chapter, Image, Table
from handbook.source.checks import all_blocks

KINDS = "fig|tbl|sec|lst|eq|exm|exr|thm|lem|def|cor|prp"
ATTRIBUTE = re.compile(rf"\{{[^{{}}\n]*#(?P<label>(?:{KINDS})-[\w-]*\w)[^{{}}\n]*\}}")
OPTION = r"^\s*(?:#|//|--|%%)\|\s*"  # a cell option line: `#| `, `//| `, `%%| `
CELL_LABEL = re.compile(rf"{OPTION}label:\s*['\"]?(?P<label>(?:{KINDS})-[\w-]*\w)")
CELL_CAPTION = re.compile(rf"{OPTION}(?:fig|tbl)-cap:\s*['\"]?(?P<caption>.*?)['\"]?\s*$")
HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.*?)\s*(?:\{[^}]*\}\s*)?#*\s*$")
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\([^)]*\)\s*$")
REFERENCE = re.compile(rf"(?<![\w.@])-?@(?P<label>(?:{KINDS})-[\w-]*\w)")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")

Label = tuple[str, str, str]  # (its id in the book, the text that names it, "on page" or "")
Labels = dict[str, Label]


def book_labels(chapters: Iterable[tuple[int, str, str]], words: dict[str, str],
                sections: bool = True) -> Labels:
    """The labels of every chapter, from (number, slug, text); the first definition wins.
    Without SECTIONS (a project not written for Quarto) a heading's label is named by the
    heading's text, as MyST and Pandoc name it."""
    found: Labels = {}
    for number, slug, text in chapters:
        for label, name, heading in _labels_of(text):
            if heading and not sections:
                found.setdefault(label, (f"{slug}--{label}" if heading != "chapter" else
                                         f"chapter-{slug}", name, ""))
            elif heading == "chapter":
                found.setdefault(label, (f"chapter-{slug}", f"{words['chapter']} {number}",
                                         words["on_page"]))
            elif heading:
                found.setdefault(label, (f"{slug}--{label}",
                                         f"{words['section']} {number}.{heading}",
                                         words["on_page"]))
            else:
                name = " ".join(re.sub(r"[`*]|\{[^}]*\}", "", name).split())
                found.setdefault(label, (f"{slug}--{label}", name or label, ""))
    return found


@lru_cache(maxsize=1024)  # the preview reads every chapter's labels again on each save
def _labels_of(text: str) -> tuple[tuple[str, str, str], ...]:
    """(label, name, section number: "2", "2.1", "chapter" or "") of each label in TEXT."""
    return tuple(_scan(text))


def _scan(text: str):
    lines = _logical_lines(text)
    counts, first_heading, depth = [0] * 7, True, 0
    for index, line in enumerate(lines):
        if re.match(r"^\s*:{3,}", line):  # inside a div a heading is a box's title or a tab
            depth += 1 if re.match(r"^\s*:{3,}\s*[^:\s]", line) else -1
        heading = HEADING.match(line) if depth <= 0 else None
        if heading:
            level = len(heading["marks"])
            if level > 1:
                counts[level] += 1
                counts[level + 1:] = [0] * (6 - level)
        cell = CELL_LABEL.match(line)
        if cell:
            caption = next((m["caption"] for m in (CELL_CAPTION.match(t) for t in
                                                    lines[index + 1:index + 8]) if m), "")
            yield cell["label"], caption, ""
        for match in ATTRIBUTE.finditer(line):
            before = line[:match.start()]
            if heading and len(heading["marks"]) == 1:
                yield match["label"], heading["text"], "chapter" if first_heading else ""
            elif heading:
                number = ".".join(str(c) for c in counts[2:len(heading["marks"]) + 1])
                yield match["label"], heading["text"], number
            elif IMAGE.search(before):
                yield match["label"], IMAGE.search(before)["alt"], ""
            elif re.match(r"^\s*:{3,}", before):  # a figure or table div: its last paragraph
                yield match["label"], _div_caption(lines, index), ""
            else:
                caption = re.sub(r"^\s*(?:Table)?:\s*", "", before).strip()
                yield match["label"], caption if before.lstrip().startswith(":") else "", ""
        if heading and len(heading["marks"]) == 1:
            first_heading = False


def _logical_lines(text: str) -> list[str]:
    """TEXT's lines outside fenced code, a paragraph with an image joined into one (alt text
    and attributes may go on over several lines)."""
    lines: list[str] = []
    fence: str | None = None
    for block in re.split(r"\n[ \t]*\n", text):
        for line in block.splitlines():
            opening = FENCE.match(line)
            if opening and (fence is None or opening.group(1).startswith(fence)):
                fence = opening.group(1) if fence is None else None
                line = ""
            if fence is not None and not CELL_LABEL.match(line) \
                    and not CELL_CAPTION.match(line):
                line = ""
            lines.append(line)
        if "![" in block and "{" in block and fence is None:
            joined = " ".join(line.strip() for line in lines[-len(block.splitlines()):])
            lines[-len(block.splitlines()):] = [joined]
        lines.append("")
    return lines


def _div_caption(lines: list[str], index: int) -> str:
    depth, paragraph, last = 0, [], ""
    for line in lines[index:]:
        if re.match(r"^\s*:{3,}\s*[^:\s]", line):
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


def load_order(chapters: list[tuple[str, str]], labels: Labels) -> list[int]:
    """The positions of CHAPTERS ((slug, text) each) in the order to parse them: a chapter
    after those whose labels it refers to, else in the order given."""
    needs = []
    for slug, text in chapters:
        targets = {labels[label][0] for label in references(text) if label in labels}
        needs.append({t.removeprefix("chapter-").split("--")[0] for t in targets} - {slug})
    order: list[int] = []
    waiting = list(range(len(chapters)))
    while waiting:
        done = {chapters[i][0] for i in order}
        ready = next((i for i in waiting if needs[i] <= done), waiting[0])  # a cycle: as given
        order.append(ready)
        waiting.remove(ready)
    return order


@lru_cache(maxsize=1024)
def references(text: str) -> frozenset[str]:
    """The labels TEXT refers to (`@fig-x`, `@sec-y`)."""
    return frozenset(m["label"] for m in REFERENCE.finditer(text))


def numbered(chapter: Chapter, words: dict[str, str]) -> Labels:
    """The figure and table labels of a parsed CHAPTER, named by their numbers."""
    found: Labels = {}
    for block in all_blocks(chapter):
        if isinstance(block, Image | Table) and block.id and block.number:
            word = words["figure"] if isinstance(block, Image) else words["table"]
            found[block.id] = (f"{chapter.slug}--{block.id}", f"{word} {block.number}",
                               words["on_page"])
    return found


class ForeignRefs(Treeprocessor):
    """References to another chapter's label: pointed at its id in the book; references to
    sections, and to labels of other chapters, named as `book_labels` and `numbered` say."""

    def __init__(self, md, labels: Labels):
        super().__init__(md)
        self.labels = labels

    def run(self, root: etree.Element) -> None:
        own = {element.get("id") for element in root.iter() if element.get("id")}
        for link in root.iter("a"):
            label = (link.get("href") or "").removeprefix("#")
            if "xref" not in (link.get("class") or "").split() or label not in self.labels \
                    or link.get("data-on-page"):  # numbered here, by source/numbering
                continue
            target, name, on_page = self.labels[label]
            if label not in own:
                link.set("href", f"#{target}")
            if label not in own or label.startswith("sec-") or link.text == label:
                template = link.attrib.pop("data-numref", None)  # MyST's "Fig. %s"
                if template and on_page:  # a numbered figure or table: "Figure 2.1"
                    number = name.rsplit(" ", 1)[-1]
                    name = template.replace("%s", number).replace("{number}", number)
                link.text = name
                link.attrib.pop("data-label", None)
                if on_page:
                    link.set("data-on-page", on_page)
