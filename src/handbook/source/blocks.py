"""Turn the captured Python-Markdown tree into model blocks and sections. Pure functions."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from handbook.model import (
    Block,
    Callout,
    Code,
    Definition,
    DefinitionList,
    Image,
    Inline,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Section,
    Span,
    Subheading,
    Table,
    plain,
)
from handbook.source.formulas import is_math, tex_of

TextCleaner = Callable[[str], str]
ImageResolver = Callable[[str], Path | None]
CodeSplitter = Callable[[str | None], tuple[str, list[tuple[str, str | None]]]]
_SKIPPED = {"hr", "script", "style", "iframe", "object"}
_ITEM_BLOCKS = {"div", "pre", "table", "blockquote", "dl"}  # blocks a list item may hold
_PLAIN = Span("")
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


@dataclass(frozen=True)
class TreeReader:
    """Reads one chapter's tree; `clean` resolves placeholders, `image` resolves image paths."""

    clean: TextCleaner
    image: ImageResolver
    split_code: CodeSplitter = lambda text: (text or "", [])  # fenced code's placeholders

    # inline ---------------------------------------------------------------------------
    def spans(self, element: etree.Element, style: Span = _PLAIN) -> Inline:
        out: list[Span] = []
        self._add(out, element.text, style)
        for child in element:
            out.extend(self._child_spans(child, style))
            self._add(out, child.tail, style)
        return tuple(out)

    def _child_spans(self, child: etree.Element, style: Span) -> Inline:
        tag = child.tag
        if tag == "sup" and (child.get("id") or "").startswith("fnref"):
            return ()  # footnote call: the note itself is print-only
        if tag in ("strong", "b"):
            return self.spans(child, _with(style, bold=True))
        if tag in ("em", "i"):
            return self.spans(child, _with(style, italic=True))
        if tag == "code":  # its text is escaped once more than other text (code_escape)
            text = html.unescape(self.clean("".join(child.itertext())))
            return (_with(style, text=text, code=True),) if text else ()
        if tag == "a":
            return self.spans(child, _with(style, href=child.get("href")))
        if tag == "br":
            return (_with(style, text=" "),)
        if is_math(child):  # slides and notes show the TeX (print typesets it)
            return (_with(style, text=tex_of(child)),)
        if tag in ("img", *_SKIPPED):
            return ()
        return self.spans(child, style)

    def _add(self, out: list[Span], text: str | None, style: Span) -> None:
        # a source wrapped at 72 columns: its line breaks and indents are one space
        text = _LINE_BREAK.sub(" ", self.clean(text or ""))
        if text:
            out.append(_with(style, text=text))

    # blocks ---------------------------------------------------------------------------
    def blocks(self, parent: etree.Element) -> list[Block]:
        result: list[Block] = []
        for child in parent:
            result.extend(self.block(child))
        return result

    def block(self, el: etree.Element) -> list[Block]:
        tag, classes = el.tag, (el.get("class") or "").split()
        if tag == "p":
            return self._paragraph(el)
        if tag in ("ul", "ol"):
            return [self.list_block(el)]
        if tag == "table":  # its pictures get slides of their own, after it
            return [self.table(el), *(i for i in map(self.image_block, el.iter("img")) if i)]
        if tag == "blockquote":
            return [Quote(tuple(self.blocks(el)))]
        if tag == "div" and "admonition" in classes:
            return [self.callout(el, classes)]
        if tag == "div" and "footnote" in classes:
            return []
        if tag == "div" and is_math(el):
            return [Paragraph((Span(tex_of(el)),))]
        if tag == "pre":  # indented code (fenced code is a placeholder: see codes())
            return [Code(html.unescape(self.clean("".join(el.itertext()))).strip("\n"))]
        if tag == "dl":
            return [self.definitions(el)]
        if tag in ("h3", "h4", "h5", "h6"):
            return [Subheading(self.spans(el), int(tag[1]))]
        if tag in _SKIPPED:
            return []
        if len(el):
            return self.blocks(el)
        spans = self.spans(el)
        return [Paragraph(spans)] if plain(spans) else []

    def _paragraph(self, el: etree.Element) -> list[Block]:
        codes = self.codes(el)
        images = list(el.iter("img"))  # alone, or inside a link
        if len(images) == 1 and not plain(self.spans(el)):
            image = self.image_block(images[0])
            return ([image] if image else []) + codes
        spans = self.spans(el)
        return ([Paragraph(spans)] if plain(spans) else []) + codes

    def codes(self, el: etree.Element) -> list[Block]:
        """The fenced code in an element's own text (a fence right after a text line)."""
        texts = [el.text, *(child.tail for child in el)]
        return [Code(text, language) for part in texts for text, language in
                self.split_code(part)[1]]

    def image_block(self, img: etree.Element) -> Image | None:
        source = img.get("src") or ""
        path = self.image(source)
        if path is None:
            return None
        alt = " ".join(self.clean(img.get("alt") or "").split())  # alt text wrapped over lines
        title = " ".join(self.clean(img.get("title") or "").split())
        ident = img.get("id") or ""
        if not title and ident.startswith("fig-"):  # Pandoc/Quarto: a figure's alt is its caption
            title = alt
        return Image(path, alt, title, source, ident, img.get("data-number") or "")

    def list_block(self, el: etree.Element) -> ListBlock:
        items = []
        for li in el.findall("li"):
            nested = tuple(self.list_block(c) for c in li if c.tag in ("ul", "ol"))
            spans: list[Span] = []
            inner: list[Block] = [*self.codes(li)]
            self._add(spans, li.text, Span(""))
            for child in li:
                if child.tag in ("ul", "ol"):
                    continue
                if child.tag in _ITEM_BLOCKS or (child.tag == "p" and not spans):
                    found = self.block(child)
                    if found and isinstance(found[0], Paragraph):  # the item's own text
                        spans.extend(found.pop(0).spans)
                    inner.extend(found)
                elif child.tag == "p":
                    paragraph = self._paragraph(child)
                    if paragraph and isinstance(paragraph[0], Paragraph):
                        spans.extend((Span(" "), *paragraph.pop(0).spans))
                    inner.extend(paragraph)
                elif child.tag == "img":
                    inner.extend(b for b in [self.image_block(child)] if b)
                else:
                    spans.extend(self._child_spans(child, Span("")))
                self._add(spans, child.tail, Span(""))
            items.append(ListItem(tuple(spans), nested, tuple(inner)))
        return ListBlock(el.tag == "ol", tuple(items))

    def table(self, el: etree.Element) -> Table:
        rows = el.iter("tr")
        header_row = next(rows, None)
        cells = list(header_row) if header_row is not None else []
        header = tuple(self.spans(c) for c in cells)
        align = tuple(_align(c) for c in cells)
        body = tuple(tuple(self.spans(c) for c in row) for row in rows)
        caption = el.find("caption")
        text = plain(self.spans(caption)) if caption is not None else ""
        return Table(header, body, align, text, el.get("data-number") or "", el.get("id") or "")

    def callout(self, el: etree.Element, classes: list[str]) -> Callout:
        kind = next((c for c in classes if c != "admonition"), "note")
        title = ""
        children = list(el)
        if children and "admonition-title" in (children[0].get("class") or ""):
            title = plain(self.spans(children[0]))
            children = children[1:]
        body: list[Block] = []
        for child in children:
            body.extend(self.block(child))
        return Callout(kind, title, tuple(body))

    def definitions(self, el: etree.Element) -> DefinitionList:
        items: list[Definition] = []
        for child in el:
            if child.tag == "dt":
                items.append(Definition(self.spans(child), ()))
            elif child.tag == "dd" and items:
                text = self._dd_spans(child)
                last = items[-1]
                items[-1] = Definition(last.term, (*last.definitions, text))
        return DefinitionList(tuple(items))

    def _dd_spans(self, dd: etree.Element) -> Inline:
        paragraphs = [c for c in dd if c.tag == "p"]
        if not paragraphs:
            return self.spans(dd)
        out: list[Span] = []
        for p in paragraphs:
            out.extend((*self.spans(p), Span(" ")))
        return tuple(out)


def _with(style: Span, **changes) -> Span:
    values = {"text": style.text, "bold": style.bold, "italic": style.italic,
              "code": style.code, "href": style.href, **changes}
    return Span(**values)


def _align(cell: etree.Element) -> str | None:
    style = cell.get("style") or cell.get("align") or ""
    for value in ("left", "center", "right"):
        if value in style:
            return value
    return None


def split_sections(
    root: etree.Element, reader: TreeReader, line_of: Callable[[str], int | None],
    id_prefix: str = "", slide_level: int = 2,
) -> tuple[str | None, tuple[Block, ...], tuple[Section, ...]]:
    """(first `#` heading, blocks before the first `##`, one Section per `##`); an id the
    author gave a heading gets ID_PREFIX, as the print tree's ids do. With SLIDE_LEVEL 3,
    `###` headings start sections too (as Pandoc's slide level does)."""
    starts = {f"h{level}" for level in range(2, max(2, slide_level) + 1)}
    title: str | None = None
    intro: list[Block] = []
    sections: list[tuple[str, str, list[Block], str | None]] = []
    for child in root:
        if child.tag == "h1":
            if title is None:
                title = plain(reader.spans(child))
            continue
        if child.tag in starts:
            layout = child.get("layout") or next(  # {: layout="Titel en object" }, by name
                (c.removeprefix("layout-") for c in (child.get("class") or "").split()
                 if c.startswith("layout-")), None)
            anchor = child.get("id") or ""
            if id_prefix and anchor and not anchor.startswith(f"{id_prefix}--"):
                anchor = f"{id_prefix}--{anchor}"
            sections.append((plain(reader.spans(child)), anchor, [], layout))
            continue
        target = sections[-1][2] if sections else intro
        target.extend(reader.block(child))
    built = tuple(
        Section(name, anchor, tuple(blocks), line_of("## " + name) or line_of("# " + name),
                layout)
        for name, anchor, blocks, layout in sections
    )
    return title, tuple(intro), built
