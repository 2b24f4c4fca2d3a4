"""Nested lists indented as GitHub renders them (two spaces, or up to the item's text).

Python-Markdown nests a list, or keeps a paragraph or fenced code in an item, only when it is
indented by four spaces; CommonMark (GitHub, Pandoc, MyST) by as many as the item's marker
takes ("- " two, "1. " three). This rewrites each line inside a list item to four spaces a
level before the parse, keeping any indent beyond the item's text; fenced code moves with its
opening line. Four-space Markdown comes out unchanged.
"""

from __future__ import annotations

import re

from handbook.source.dialects.containers import CODE_FENCE

MARKER = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d{1,9}[.)])(?P<space> +|$)")


def normalise(lines: list[str]) -> list[str]:
    out: list[str] = []
    columns: list[int] = []  # the text column of each open list item, outermost first
    fence: tuple[str, int] | None = None  # an open code fence and how far it was moved
    blank = False
    for line in lines:
        if fence is not None:
            out.append(_shift(line, fence[1]))
            match = CODE_FENCE.match(line)
            if match and match["fence"][0] == fence[0][0] and len(match["fence"]) >= len(fence[0]) \
                    and not match["info"].strip():
                fence = None
            continue
        if not line.strip():
            out.append(line)
            blank = True
            continue
        indent = len(line) - len(line.lstrip(" "))
        marker = MARKER.match(line)
        if not (columns and indent < columns[-1] and not blank and marker is None):
            while columns and indent < columns[-1]:  # not lazy continuation: close items
                columns.pop()
        extra = indent - columns[-1] if columns and indent >= columns[-1] else 0
        target = 4 * len(columns) + (0 if marker is not None else extra)
        moved = line if not columns else " " * target + line.lstrip(" ")
        out.append(moved)
        if marker is not None:
            width = len(marker["marker"]) + max(1, min(len(marker["space"]), 4))
            columns.append(indent + width)
        code = CODE_FENCE.match(line)
        if code is not None:
            fence = (code["fence"], target - indent if columns else 0)
        blank = False
    return out


def _shift(line: str, by: int) -> str:
    if by > 0:
        return " " * by + line if line.strip() else line
    if by < 0:
        strip = min(-by, len(line) - len(line.lstrip(" ")))
        return line[strip:]
    return line
