"""Figure and table numbers per chapter ("Figure 2.1", "Table 3.2"), and references to them.

Runs on the parsed tree before it is captured, so the model (and so the slides) and the
printed book carry the same numbers:

- a figure (an image alone in its paragraph) with a caption or a label is numbered; so is a
  table with a caption (a paragraph `Table: …` or `: …` right before or after it, as Pandoc
  writes it, optionally ending in `{#tbl-label}`) or a label. The number goes into
  `data-number`; a caption written with its own number ("Figure 1. The stages") loses it;
- a cross-reference to a numbered figure or table (`@fig-x`, `{numref}`, see dialects/roles)
  reads "Figure 2.1", and gets `data-on-page` so that print adds "on page 11";
- "Figure 1" in the text, where a caption of the chapter was written as "Figure 1. …",
  becomes such a reference to that figure.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown.treeprocessors import Treeprocessor

from handbook.source.terms import put_in_text

NUMBERING_PRIORITY = 2  # after attr_list (8) and toc (5), before the xref titles (-5)
CAPTION = re.compile(r"^\s*(?:Table)?:\s+(?P<text>.+?)\s*(?:\{:?\s*#(?P<id>[\w.:-]+)\s*\})?\s*$",
                     re.S)
LABEL_AT_END = re.compile(r"\s*\{:?\s*#([\w.:-]+)\s*\}\s*$")
NO_REFERENCES_IN = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption",
                    "caption", "dt"}


@dataclass
class Numbered:
    element: etree.Element
    kind: str  # "figure" or "table"
    number: str  # "2.1"
    written: str | None  # the number the author gave it in the caption, if any


class NumberingTreeprocessor(Treeprocessor):
    def __init__(self, md, chapter: int, words: dict[str, str]):
        super().__init__(md)
        self.chapter = chapter
        self.words = {"figure": words.get("figure", "Figure"),
                      "table": words.get("table", "Table"),
                      "on_page": words.get("on_page", "on page")}

    def run(self, root: etree.Element) -> None:
        _attach_table_captions(root)
        found = self._number(root)
        by_id = {item.element.get("id"): item for item in found if item.element.get("id")}
        written = {(item.kind, item.written): item for item in found if item.written}
        self._text_references(root, written)
        for link in root.iter("a"):
            target = by_id.get((link.get("href") or "").lstrip("#"))
            if "xref" in (link.get("class") or "").split() and target is not None:
                self._label(link, target)

    def _number(self, root: etree.Element) -> list[Numbered]:
        found: list[Numbered] = []
        counts = {"figure": 0, "table": 0}
        for candidate in root.iter():
            kind, element = _numbered(candidate)
            if kind is None:
                continue
            counts[kind] += 1
            number = f"{self.chapter}.{counts[kind]}"
            element.set("data-number", number)
            element.set("data-name", f"{self.words[kind]} {number}")  # the printed label
            found.append(Numbered(element, kind, number, self._strip_label(element, kind)))
        return found

    def _strip_label(self, element: etree.Element, kind: str) -> str | None:
        """Take "Figure 1." off a caption; return the number the author wrote."""
        word = re.escape(self.words[kind])
        label = re.compile(rf"^\s*(?:{word}|{kind.capitalize()})\s+(\d+(?:\.\d+)*)[.:]?\s+")
        if element.tag == "img":
            match = label.match(element.get("title") or "")
            if match:
                element.set("title", element.get("title")[match.end():])
            return match.group(1) if match else None
        caption = element.find("caption")
        match = label.match(caption.text or "") if caption is not None else None
        if match:
            caption.text = caption.text[match.end():]
        return match.group(1) if match else None

    def _label(self, link: etree.Element, target: Numbered) -> None:
        template = link.attrib.pop("data-numref", None)
        name = f"{self.words[target.kind]} {target.number}"
        if template:
            name = template.replace("%s", target.number).replace("{number}", target.number)
        for child in list(link):
            link.remove(child)
        link.text = name
        link.attrib.pop("data-label", None)  # named here, not after the caption
        link.set("data-on-page", self.words["on_page"])

    def _text_references(self, root: etree.Element,
                         written: dict[tuple[str, str], Numbered]) -> None:
        """'Figure 1' in the text → a reference to the figure captioned 'Figure 1. …'."""
        if not written:
            return
        names = "|".join(re.escape(self.words[kind]) for kind in ("figure", "table"))
        pattern = re.compile(rf"\b({names})\s+(\d+(?:\.\d+)*)\b")
        kinds = {self.words["figure"]: "figure", self.words["table"]: "table"}
        for element in list(_text_elements(root)):
            for slot in [None, *list(element)]:
                _link_references(element, slot, pattern, kinds, written, self)


def _numbered(element: etree.Element) -> tuple[str | None, etree.Element]:
    """("table", the table) or ("figure", its image) when ELEMENT is one that gets a number."""
    if element.tag == "table" and (element.find("caption") is not None or element.get("id")):
        return "table", element
    if element.tag == "p" and len(element) == 1 and element[0].tag == "img" \
            and not (element.text or "").strip() and not (element[0].tail or "").strip():
        image = element[0]
        if image.get("id", "").startswith("fig-") and not image.get("title"):
            image.set("title", image.get("alt") or "")  # Pandoc: a figure's alt is its caption
        if image.get("title") or image.get("id"):
            return "figure", image
    return None, element


def _text_elements(element: etree.Element):
    if element.tag in NO_REFERENCES_IN:
        return
    yield element
    for child in element:
        yield from _text_elements(child)


def _link_references(element, slot, pattern, kinds, written, numbering) -> None:
    text = element.text if slot is None else slot.tail
    match = pattern.search(text or "")
    while match:
        target = written.get((kinds[match.group(1)], match.group(2)))
        if target is None:
            match = pattern.search(text, match.end())
            continue
        if not target.element.get("id"):
            target.element.set("id", f"{target.kind}-{target.number.replace('.', '-')}")
        link = etree.Element("a", {"class": "xref", "href": f"#{target.element.get('id')}"})
        numbering._label(link, target)
        put_in_text(element, slot, text, match, link)
        slot, text = link, link.tail
        match = pattern.search(text)


def _attach_table_captions(root: etree.Element) -> None:
    """A `Table: …` or `: …` paragraph next to a table becomes its <caption>."""
    for parent in root.iter():
        children = list(parent)
        for index, table in enumerate(children):
            if table.tag != "table":
                continue
            for neighbour in (children[index + 1:index + 2] + children[max(0, index - 1):index]):
                paragraph = _caption_paragraph(neighbour)
                if paragraph is not None and neighbour in list(parent):
                    _make_caption(parent, table, paragraph, neighbour)
                    break


def _caption_paragraph(element: etree.Element) -> etree.Element | None:
    """`Table: …` as a paragraph; `: …` as def_list reads it: a <dl> with one <dd> only."""
    if element.tag == "p" and CAPTION.match(element.text or ""):
        return element
    if element.tag == "dl" and [c.tag for c in element] == ["dd"]:
        item = element[0]
        inner = item[0] if len(item) == 1 and item[0].tag == "p" and not \
            (item.text or "").strip() else item
        paragraph = etree.Element("p", dict(inner.attrib))
        paragraph.text = ": " + (inner.text or "").lstrip()
        paragraph.extend(list(inner))
        return paragraph
    return None


def _make_caption(parent: etree.Element, table: etree.Element, paragraph: etree.Element,
                  written: etree.Element) -> None:
    """PARAGRAPH's text becomes TABLE's caption; WRITTEN, where it stood, goes."""
    caption = etree.Element("caption")
    found = CAPTION.match(paragraph.text or "")
    caption.text = found.group("text")
    if len(paragraph):  # inline markup in it: the text runs on, the label ends the last tail
        caption.text = re.sub(r"^\s*(?:Table)?:\s+", "", paragraph.text or "")
    for child in list(paragraph):
        caption.append(child)
    label = found.group("id") or paragraph.get("id")
    last = caption[-1] if len(caption) else None
    ending = LABEL_AT_END.search(last.tail or "") if last is not None else None
    if ending:
        last.tail = last.tail[:ending.start()]
        label = label or ending.group(1)
    if label and not table.get("id"):
        table.set("id", label)
    table.insert(0, caption)
    table.tail = (table.tail or "") + (written.tail or "")
    parent.remove(written)
