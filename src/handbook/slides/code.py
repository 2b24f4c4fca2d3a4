"""Code slides: a code block set in a monospace font, highlighted, measured to fit.

Planned like text (`textfit`'s approach: the largest size that fits, down to a floor, else
the lines continue on a next slide); a section's short blocks in one language share a slide
while they fit at 16 pt; drawn in the body placeholder, one paragraph a line, one
run per Pygments token in the style's colours. Output blocks (```` ```output ````) get no
slide: they go into the notes of the code slide before them.
"""

from __future__ import annotations

import math
from dataclasses import replace

from handbook.model import Code
from handbook.slides.spec import SlideSpec
from handbook.slides.textfit import Box

CODE_FONT = "Consolas"  # in Office everywhere; a wider monospace face stands in elsewhere
CODE_PT = 24.0  # the largest size; font_scale is relative to it
MIN_CODE_PT = 14.0  # nothing on a slide is smaller
JOINED_PT = 16.0  # blocks share a slide only while they are this large
CHAR_EM = 0.6  # advance of a monospace glyph: Consolas 0.55, DejaVu/Courier/Menlo 0.6
LINE_EM = 1.2
TAB = 4


def code_slides(code: Code, title: str, box: Box) -> list[SlideSpec]:
    """One slide, or a few continued ones, that show every line of CODE."""
    lines = code.text.expandtabs(TAB).split("\n") or [""]
    chunks = _chunks(lines, box)
    slides = []
    for chunk in chunks:
        size = _size(chunk, box) or MIN_CODE_PT
        text = "\n".join(chunk)
        slides.append(SlideSpec("code", title, code=Code(text, code.language), notes=text,
                                font_scale=size / CODE_PT))
    return slides


def add_code(slides: list[SlideSpec], code: Code, title: str, box: Box,
             labels: dict[str, str]) -> None:
    """CODE's slides after SLIDES; output goes into the notes of the code slide before it."""
    from handbook.source.highlight import is_output

    if not is_output(code.language):
        if not _joined(slides, code, title, box):
            slides.extend(code_slides(code, title, box))
    elif slides and slides[-1].kind == "code":
        label = labels.get("output", "Output")
        slides[-1] = replace(slides[-1], notes=f"{slides[-1].notes}\n\n{label}:\n{code.text}")


def _joined(slides: list[SlideSpec], code: Code, title: str, box: Box) -> bool:
    """Put CODE on the section's last code slide if it still fits there at JOINED_PT or
    more: a run of short commands reads as one slide, not one slide each."""
    last = slides[-1] if slides else None
    if last is None or last.kind != "code" or last.title != title or last.code is None \
            or last.code.language != code.language:
        return False
    text = f"{last.code.text}\n\n{code.text}"
    size = _size(text.expandtabs(TAB).split("\n"), box)
    if size is None or size < JOINED_PT:
        return False
    slides[-1] = replace(last, code=Code(text, code.language), font_scale=size / CODE_PT,
                         notes=f"{last.notes}\n\n{code.text}")
    return True


def _rows(lines: list[str], box: Box, size: float) -> int:
    per_line = max(1, int(box.text_width / (size * CHAR_EM)))
    return sum(max(1, math.ceil(len(line) / per_line)) for line in lines)


def _size(lines: list[str], box: Box) -> float | None:
    """The largest whole point size from CODE_PT down to MIN_CODE_PT at which LINES fit."""
    size = CODE_PT
    while size >= MIN_CODE_PT:
        if _rows(lines, box, size) * size * LINE_EM <= box.text_height:
            return size
        size -= 1
    return None


def _chunks(lines: list[str], box: Box) -> list[list[str]]:
    """Lines split into slides that fit at the smallest size, then evened out."""
    if _size(lines, box) is not None:
        return [lines]
    chunks: list[list[str]] = [[]]
    for line in lines:
        if chunks[-1] and _size([*chunks[-1], line], box) is None:
            chunks.append([])
        chunks[-1].append(line)
    per = -(-len(lines) // len(chunks))
    even = [lines[i:i + per] for i in range(0, len(lines), per)]
    return even if all(_size(c, box) is not None for c in even) else chunks


def draw_code(slide, spec: SlideSpec, body) -> None:
    """The code in BODY (the layout's text placeholder, else a text box): no bullets,
    monospace, coloured tokens."""
    from pptx.util import Pt

    from handbook.slides.boxes import no_bullet

    if spec.code is None:
        return
    frame = body.text_frame
    frame.word_wrap = True
    size = Pt(round(CODE_PT * spec.font_scale))
    for index, tokens in enumerate(token_lines(spec.code)):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        no_bullet(paragraph)
        paragraph.space_before = Pt(0)
        paragraph.line_spacing = 1.0
        for text, colour, bold, italic in tokens or [("", None, False, False)]:
            run = paragraph.add_run()
            run.text = text
            run.font.name, run.font.size = CODE_FONT, size
            if colour:
                from pptx.dml.color import RGBColor

                run.font.color.rgb = RGBColor.from_string(colour)
            run.font.bold = bold or None
            run.font.italic = italic or None


def token_lines(code: Code) -> list[list[tuple[str, str | None, bool, bool]]]:
    """Per line, the (text, RRGGBB, bold, italic) runs of Pygments' tokens."""
    from pygments import lex
    from pygments.styles import get_style_by_name

    from handbook.source.highlight import CODE_STYLE, lexer_for

    lexer = lexer_for(code.language)
    style = get_style_by_name(CODE_STYLE)
    tokens = lex(code.text, lexer) if lexer is not None else [(None, code.text)]
    lines: list[list[tuple[str, str | None, bool, bool]]] = [[]]
    for kind, value in tokens:
        while kind is not None and kind.parent is not None and not style.styles_token(kind):
            kind = kind.parent  # a token the style does not name looks like its parent
        look = style.style_for_token(kind) if kind is not None else {}
        for position, part in enumerate(value.split("\n")):
            if position:
                lines.append([])
            if part:
                lines[-1].append((part, look.get("color") or None, bool(look.get("bold")),
                                  bool(look.get("italic"))))
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines
