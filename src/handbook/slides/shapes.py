"""Draw a designed slide's pieces as native, editable PowerPoint shapes: text boxes, filled
shapes with their text, the layout's own text placeholders, pictures (SVG with a PNG fallback),
tables and QR codes. Colours are the theme's (scheme colours), so a corporate template
restyles them; decorative shapes are marked decorative; every shape is added in reading order
after the title."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from handbook.links import allowed_link, link_scheme
from handbook.slides.boxes import A, autofit, no_bullet, place
from handbook.slides.geometry import LayoutInfo
from handbook.slides.paint import SATURATION, split
from handbook.slides.pieces import Para, Piece, Run

if TYPE_CHECKING:
    from handbook.slides.deck import DeckBuilder

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"
THEME = {"accent1": "ACCENT_1", "accent2": "ACCENT_2", "accent3": "ACCENT_3",
         "accent4": "ACCENT_4", "accent5": "ACCENT_5", "accent6": "ACCENT_6",
         "tx1": "TEXT_1", "bg1": "BACKGROUND_1", "tx2": "TEXT_2", "bg2": "BACKGROUND_2",
         "hlink": "HYPERLINK"}
SHAPES = {"rect": "RECTANGLE", "roundRect": "ROUNDED_RECTANGLE", "ellipse": "OVAL"}
ANCHORS = {"t": "TOP", "ctr": "MIDDLE", "b": "BOTTOM"}
ALIGN = {"l": "LEFT", "ctr": "CENTER", "r": "RIGHT"}


def draw_pieces(slide, pieces: tuple[Piece, ...], info: LayoutInfo,
                builder: DeckBuilder) -> None:
    placeholders = _text_placeholders(slide, info)
    for piece in pieces:
        if piece.placeholder is not None:
            _into_placeholder(slide, piece, placeholders)
        elif piece.role == "picture":
            from handbook.slides.svgpic import add_figure

            add_figure(slide, piece, builder.warnings)
        elif piece.role == "qr":
            _qr(slide, piece)
        elif piece.role == "table":
            from handbook.slides.tables import draw_table

            draw_table(slide, piece)
        else:
            shape(slide, piece)


def _text_placeholders(slide, info: LayoutInfo) -> list:
    """The slide's text placeholders, those of its layout's `texts`, in the same order."""
    by_idx = {shape.placeholder_format.idx: shape for shape in slide.placeholders}
    return [by_idx[idx] for idx in info.text_ids if idx in by_idx]


def shape(slide, piece: Piece):
    """A text box or a filled shape, with the piece's text."""
    from pptx.enum.shapes import MSO_SHAPE

    r = piece.rect
    if piece.shape == "text":
        made = slide.shapes.add_textbox(r.left, r.top, r.width, r.height)
    else:
        made = slide.shapes.add_shape(getattr(MSO_SHAPE, SHAPES[piece.shape]), r.left, r.top,
                                      r.width, r.height)
        _plain_style(made, piece)
    made.name = piece.name or piece.role
    if piece.decorative:
        decorative(made)
    if piece.paras:
        _frame(made.text_frame, piece)
    return made


def _plain_style(made, piece: Piece) -> None:
    """The fill and outline the piece asks for, and none of the theme's shape effects."""
    style = made._element.find(f"{P}style")
    if style is not None:
        made._element.remove(style)
    if piece.fill:
        made.fill.solid()
        paint(made.fill.fore_color, piece.fill)
    else:
        made.fill.background()
    if piece.line:
        paint(made.line.color, piece.line)
    else:
        made.line.fill.background()
    if piece.shape == "roundRect":
        made.adjustments[0] = 0.3


def paint(colour_format, colour: str) -> None:
    """A theme colour (with its share: lumMod/lumOff) or an RGB one."""
    from pptx.dml.color import RGBColor
    from pptx.enum.dml import MSO_THEME_COLOR

    if colour.startswith("#"):
        colour_format.rgb = RGBColor.from_string(colour[1:])
        return
    slot, share = split(colour)
    colour_format.theme_color = getattr(MSO_THEME_COLOR, THEME.get(slot, "TEXT_1"))
    if share < 100:
        colour_format.brightness = round(1 - share / 100, 3)
        scheme = colour_format._color._xClr  # python-pptx has no API for saturation
        scheme.append(scheme.makeelement(f"{A}satMod", {"val": str(SATURATION * 1000)}))


def _frame(frame, piece: Piece) -> None:
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
    from pptx.util import Pt

    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    left, top, right, bottom = piece.margins
    frame.margin_left, frame.margin_top = Pt(left), Pt(top)
    frame.margin_right, frame.margin_bottom = Pt(right), Pt(bottom)
    frame.vertical_anchor = getattr(MSO_ANCHOR, ANCHORS[piece.anchor])
    for index, para in enumerate(piece.paras):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        _paragraph(paragraph, para, piece.colour, first=index == 0)


def _paragraph(paragraph, para: Para, colour: str | None, first: bool) -> None:
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    if para.bullet and para.bullet != "none":  # first: python-pptx puts spacing before it
        ppr = paragraph._p.get_or_add_pPr()
        ppr.set("marL", str(int(Pt(para.indent))))
        ppr.set("indent", str(-int(Pt(para.indent))))
        ppr.append(ppr.makeelement(f"{A}buChar", {"char": para.bullet}))
    paragraph.alignment = getattr(PP_ALIGN, ALIGN[para.align])
    paragraph.line_spacing = para.line
    paragraph.space_before = Pt(0 if first else para.before)
    for run in para.runs:
        _run(paragraph, run, para.size, colour)


def _run(paragraph, run: Run, size: float, colour: str | None) -> None:
    from pptx.util import Pt

    from handbook.slides.code import CODE_FONT

    if not run.text:
        return
    made = paragraph.add_run()
    made.text = run.text
    if size:
        made.font.size = Pt(size)
    made.font.bold = run.bold or None
    made.font.italic = run.italic or None
    if run.mono:
        made.font.name = CODE_FONT
    shown = run.colour or colour
    if shown and not run.href:
        paint(made.font.color, shown)
    if run.href and allowed_link(run.href) and link_scheme(run.href):
        made.hyperlink.address = run.href


def _into_placeholder(slide, piece: Piece, placeholders: list) -> None:
    """Bullets in the layout's text placeholder (its styles, bullets and colours), moved to
    where the piece says; a text box there if the layout has none."""
    if piece.placeholder < len(placeholders):
        box = placeholders[piece.placeholder]
        place(box, piece.rect)
        frame = box.text_frame
        for index, para in enumerate(piece.paras):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.level = para.level
            if para.bullet == "none":
                no_bullet(paragraph)
            for run in para.runs:
                _run(paragraph, run, 0, None)
        autofit(frame, piece.scale)
        return
    box = shape(slide, Piece(piece.role, piece.rect, tuple(
        Para(p.runs, p.size * piece.scale, bullet="" if p.bullet == "none" else "•",
             indent=18 + 18 * p.level, before=8) for p in piece.paras), colour=piece.colour,
        name=piece.name))
    box.name = piece.name


def _qr(slide, piece: Piece) -> None:
    from handbook.links import qr_png

    r = piece.rect
    picture = slide.shapes.add_picture(io.BytesIO(qr_png(piece.link or "")), r.left, r.top,
                                       r.width, r.height)
    picture._element.nvPicPr.cNvPr.set("descr", f"QR code for {piece.link}")
    picture.name = piece.name


def decorative(made) -> None:
    """Mark a shape decorative (PowerPoint's "Mark as decorative"): screen readers skip it."""
    from lxml import etree

    props = made._element.find(f".//{P}cNvPr")
    extensions = props.find(f"{A}extLst")
    if extensions is None:
        extensions = etree.SubElement(props, f"{A}extLst")
    ext = etree.SubElement(extensions, f"{A}ext", uri=DECORATIVE_URI)
    etree.SubElement(ext, f"{{{ADEC}}}decorative", val="1")
