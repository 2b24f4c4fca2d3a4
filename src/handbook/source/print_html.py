"""Adapt the parsed tree for print before Python-Markdown serialises it to HTML.

- the `# Title` line goes: the chapter opener prints the title;
- boxes for the trainer (`::: notes`, `!!! trainer`) go: they are in the model, for the
  speaker notes and the trainer guide only;

- an image alone in a paragraph becomes a <figure> with its title as <figcaption>;
- footnotes move from the end of the chapter to their call, for CSS `float: footnote`;
- external links get their URL printed (in a footnote, or beside the link in a
  further-reading box) so they still work on paper;
- a box longer than about half a page is marked `long`: it may break across pages, where
  shorter boxes are kept whole.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

from handbook.links import is_external, qr_svg_uri, short_url
from handbook.model import TRAINER_KINDS
from handbook.source.paths import DEFAULTS_URL, PROJECT_URL

ImageResolver = Callable[[str], str | None]  # an image's source → its stable URL
# Estimated size of a box's text on an A4 page: characters a line, and lines in half the
# type area (10.5 pt type with 1.42 line height in a 130 mm wide box; 249 mm of type area).
BOX_LINE_CHARS = 78
HALF_PAGE_LINES = 22
TermLinks = Callable[[etree.Element], None]  # marks glossary terms and index entries


def prepare(root: etree.Element, resolve_image: ImageResolver, id_prefix: str = "chapter",
            answers: list[tuple[str, etree.Element]] | None = None,
            answer_label: str = "Answer on page",
            terms: TermLinks | None = None) -> None:
    """Apply every print adaptation to the tree in place.

    Answer callouts inside question callouts are taken out and appended to `answers` as
    (question id, answer element), for the answer key at the end of the book.
    """
    title = root.find("h1")
    if title is not None:  # the chapter opener prints the title
        _remove(root, title)
    for box in [d for d in root.iter("div") if any(_is_callout(d, k) for k in TRAINER_KINDS)]:
        _remove(root, box)
    _questions(root, id_prefix, answers if answers is not None else [], answer_label)
    if terms is not None:
        terms(root)
    _figures(root, resolve_image)
    _table_labels(root)
    for cell in root.iter("th"):  # header cells name what they head, for screen readers
        cell.set("scope", "col")
    _inline_footnotes(root)
    _printed_urls(root)
    _mark_long_boxes(root)


def _questions(root: etree.Element, id_prefix: str, answers: list[tuple[str, etree.Element]],
               label: str) -> None:
    """Number question boxes; move their answers out, leaving a page reference behind."""
    number = 0
    for box in list(root.iter("div")):
        if not _is_callout(box, "question"):
            continue
        number += 1
        question_id = f"{id_prefix}--question-{number}"
        box.set("id", question_id)
        for answer in [child for child in box if _is_callout(child, "answer")]:
            box.remove(answer)
            answers.append((question_id, answer))
            reference = etree.SubElement(box, "p", {"class": "answer-ref"})
            link = etree.SubElement(reference, "a", {"href": f"#{question_id}-answer"})
            link.text = label


def _is_callout(element: etree.Element, kind: str) -> bool:
    classes = (element.get("class") or "").split()
    return element.tag == "div" and "admonition" in classes and kind in classes


def _figures(root: etree.Element, resolve_image: ImageResolver) -> None:
    for parent in root.iter():
        for index, child in enumerate(list(parent)):
            if child.tag == "p" and len(child) == 1 and child[0].tag == "img" \
                    and not (child.text or "").strip() and not (child[0].tail or "").strip():
                parent[index] = _figure(child[0], child.tail, resolve_image)
    for img in root.iter("img"):  # inline images that stay inline
        if not (img.get("src") or "").startswith((PROJECT_URL, DEFAULTS_URL)):  # done
            _point_at_file(img, resolve_image)


def _figure(img: etree.Element, tail: str | None, resolve_image: ImageResolver) -> etree.Element:
    figure = etree.Element("figure", {"class": "figure"})
    figure.tail = tail
    caption = img.attrib.pop("title", None)
    label = img.attrib.pop("data-name", None)  # "Figure 2.1", from source/numbering
    _point_at_file(img, resolve_image)
    figure.append(img)
    if caption or label:
        figcaption = etree.SubElement(figure, "figcaption")
        figcaption.text = caption
        if label:
            _label(figcaption, label, "figure-label")
    return figure


def _table_labels(root: etree.Element) -> None:
    """A numbered table's caption starts with its label ("Table 3.2")."""
    for table in root.iter("table"):
        label = table.attrib.pop("data-name", None)
        if label:
            caption = table.find("caption")
            if caption is None:
                caption = etree.Element("caption")
                table.insert(0, caption)
            _label(caption, label, "table-label")


def _label(caption: etree.Element, label: str, kind: str) -> None:
    span = etree.Element("span", {"class": kind})
    span.text = label
    span.tail = (" " if caption.text or len(caption) else "") + (caption.text or "")
    caption.text = None
    caption.insert(0, span)


def _point_at_file(img: etree.Element, resolve_image: ImageResolver) -> None:
    url = resolve_image(img.get("src") or "")
    if url is not None:
        img.set("src", url)


def _inline_footnotes(root: etree.Element) -> None:
    holder = next((d for d in root.iter("div") if "footnote" in (d.get("class") or "")), None)
    if holder is None:
        return
    notes: dict[str, etree.Element] = {}
    for li in holder.iter("li"):
        note = etree.Element("span", {"class": "footnote"})
        for child in li:
            for backref in [a for a in child.iter("a") if "footnote-backref" in
                            (a.get("class") or "")]:
                _remove(child, backref)
            _append_inline(note, child)
        notes[(li.get("id") or "").removeprefix("fn:")] = note
    _remove(root, holder)
    for parent in root.iter():
        for index, child in enumerate(list(parent)):
            if child.tag == "sup" and (child.get("id") or "").startswith("fnref"):
                key = (child.get("id") or "").removeprefix("fnref:").split(":")[0]
                replacement = notes.get(key)
                if replacement is not None:
                    replacement.tail = child.tail
                    parent[index] = replacement


def _append_inline(target: etree.Element, paragraph: etree.Element) -> None:
    """Copy a paragraph's content into an inline element, paragraphs joined by a space."""
    if len(target) or target.text:
        _append_text(target, " ")
    _append_text(target, paragraph.text or "")
    for child in paragraph:
        target.append(child)


def _append_text(target: etree.Element, text: str) -> None:
    if len(target):
        target[-1].tail = (target[-1].tail or "") + text
    else:
        target.text = (target.text or "") + text


def _remove(root: etree.Element, element: etree.Element) -> None:
    for parent in root.iter():
        children = list(parent)
        if element in children:
            index = children.index(element)
            if element.tail:
                previous = children[index - 1] if index else None
                if previous is not None:
                    previous.tail = (previous.tail or "") + element.tail
                else:
                    parent.text = (parent.text or "") + element.tail
            parent.remove(element)
            return


def _printed_urls(root: etree.Element) -> None:
    in_boxes = _printed_in_boxes(root)
    for parent in root.iter():
        for index, child in reversed(list(enumerate(parent))):
            href = child.get("href")
            if child.tag != "a" or not is_external(href) or id(child) in in_boxes:
                continue
            text = "".join(child.itertext()).strip()
            if short_url(href) == text or href == text:
                continue  # the URL is already the text
            note = etree.Element("span", {"class": "footnote url-note"})
            note.text = short_url(href)
            note.tail, child.tail = child.tail, None
            parent.insert(index + 1, note)


def _printed_in_boxes(root: etree.Element) -> set[int]:
    """In further-reading boxes, print each link's URL on a line of its own under the item."""
    done: set[int] = set()
    for box in root.iter("div"):
        if "more" not in (box.get("class") or "").split():
            continue
        for item in box.iter("li"):
            links = [a for a in item.iter("a") if is_external(a.get("href"))]
            for link in links:
                href = link.get("href") or ""
                if href.startswith(("http://", "https://")):
                    code = etree.Element("img", {"class": "qr", "src": qr_svg_uri(href),
                                                 "alt": f"QR code for {short_url(href)}"})
                    item.insert(0, code)
                url = etree.SubElement(item, "span", {"class": "printed-url"})
                url.text = short_url(href)
                done.add(id(link))
            _beside_codes(item)
        for link in box.iter("a"):  # links outside list items
            if is_external(link.get("href")) and id(link) not in done:
                url = etree.SubElement(link, "span", {"class": "printed-url"})
                url.text = short_url(link.get("href") or "")
                done.add(id(link))
    return done


def _beside_codes(item: etree.Element) -> None:
    """The item's text in one block and its QR codes beside it (a flex row, not floats:
    WeasyPrint 70 leaves floats behind when a box they are in moves to the next page)."""
    codes = [c for c in item if c.tag == "img" and "qr" in (c.get("class") or "").split()]
    if not codes:
        return
    entry = etree.Element("div", {"class": "more-entry"})
    entry.text, item.text = item.text, None
    for child in list(item):
        item.remove(child)
        if child not in codes:
            entry.append(child)
    item.append(entry)
    item.extend(codes)
    item.set("class", "with-qr")


def _mark_long_boxes(root: etree.Element) -> None:
    for box in root.iter("div"):
        if "admonition" in (box.get("class") or "").split() and _box_lines(box) > HALF_PAGE_LINES:
            box.set("class", f"{box.get('class')} long")


def _box_lines(element: etree.Element) -> float:
    """Lines of text the element takes, roughly, counting space between blocks as lines."""
    blocks = [child for child in element if child.tag in BLOCKS]
    if blocks:
        return sum(_box_lines(child) for child in blocks) + 0.3
    text = " ".join("".join(element.itertext()).split())
    lines = max(1, -(-len(text) // BOX_LINE_CHARS)) + 0.4
    has_qr = any("qr" in (img.get("class") or "").split() for img in element.iter("img"))
    return max(lines, QR_LINES) if has_qr else lines


BLOCKS = {"p", "ul", "ol", "li", "div", "pre", "table", "tr", "blockquote", "figure", "dl", "dt",
          "dd", "h3", "h4"}
QR_LINES = 4  # a further-reading item beside its 19 mm QR code
