"""Small drawing helpers: a shape's rectangle, text boxes where a layout has no placeholder,
bullets for them, autofit as PowerPoint records it, and a text colour readable on the layout."""

from __future__ import annotations

from handbook import palette
from handbook.slides.geometry import LayoutInfo, Rect
from handbook.slides.textfit import LevelStyle

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
READABLE = 3.0  # WCAG AA for large text: every slide text is 18 pt or more, captions aside


def rect_of(shape) -> Rect:
    return Rect(int(shape.left), int(shape.top), int(shape.width), int(shape.height))


def place(shape, rect: Rect) -> None:
    shape.left, shape.top, shape.width, shape.height = rect.left, rect.top, rect.width, \
        rect.height


def readable(info: LayoutInfo, title: bool, muted: bool = False) -> str | None:
    """The colour for text drawn outside a placeholder: the template's, when it reads on the
    layout's background; else white or ink, whichever does; None (the default) when the
    background is a picture."""
    chosen = info.title_colour if title else info.text_colour
    if muted and (info.background is None or
                  palette.contrast(palette.MUTED, info.background) >= 4.5):
        return palette.MUTED
    if info.background is None:
        return chosen
    if chosen and palette.contrast(chosen, info.background) >= READABLE:
        return chosen
    return max((palette.WHITE, palette.INK), key=lambda c: palette.contrast(c, info.background))


def text_box(slide, rect: Rect, name: str, colour: str | None):
    """A text box that keeps its size and place, its text in COLOUR."""
    box = slide.shapes.add_textbox(rect.left, rect.top, rect.width, rect.height)
    box.name = name
    fixed_box(box)
    if colour:
        _coloured(box, colour)
    return box


def _coloured(box, colour: str) -> None:
    """Every paragraph of the box in COLOUR: the body's list style carries it."""
    from lxml import etree

    lst = box.text_frame._txBody.find(f"{A}lstStyle")
    for level in range(1, 3):
        ppr = etree.SubElement(lst, f"{A}lvl{level}pPr")
        rpr = etree.SubElement(ppr, f"{A}defRPr")
        fill = etree.SubElement(rpr, f"{A}solidFill")
        etree.SubElement(fill, f"{A}srgbClr", val=colour)


def caption(slide, rect: Rect, text: str, name: str, size_pt: float,
            colour: str | None) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    label = text_box(slide, rect, name, None)
    paragraph = label.text_frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.CENTER
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size_pt)
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)


def fixed_box(box) -> None:
    """A text box that keeps its size and place (python-pptx's default shrinks around text)."""
    from pptx.enum.text import MSO_AUTO_SIZE

    box.text_frame.word_wrap = True
    box.text_frame.auto_size = MSO_AUTO_SIZE.NONE


def autofit(frame, scale: float) -> None:
    """Record the fit the way PowerPoint does: normAutofit, with fontScale if shrunk."""
    from pptx.enum.text import MSO_AUTO_SIZE

    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    frame.word_wrap = True
    if scale < 1.0:
        fit = frame._txBody.bodyPr.find(f"{A}normAutofit")
        fit.set("fontScale", str(round(scale * 100000)))


def no_bullet(paragraph) -> None:
    """A lone paragraph (a question) reads better without a bullet or hanging indent."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.set("marL", "0")
    ppr.set("indent", "0")
    ppr.insert(0, ppr.makeelement(f"{A}buNone", {}))


def bullet_char(paragraph, style: LevelStyle, scale: float) -> None:
    """A bullet and hanging indent in a text box (placeholders have the template's own), at
    the size the planner measured."""
    from pptx.util import Pt

    indent = int(Pt(18 + 18 * paragraph.level))
    ppr = paragraph._p.get_or_add_pPr()
    ppr.set("marL", str(indent))
    ppr.set("indent", str(-int(Pt(18))))
    ppr.insert(0, ppr.makeelement(f"{A}buChar", {"char": "•"}))
    paragraph.font.size = Pt(round(style.size_pt * scale * 2) / 2)
