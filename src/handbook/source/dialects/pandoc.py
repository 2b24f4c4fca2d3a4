"""Pandoc's Markdown where Python-Markdown reads it otherwise: image attributes (a width in %,
`fig-alt`, wrapped over lines), link attributes, bracketed spans `[text]{.class}`, inline
notes `^[…]`, fancy list markers (`a.`, `(b)`, `iv)`), and the lines that start a block."""

from __future__ import annotations

import re

from handbook.source.dialects.attributes import ALT, pandoc_attributes
from handbook.source.dialects.shortcodes import keys

IMAGE_ATTRS = re.compile(rf"(?P<image>!\[(?P<alt>{ALT})\]\((?P<src>[^)\s]+)"
                         r"(?P<title>\s+\"[^\"]*\")?\))\{(?P<attrs>[^}]*)\}")
LINK_ATTRS = re.compile(r"(?P<link>(?<!!)\[[^\]]*\]\([^)]*\))\{[^}]*\}")
SPAN = re.compile(r"(?<![\]!\\])\[(?P<text>[^\]\[]+)\]\{(?P<attrs>[^}]*)\}")
INLINE_NOTE = re.compile(r"\^\[")


def inline_notes(text: str, notes: list[str]) -> str:
    """`^[note text]` → `[^qN]`, the note itself at the end of the chapter."""
    out, position = [], 0
    for match in INLINE_NOTE.finditer(text):
        if match.start() < position:
            continue
        depth, end = 0, None
        for index in range(match.end() - 1, len(text)):
            depth += {"[": 1, "]": -1}.get(text[index], 0)
            if depth == 0:
                end = index
                break
        if end is None:
            break
        label = f"q{len(notes) + 1}"
        notes.append(f"[^{label}]: {text[match.end():end]}")
        out.append(text[position:match.start()] + f"[^{label}]")
        position = end + 1
    return "".join(out) + text[position:]


FANCY = re.compile(r"^(?P<indent>\s*)\(?(?P<marker>[a-z]|[A-Z](?=[.)]\s\s|\)\s)|"
                   r"[ivxlc]{1,5}|[IVXLC]{1,5}(?=[.)]\s\s|\)\s))[.)](?P<space>\s+)(?=\S)")


def fancy_list(text: str, previous: str) -> str:
    """Pandoc's `a.`, `(b)`, `iv)` and `B.  ` list items as numbered ones, which
    Python-Markdown reads (the letters become numbers)."""
    match = FANCY.match(text)
    if match is None or (previous.strip() and not FANCY.match(previous)
                         and not re.match(r"^\s*(?:\d+[.)]|[-*+])\s", previous)):
        return text
    return f"{match['indent']}1.{match['space']}{text[match.end():]}"


def starts_block(text: str) -> bool:
    """A line that ends a paragraph: a heading, fence, div, list item, table or quote."""
    return re.match(r"^\s*(?:#{1,6}\s|`{3}|~{3}|:{3}|[-*+]\s|\d+[.)]\s|\||>)", text) is not None


def quote(text: str) -> str:
    return text.replace('"', "\u201d")


def image_attributes(match: re.Match[str]) -> str:
    """Pandoc image attributes as attr_list takes them: a width in % as a style."""
    ident, classes, values = pandoc_attributes("{" + match["attrs"] + "}")
    parts = [f"#{ident}"] if ident else []
    parts += [f".{c}" for c in classes]
    width = values.pop("width", "")
    if width.endswith("%"):
        values["style"] = f"width: {width}"
    alt = values.pop("fig-alt", None)
    parts += [f'{k}="{quote(v)}"' for k, v in values.items()
              if re.fullmatch(r"[\w-]+", k) and k not in ("height", "fig-align")]
    title, text = match["title"] or "", plain(match["alt"])
    if not title and text and ((ident and ident.startswith("fig-")) or alt is not None):
        title = f' "{quote(text)}"'  # Quarto: the alt is the caption (`fig-alt` the alt)
    image = f"![{text if alt is None else alt}]({match['src']}{title})"
    return f"{image}{{{' '.join(parts)}}}" if parts else image


def plain(text: str) -> str:
    """Alt text as text: links as their words, no emphasis or code marks, on one line."""
    text = re.sub(r"\[([^\[\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(?<!\w)([*_]{1,2}|`)(\S(?:.*?\S)?)\1(?!\w)", r"\2", text, flags=re.S)
    return " ".join(text.replace("[", "(").replace("]", ")").split())


def span(match: re.Match[str]) -> str:
    _, classes, _ = pandoc_attributes("{" + match["attrs"] + "}")
    if "kbd" in classes:
        return keys(match["text"])
    return match["text"]

