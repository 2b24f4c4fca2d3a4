"""Boxes however they are written, rewritten as PyMdown Blocks before Python-Markdown parses.

Pandoc/Quarto fenced divs (`::: name`, `:::: {.callout-tip title="…"}`, nested, any number of
colons), GitHub alerts (`> [!NOTE]`), MyST directives (```` ```{note} ````, `:::{admonition}`)
become `/// admonition` or `/// html | div` blocks (pymdownx.blocks), which give the same
`<div class="admonition KIND">` as `!!! kind`. Fenced code is passed through untouched. Lines
are scanned once; each box is a `Box` whose fence length is chosen from how deeply boxes nest
inside it, as PyMdown Blocks needs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from handbook.source.dialects import myst
from handbook.source.dialects.attributes import image_attributes, pandoc_attributes
from handbook.source.dialects.embeds import embed
from handbook.source.dialects.kinds import LAYOUT_CLASSES, kind_for_title, kind_of

Report = Callable[[int, str], None]  # (line of the chapter body, message)
Line = tuple[int, str]

CODE_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
COLON_FENCE = re.compile(r"^ {0,3}(?P<fence>:{3,})\s*(?P<rest>.*?)\s*:*\s*$")
ALERT = re.compile(r"^ {0,3}>\s?\[!(?P<kind>[A-Za-z]+)\][+-]?\s*(?P<title>.*)$")
QUOTED = re.compile(r"^ {0,3}>\s?(.*)$")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
LABEL = re.compile(r"^ {0,3}\((?P<label>[^()\s]+)\)=\s*$")  # MyST: (label)= before a heading
ADMONITION = re.compile(r"^(?:!!!|\?\?\?\+?)\s*[\w-]")  # `!!! kind`, `??? kind`


@dataclass
class Box:
    """A box in the source: a callout (`kind`) or a plain div (`kind` None)."""

    kind: str | None
    title: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[str | Box] = field(default_factory=list)

    def height(self) -> int:
        return 1 + max((c.height() for c in self.children if isinstance(c, Box)), default=0)

    def lines(self) -> list[str]:
        fence = "/" * (2 + self.height())
        if self.kind is None:
            head = [f"{fence} html | div"]
        else:
            head = [f"{fence} admonition" + ("" if self.title is None else f" | {self.title}"),
                    f"    type: {self.kind}"]
        if self.attrs:
            head.append(f"    attrs: {json.dumps(self.attrs, ensure_ascii=False)}")
        body = [line for child in self.children
                for line in (child.lines() if isinstance(child, Box) else [child])]
        return ["", *head, "", *body, "", fence, ""]


class Scanner:
    """Finds every box in a chapter body; `report` hears what could not be kept as written."""

    def __init__(self, report: Report):
        self.report = report

    def rewrite(self, lines: list[str], first_line: int = 1) -> list[str]:
        numbered = list(enumerate(lines, start=first_line))
        return [line for item in self.parse(numbered)
                for line in (item.lines() if isinstance(item, Box) else [item])]

    def parse(self, lines: list[Line]) -> list[str | Box]:
        out: list[str | Box] = []
        index = 0
        while index < len(lines):
            text = lines[index][1]
            for handler in (self._code, self._colons, self._alert, self._label,
                            self._admonition, self._embed):
                taken = handler(lines, index, out)
                if taken:
                    index += taken
                    break
            else:
                out.append(image_attributes(text))
                index += 1
        return out

    # fenced code, and MyST directives written as code fences --------------------------
    def _code(self, lines: list[Line], index: int, out: list) -> int:
        match = CODE_FENCE.match(lines[index][1])
        if match is None:
            return 0
        fence, info = match["fence"], match["info"].strip()
        end = _fence_end(lines, index, fence)
        directive = myst.DIRECTIVE.match(info)
        if directive is None or match["indent"].strip(" ") or len(match["indent"]) > 3:
            out.extend(text for _, text in lines[index:end + 1])
            return end + 1 - index
        body = lines[index + 1:end]
        out.extend(myst.directive(directive["name"], directive["arg"].strip(), body,
                                  lines[index][0], self))
        return end + 1 - index

    # Pandoc fenced divs and MyST colon fences -----------------------------------------
    def _colons(self, lines: list[Line], index: int, out: list) -> int:
        number, text = lines[index]
        match = COLON_FENCE.match(text)
        if match is None:
            return 0
        rest = match["rest"]
        if not rest:
            self.report(number, f"'{text.strip()}' closes no open fenced div; left out")
            return 1
        end = _colon_end(lines, index)
        if end == len(lines):
            self.report(number, f"fenced div '{text.strip()}' is never closed; add a ':::' "
                        "line where it ends")
        body = lines[index + 1:end]
        directive = myst.DIRECTIVE.match(rest)
        if directive is not None:
            out.extend(myst.directive(directive["name"], directive["arg"].strip(), body,
                                      number, self))
        else:
            out.append(self.fenced_div(rest, body, number))
        return min(end, len(lines) - 1) + 1 - index

    def fenced_div(self, attributes: str, body: list[Line], number: int) -> Box:
        ident, classes, values = pandoc_attributes(attributes)
        attrs = {k: v for k, v in values.items() if k not in ("title", "collapse",
                                                              "appearance", "icon")}
        if ident:
            attrs["id"] = ident
        kinds = [k for k in (kind_of(c) for c in classes) if k]
        title = values.get("title")
        children = self.parse(body)
        if not kinds:
            unknown = [c for c in classes if c not in LAYOUT_CLASSES]
            if not unknown:
                if classes:
                    attrs["class"] = " ".join(classes)
                return Box(None, attrs=attrs, children=children)
            self.report(number, f"fenced div class '{unknown[0]}' is not a kind of box "
                        "handbook knows; printed as a plain note box")
            attrs["class"] = " ".join(unknown)
            kinds = ["note"]
        if title is None:
            title, children = _heading_title(children)
        extra = [c for c in classes if kind_of(c) != kinds[0]]
        kinds[0] = kind_for_title(kinds[0], title)  # "Instructor note", "Solution"
        if extra:
            attrs["class"] = " ".join(extra)
        return Box(kinds[0], title, attrs, children)

    # GitHub alerts ----------------------------------------------------------------------
    def _alert(self, lines: list[Line], index: int, out: list) -> int:
        match = ALERT.match(lines[index][1])
        if match is None:
            return 0
        end = index + 1
        while end < len(lines) and QUOTED.match(lines[end][1]):
            end += 1
        body = [(n, QUOTED.match(t).group(1)) for n, t in lines[index + 1:end]]
        kind = kind_of(match["kind"]) or "note"
        out.append(Box(kind, match["title"].strip() or None, {}, self.parse(body)))
        return end - index

    # Python-Markdown admonitions: their indented body may hold boxes of other dialects ------
    def _admonition(self, lines: list[Line], index: int, out: list) -> int:
        """`!!! question` with a `::: notes` inside: the body is scanned like the top level
        and indented again, so that the admonition keeps what it holds."""
        if ADMONITION.match(lines[index][1]) is None:
            return 0
        end = index + 1
        while end < len(lines) and (not lines[end][1].strip()
                                    or lines[end][1].startswith("    ")):
            end += 1
        body = [(number, text[4:]) for number, text in lines[index + 1:end]]
        inner = [line for item in self.parse(body)
                 for line in (item.lines() if isinstance(item, Box) else [item])]
        out.append(lines[index][1])
        out.extend(f"    {line}" if line.strip() else "" for line in inner)
        return end - index


    def _embed(self, lines: list[Line], index: int, out: list) -> int:
        taken, boxes = embed(lines, index, self)
        out.extend(boxes)
        return taken

    def _label(self, lines: list[Line], index: int, out: list) -> int:
        """`(label)=` names the heading after it: `## Heading {: #label }`."""
        match = LABEL.match(lines[index][1])
        if match is None:
            return 0
        following = next((i for i in range(index + 1, len(lines)) if lines[i][1].strip()), None)
        if following is not None and HEADING.match(lines[following][1].strip()):
            number, heading = lines[following]
            lines[following] = (number, f"{heading.rstrip()} {{: #{match['label']} }}")
        else:
            self.report(lines[index][0], f"MyST label '({match['label']})=' names no heading; "
                        "put it on the line before one")
        return 1


def _fence_end(lines: list[Line], index: int, fence: str) -> int:
    """The index of the line closing the code fence opened at INDEX (or the last line)."""
    for end in range(index + 1, len(lines)):
        match = CODE_FENCE.match(lines[end][1])
        if match and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence) \
                and not match["info"].strip():
            return end
    return len(lines) - 1


def _colon_end(lines: list[Line], index: int) -> int:
    """The index of the `:::` line closing the div opened at INDEX, nested divs and code
    skipped (len(lines) if it is never closed)."""
    depth, position = 1, index + 1
    while position < len(lines):
        text = lines[position][1]
        code = CODE_FENCE.match(text)
        if code is not None:
            position = _fence_end(lines, position, code["fence"]) + 1
            continue
        match = COLON_FENCE.match(text)
        if match is not None:
            depth += 1 if match["rest"] else -1
            if depth == 0:
                return position
        position += 1
    return len(lines)


def _heading_title(children: list[str | Box]) -> tuple[str | None, list[str | Box]]:
    """Quarto takes a callout's title from a heading on its first line."""
    for position, child in enumerate(children):
        if isinstance(child, Box) or child.strip():
            if isinstance(child, str) and (found := HEADING.match(child.strip())):
                return found.group(1), children[position + 1:]
            break
    return None, children
