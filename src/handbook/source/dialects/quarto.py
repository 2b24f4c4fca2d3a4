"""Quarto's Markdown, rewritten before the parse as the rest of handbook reads it.

In order, line by line and never inside fenced code (except cells and shortcodes, which
Quarto reads there too): `{{< include >}}` files spliced in; executable cells as code
(`cells.py`); tabsets as one titled `tab` box per tab; `::: {#fig-x}` divs and
`![cap](x.png){#fig-x width=…}` (attributes wrapped onto the next line included) as images
with their id, caption and width; a `::: {#tbl-x}` div as its table followed by
`: Caption {#tbl-x}` (which `numbering` reads); a standalone `{{< video >}}` or video
`<iframe>` as a further-reading box; `<img>` of a project file as a Markdown image; the other
shortcodes (`shortcodes.py`); Pandoc's inline syntax (`pandoc.py`). The boxes that result are
fenced divs for `containers.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from handbook.source.dialects import cells as executable
from handbook.source.dialects.attributes import html_images, pandoc_attributes
from handbook.source.dialects.containers import CODE_FENCE, COLON_FENCE, _colon_end, _fence_end
from handbook.source.dialects.includes import Includes, without_front_matter
from handbook.source.dialects.pandoc import (
    IMAGE_ATTRS,
    LINK_ATTRS,
    SPAN,
    fancy_list,
    image_attributes,
    inline_notes,
    quote,
    span,
    starts_block,
)
from handbook.source.dialects.shortcodes import Shortcodes, arguments
from handbook.source.dialects.syntax import Syntax
from handbook.source.dialects.targets import Targets, iframe_video

Line = tuple[int, str]
Report = Callable[[int, str], None]

INCLUDE = re.compile(r"^\s*\{\{<\s*include\s+(?P<name>.+?)\s*>\}\}\s*$")
SHOWN_CELL = re.compile(r"^(\s*(?:`{3,}|~{3,})\s*)\{\{([^{}]*)\}\}(?=\s*$)")
VIDEO = re.compile(r"^\s*\{\{<\s*video\s+(?P<args>.+?)\s*>\}\}\s*$")


class Quarto:
    """Rewrites one chapter of a Quarto project (or any `.qmd` file)."""

    def __init__(self, syntax: Syntax, chapter: Path | None, front: dict[str, Any],
                 report: Report):
        self.syntax, self.chapter, self.report = syntax, chapter, report
        self.includes = Includes(syntax.root, syntax.site_root, report)
        self.shortcodes = Shortcodes(syntax.variables, syntax.metadata, front, report)
        frozen = executable.frozen_for(chapter, syntax.root, syntax.freeze) \
            if chapter is not None else executable.Frozen()
        self.cells = executable.Cells(frozen, report)
        self.targets = Targets(chapter, syntax.site_root, report)
        self.notes: list[str] = []  # inline footnotes, as reference footnotes at the end

    def run(self, lines: list[str], first_line: int = 1) -> list[str]:
        base = self.chapter.parent if self.chapter is not None else Path(".")
        numbered = self.included(list(enumerate(lines, start=first_line)), base, 0)
        out = self.blocks(numbered)
        self.cells.warn_missing()
        self.targets.finish()
        self.shortcodes.finish()
        return [*out, "", *self.notes] if self.notes else out

    # includes -------------------------------------------------------------------------
    def included(self, lines: list[Line], base: Path, depth: int) -> list[Line]:
        out: list[Line] = []
        fence: str | None = None
        for number, text in lines:
            code = CODE_FENCE.match(text)
            if code and (fence is None or (code["fence"].startswith(fence) and
                                           not code["info"].strip())):
                fence = code["fence"] if fence is None else None
            found = INCLUDE.match(text) if fence is None else None
            if found is None:
                out.append((number, text))
                continue
            name = found["name"].strip().strip("\"'")
            read = self.includes.read(name, [base], number, "include") \
                if depth < 8 else None
            if read is not None:
                path = self.includes.path(name, base)
                inner = [(number, t) for t in without_front_matter(read)]
                out.extend([(number, ""), *self.included(inner, path.parent, depth + 1),
                            (number, "")])
        return out

    # blocks ---------------------------------------------------------------------------
    def blocks(self, lines: list[Line]) -> list[str]:
        out: list[str] = []
        index = 0
        while index < len(lines):
            number, text = lines[index]
            if CODE_FENCE.match(text):
                end = _fence_end(lines, index, CODE_FENCE.match(text)["fence"])
                block = [t for _, t in lines[index:end + 1]]
                if executable.is_cell(text):
                    out.extend(self.blocks_of_text(self.cells.rewrite(block, number), number))
                else:  # a cell shown as it is written: "```{{r}}" is how Quarto says "```{r}"
                    out.extend(SHOWN_CELL.sub(r"\1{\2}", self.shortcodes.line(t, number,
                                                                               in_code=True))
                               for t in block)
                index = end + 1
                continue
            colons = COLON_FENCE.match(text)
            if colons and colons["rest"]:
                end = _colon_end(lines, index)
                out.extend(self.div(colons["fence"], colons["rest"], lines[index + 1:end],
                                    number))
                index = min(end, len(lines) - 1) + 1
                continue
            taken = self.paragraph(lines, index, out)
            if taken:
                index += taken
                continue
            previous = lines[index - 1][1] if index else ""
            out.extend(self.text(fancy_list(text, previous), number))
            index += 1
        return out

    def blocks_of_text(self, texts: list[str], number: int) -> list[str]:
        return self.blocks([(number, t) for t in texts])

    def div(self, fence: str, attributes: str, body: list[Line], number: int) -> list[str]:
        ident, classes, values = pandoc_attributes(attributes)
        if "panel-tabset" in classes:
            return [f"{fence} {attributes}", *self.tabs(body), fence]
        if ident and ident.startswith("fig-"):
            return self.figure(ident, values, body, number)
        if ident and ident.startswith("tbl-") and not classes:
            return self.table(ident, body)
        if "column" in classes and values.get("width"):
            attributes = re.sub(r"""\bwidth=("[^"]*"|'[^']*'|\S+?)(?=[\s}])""",
                                f'style="flex: 0 0 {values["width"]}"', attributes)
        return [f"{fence} {attributes}", *self.blocks(body), fence]

    def tabs(self, body: list[Line]) -> list[str]:
        """Each heading of the tabset's first heading level starts a titled `tab` box."""
        levels = [len(m.group(1)) for _, t in body if (m := re.match(r"^(#{1,6})\s", t))]
        if not levels:
            return self.blocks(body)
        level, out, open_tab = min(levels), [], False
        start = 0
        for position, (_, text) in enumerate(body):
            heading = re.match(rf"^#{{{level}}}\s+(.*?)\s*(?:\{{[^}}]*\}})?\s*$", text)
            if heading:
                out.extend(self.blocks(body[start:position]))
                out.extend([":::"] if open_tab else [])
                title = heading.group(1).replace('"', "'")
                out.extend(["", f'::: {{.tab title="{title}"}}', ""])
                open_tab, start = True, position + 1
        out.extend(self.blocks(body[start:]))
        return out + ([":::"] if open_tab else [])

    def table(self, ident: str, body: list[Line]) -> list[str]:
        """A table div: the table with its caption (the div's other text) as Pandoc writes
        it, `: Caption {#tbl-x}`, which source/numbering numbers."""
        table = [(n, t) for n, t in body if t.lstrip().startswith("|")]
        rest = [(n, t) for n, t in body if not t.lstrip().startswith("|")]
        caption = " ".join(t.strip() for _, t in rest if t.strip())
        if not table or not caption:
            return [f"::: {{#{ident}}}", *self.blocks(body), ":::"]
        return ["", *self.blocks(table), "", f": {caption} {{#{ident}}}", ""]

    def figure(self, ident: str, values: dict[str, str], body: list[Line],
               number: int) -> list[str]:
        """A figure div: its one image with the div's id and the last paragraph as caption."""
        text = "\n".join(t for _, t in body).strip()
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        images = [p for p in paragraphs if re.fullmatch(r"!\[.*\]\(.*\)(\{[^}]*\})?", p, re.S)]
        caption = " ".join(paragraphs[-1].split()) if paragraphs and \
            paragraphs[-1] not in images else ""
        if len(images) != 1:  # sub-figures, or a cell's output: a div that keeps the id
            return [f"::: {{#{ident}}}", *self.blocks(body), ":::"]
        found = re.match(r"!\[(?P<alt>.*)\]\((?P<src>[^)\s]+)[^)]*\)(?:\{(?P<attrs>[^}]*)\})?",
                         " ".join(images[0].split()), re.S)
        if found is None:
            return [f"::: {{#{ident}}}", *self.blocks(body), ":::"]
        alt = values.get("fig-alt") or found["alt"] or caption
        attrs = f"#{ident} {found['attrs'] or ''}".strip()
        line = f"![{alt}]({found['src']} \"{quote(caption or alt)}\"){{{attrs}}}"
        return ["", *self.image_line(line, number), ""]

    def paragraph(self, lines: list[Line], index: int, out: list[str]) -> int:
        """A paragraph with links or images, whose text and {attributes} may go on over
        several lines: web images left out, image attributes rewritten on one line, link
        attributes (a site's button classes) dropped."""
        number, text = lines[index]
        starts = index == 0 or not lines[index - 1][1].strip() or starts_block(text)
        if not starts:
            return 0
        end = index + 1
        while end < len(lines) and lines[end][1].strip() and not starts_block(lines[end][1]):
            end += 1
        if not any("](" in t for _, t in lines[index:end]):
            return 0
        joined = "\n".join(self.shortcodes.line(t, n) for n, t in lines[index:end])
        joined = IMAGE_ATTRS.sub(image_attributes, self.targets.paragraph(joined, number))
        joined = LINK_ATTRS.sub(lambda m: m["link"], joined)
        for offset, line in enumerate(joined.split("\n")):
            previous = lines[index - 1][1] if index and not offset else ""
            out.extend(self.text(fancy_list(line, previous) if not offset else line,
                                 number + offset))
        return end - index

    def image_line(self, text: str, number: int) -> list[str]:
        return self.text(IMAGE_ATTRS.sub(image_attributes, text), number)

    # inline ---------------------------------------------------------------------------
    def text(self, text: str, number: int) -> list[str]:
        video, frame = VIDEO.match(text), iframe_video(text)
        if video or frame:  # a link in a further-reading box: its QR code in print
            positional, named = arguments(video["args"]) if video else ([frame[1]], {})
            url = positional[0] if positional else named.get("src", "")
            title = named.get("title") or (frame[2] if frame else "Video")
            return ["", '::: {.more title="Video"}', f"- [{title}]({url})", ":::", ""]
        text = html_images(text, rooted=True)
        text = self.targets.line(self.shortcodes.line(text, number))
        if "](" in text and "){" in text:
            text = IMAGE_ATTRS.sub(image_attributes, text)
        text = re.sub(r"\s\{-\}\s*$", " {.unnumbered}", text)
        text = SPAN.sub(span, text)
        if "^[" in text:
            text = inline_notes(text, self.notes)
        if text.endswith("\\") and not text.endswith("\\\\"):
            text = text[:-1] + "  "  # Pandoc's hard line break
        return [text]
