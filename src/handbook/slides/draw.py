"""Draw one planned slide with python-pptx: title, bullets, table, picture, QR codes, footer."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from handbook import palette
from handbook.links import allowed_link, link_scheme
from handbook.model import Book, Table, plain
from handbook.slides import tablefit
from handbook.slides.pictures import picture_png
from handbook.slides.points import in_columns
from handbook.slides.spec import Bullet, SlideSpec
from handbook.slides.template import A, placeholder, text_placeholders
from handbook.slides.textfit import EMU_PER_PT

if TYPE_CHECKING:
    from handbook.slides.deck import DeckBuilder

CAPTION_PT = 10.5
FOOTER_PT = 11


def draw(slide, spec: SlideSpec, builder: DeckBuilder, book: Book) -> None:
    title = slide.shapes.title
    if title is not None:
        title.text = spec.title
        autofit(title.text_frame, spec.title_scale)
    if spec.kind in ("title", "part", "chapter"):
        _subtitle(slide, spec.lines)
        if spec.kind == "title" and book.meta.logo is not None:
            logo(slide, book.meta.logo, builder.size)
    elif spec.kind == "table" and spec.table is not None:
        _table(slide, spec.table, builder)
    elif spec.kind == "picture" and spec.image is not None:
        _picture(slide, spec, builder)
    elif spec.kind == "code":
        from handbook.slides.code import draw_code

        draw_code(slide, spec)
    else:
        _bullets(slide, spec)
        if spec.kind == "reading":
            _qr_codes(slide, spec)


def logo(slide, path: Path, size: tuple[int, int]) -> None:
    from pptx.util import Inches

    data, (pixel_w, pixel_h) = picture_png(path)
    height = Inches(0.8)
    width = int(height * pixel_w / pixel_h)
    picture = slide.shapes.add_picture(io.BytesIO(data), size[0] - width - Inches(0.6),
                                       Inches(0.5), width, height)
    picture._element.nvPicPr.cNvPr.set("descr", "Logo")
    picture.name = "Logo"


def _subtitle(slide, lines: tuple[str, ...]) -> None:
    body = placeholder(slide, (1,))
    if body is None:
        return
    frame = body.text_frame
    frame.text = ""
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.level = min(index, 1)


def _bullets(slide, spec: SlideSpec) -> None:
    boxes = text_placeholders(slide) if spec.layout else [placeholder(slide, (1,))]
    boxes = [box for box in boxes if box is not None]
    for box, group in zip(boxes, in_columns(spec.bullets, len(boxes)), strict=False):
        frame = box.text_frame
        for index, bullet in enumerate(group):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.level = bullet.level
            lone_question = spec.kind == "question" and len(spec.bullets) == 1
            column_heading = spec.kind == "overview" and spec.layout and bullet.level == 0
            if lone_question or column_heading:
                _no_bullet(paragraph)
            _runs(paragraph, bullet)
        autofit(frame, spec.font_scale)


def _qr_codes(slide, spec: SlideSpec) -> None:
    """A QR code per link, top to bottom in the links' order, each with its site's name."""
    from urllib.parse import urlsplit

    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    from handbook.links import qr_png
    from handbook.slides.spec import QR_COLUMN_PT, QR_PER_COLUMN

    urls = [s.href for b in spec.bullets if b.level == 0 for s in b.spans[:1]
            if s.href and s.href.startswith(("http://", "https://"))]
    body = placeholder(slide, (1,))
    if not urls or body is None:
        return
    left, top, width, height = body.left, body.top, body.width, body.height  # inherited
    body.left, body.top, body.height = left, top, height  # now the slide's own
    body.width = width - Pt(QR_COLUMN_PT)
    caption = Pt(CAPTION_PT * 1.5)
    slot = height // QR_PER_COLUMN
    size = min(Pt(QR_COLUMN_PT - 30), slot - caption - Pt(6))
    column_left = body.left + body.width + (Pt(QR_COLUMN_PT) - size) // 2
    for index, url in enumerate(urls):
        y = top + index * slot
        picture = slide.shapes.add_picture(io.BytesIO(qr_png(url)), column_left, y, size, size)
        picture._element.nvPicPr.cNvPr.set("descr", f"QR code for {url}")
        picture.name = f"QR code {index + 1}"
        label = slide.shapes.add_textbox(body.left + body.width - Pt(20), y + size,
                                         Pt(QR_COLUMN_PT + 40), caption)
        label.name = f"QR caption {index + 1}"
        fixed_box(label)
        paragraph = label.text_frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.CENTER
        run = paragraph.add_run()
        run.text = urlsplit(url).netloc.removeprefix("www.")
        run.font.size, run.font.color.rgb = Pt(CAPTION_PT), muted()


def _no_bullet(paragraph) -> None:
    """A lone paragraph (a question) reads better without a bullet or hanging indent."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.set("marL", "0")
    ppr.set("indent", "0")
    ppr.insert(0, ppr.makeelement(f"{A}buNone", {}))


def _runs(paragraph, bullet: Bullet) -> None:
    for span in bullet.spans:
        if not span.text:
            continue
        run = paragraph.add_run()
        run.text = span.text.replace("\n", " ")
        if span.bold:
            run.font.bold = True
        if span.italic:
            run.font.italic = True
        if allowed_link(span.href) and link_scheme(span.href):  # no #anchors in a deck
            run.hyperlink.address = span.href


def autofit(frame, scale: float) -> None:
    """Record the fit the way PowerPoint does: normAutofit, with fontScale if shrunk."""
    from pptx.enum.text import MSO_AUTO_SIZE

    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    frame.word_wrap = True
    if scale < 1.0:
        autofit = frame._txBody.bodyPr.find(f"{A}normAutofit")
        autofit.set("fontScale", str(round(scale * 100000)))


def _content_area(slide, builder: DeckBuilder) -> tuple[int, int, int, int]:
    """left, top, width, height (EMU) below the title, as the body placeholder would have."""
    from pptx.util import Inches

    title = slide.shapes.title
    width, height = builder.size
    left = title.left if title is not None else Inches(0.6)
    top = (title.top + title.height + Inches(0.15)) if title is not None else Inches(1.5)
    return left, top, width - 2 * left, height - top - Inches(0.75)


def _picture(slide, spec: SlideSpec, builder: DeckBuilder) -> None:
    """The picture as large as the free area allows, aspect kept; its caption is the title."""
    image = spec.image
    left, top, width, height = _content_area(slide, builder)
    data, (pixel_w, pixel_h) = picture_png(image.path)
    ratio = min(width / pixel_w, height / pixel_h)
    pic_w, pic_h = int(pixel_w * ratio), int(pixel_h * ratio)
    picture = slide.shapes.add_picture(io.BytesIO(data), left + (width - pic_w) // 2, top,
                                       pic_w, pic_h)
    picture._element.nvPicPr.cNvPr.set("descr", image.alt)
    picture.name = f"Picture: {image.path.name}"


def _table(slide, table: Table, builder: DeckBuilder) -> None:
    from pptx.util import Pt

    left, top, width, _height = _content_area(slide, builder)
    measured = tablefit.layout(table, width / EMU_PER_PT)
    rows = [table.header, *table.rows]
    shape = slide.shapes.add_table(len(rows), len(measured.widths), left, top, width,
                                   int(sum(measured.heights) * EMU_PER_PT))
    grid = shape.table
    grid.first_row = True
    for index, column_width in enumerate(measured.widths):
        grid.columns[index].width = int(column_width * EMU_PER_PT)
    for r, row in enumerate(rows):
        grid.rows[r].height = int(measured.heights[r] * EMU_PER_PT)
        for c in range(len(measured.widths)):
            cell = grid.cell(r, c)
            cell.text = plain(row[c]) if c < len(row) else ""
            cell.margin_top = cell.margin_bottom = Pt(tablefit.CELL_MARGIN_Y_PT)
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(tablefit.TABLE_PT)
                    run.font.bold = r == 0 or None


def footer(slide, text: str, size: tuple[int, int]) -> None:
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches, Pt

    width, slide_height = size
    top = slide_height - Inches(0.5)
    box = slide.shapes.add_textbox(Inches(0.6), top, width - Inches(2.4), Inches(0.35))
    box.name = "Footer"
    fixed_box(box)
    box.text_frame.text = text
    box.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    run = box.text_frame.paragraphs[0].runs[0]
    run.font.size, run.font.color.rgb = Pt(FOOTER_PT), muted()
    number = slide.shapes.add_textbox(width - Inches(1.6), top, Inches(1.0), Inches(0.35))
    number.name = "Slide number"
    fixed_box(number)
    paragraph = number.text_frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.RIGHT
    _slide_number_field(paragraph, Pt(FOOTER_PT))


def fixed_box(box) -> None:
    """A text box that keeps its size and place (python-pptx's default shrinks around text)."""
    from pptx.enum.text import MSO_AUTO_SIZE

    box.text_frame.word_wrap = True
    box.text_frame.auto_size = MSO_AUTO_SIZE.NONE


def _slide_number_field(paragraph, size) -> None:
    from lxml import etree

    field = etree.SubElement(paragraph._p, f"{A}fld", id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}",
                             type="slidenum")
    rpr = etree.SubElement(field, f"{A}rPr", lang="en-GB", sz=str(int(size.pt * 100)))
    fill = etree.SubElement(rpr, f"{A}solidFill")
    etree.SubElement(fill, f"{A}srgbClr", val=palette.MUTED)
    etree.SubElement(field, f"{A}t").text = "‹#›"


def muted():
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(palette.MUTED)
