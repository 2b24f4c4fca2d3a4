"""Draw one planned slide with python-pptx on its layout: title, subtitle lines, bullets,
table, picture, QR codes; inside the layout's body region and clear of the template's logos.

Text goes into the layout's placeholders, so it takes the template's styles; where a layout
lacks one, a text box in the same place carries the text (survey.py warns about it).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from handbook.links import allowed_link, link_scheme
from handbook.model import Book, Table, plain
from handbook.slides import tablefit
from handbook.slides.boxes import (
    A,
    autofit,
    bullet_char,
    caption,
    no_bullet,
    place,
    readable,
    rect_of,
    text_box,
)
from handbook.slides.footer import course_logo
from handbook.slides.geometry import LayoutInfo, Rect, free_area
from handbook.slides.pictures import drawable
from handbook.slides.points import in_columns
from handbook.slides.spec import QR_COLUMN_PT, QR_PER_COLUMN, Bullet, SlideSpec
from handbook.slides.textfit import EMU_PER_PT

if TYPE_CHECKING:
    from handbook.slides.deck import DeckBuilder

CAPTION_PT = 10.5
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def draw(slide, spec: SlideSpec, info: LayoutInfo, builder: DeckBuilder, book: Book) -> None:
    _title(slide, spec, info)
    if spec.pieces:  # a designed slide: laid out by the planner (compose.py)
        from handbook.slides.shapes import draw_pieces

        draw_pieces(slide, spec.pieces, info, builder)
        if spec.image is not None and spec.kind == "points":
            _into_placeholder(slide, spec.image, info, builder.warnings)
    elif spec.kind in ("title", "part", "chapter"):
        _lines(slide, spec.lines, info)
        if spec.kind == "title" and book.meta.logo is not None:
            course_logo(slide, book.meta.logo, info, builder.size, builder.warnings)
    elif spec.kind == "table" and spec.table is not None:
        _table(slide, spec.table, info.body)
    elif spec.kind == "picture" and spec.image is not None:
        _picture(slide, spec.image, info.body, builder.warnings)
    elif spec.kind == "code":
        from handbook.slides.code import draw_code

        draw_code(slide, spec, _text_body(slide, info, "Code"))
    else:
        body = _bullets(slide, spec, info, builder)
        if spec.kind == "reading" and body is not None:
            _qr_codes(slide, spec, body, info)
        if spec.image is not None:
            _into_placeholder(slide, spec.image, info, builder.warnings)
    drop_empty_placeholders(slide)


def _title(slide, spec: SlideSpec, info: LayoutInfo) -> None:
    title = slide.shapes.title if info.has_title else None
    if title is None:
        title = text_box(slide, info.title, "Title", readable(info, title=True))
    elif title.placeholder_format.idx in info.moved:  # clear of a logo
        place(title, info.title)
    title.text_frame.text = spec.title
    autofit(title.text_frame, spec.title_scale)


def _lines(slide, lines: tuple[str, ...], info: LayoutInfo) -> None:
    """The subtitle lines of a title or divider slide, in the template's subtitle style; the
    second level only where the layout styles one (else it inherits an indent and colour the
    designer never chose)."""
    if not lines:
        return
    boxes = _texts(slide, info)
    if boxes:
        box, styled = boxes[0], _styles_level_two(boxes[0])
        _keep_clear(box, info.texts[0], info)
    else:
        box, styled = text_box(slide, info.body, "Subtitle", readable(info, title=False)), False
    frame = box.text_frame
    frame.text = ""
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.level = min(index, 1) if styled else 0


def _styles_level_two(placeholder) -> bool:
    """Whether the layout styles a second subtitle level without an indent (as the built-in
    template does: a smaller line under the first)."""
    layout_ph = getattr(placeholder, "_base_placeholder", None)
    own = layout_ph._element.find(f".//{A}lstStyle/{A}lvl2pPr") if layout_ph is not None else None
    return own is not None and own.get("marL") == "0"


def _text_body(slide, info: LayoutInfo, name: str):
    """The layout's first text placeholder (clear of logos), else a text box in its body."""
    boxes = _texts(slide, info)
    if not boxes:
        return text_box(slide, info.body, name, readable(info, title=False))
    _keep_clear(boxes[0], info.texts[0], info)
    return boxes[0]


def _texts(slide, info: LayoutInfo) -> list:
    """The slide's text placeholders, those of its layout's `texts`, in the same order."""
    by_idx = {shape.placeholder_format.idx: shape for shape in slide.placeholders}
    return [by_idx[idx] for idx in info.text_ids if idx in by_idx]


def _keep_clear(shape, rect: Rect, info: LayoutInfo) -> None:
    if shape.placeholder_format.idx in info.moved:  # the layout's box overlaps a logo
        place(shape, rect)


def _bullets(slide, spec: SlideSpec, info: LayoutInfo, builder: DeckBuilder):
    """The points in the layout's first SPEC.COLUMNS text boxes; (the first box and where it
    is), or None."""
    boxes = _texts(slide, info)[: spec.columns]
    for box, rect in zip(boxes, info.texts, strict=False):
        _keep_clear(box, rect, info)
    area = info.texts[0] if boxes else info.body
    if not boxes and spec.bullets:
        boxes = [text_box(slide, info.body, "Content", readable(info, title=False))]
    levels = builder.geometry.levels
    for box, group in zip(boxes, in_columns(spec.bullets, len(boxes)), strict=False):
        frame = box.text_frame
        for index, bullet in enumerate(group):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.level = bullet.level
            lone_question = spec.kind == "question" and len(spec.bullets) == 1
            column_heading = spec.kind == "overview" and spec.columns > 1 and bullet.level == 0
            if lone_question or column_heading:
                no_bullet(paragraph)
            elif not box.is_placeholder:
                bullet_char(paragraph, levels.get(bullet.level, levels[0]), spec.font_scale)
            _runs(paragraph, bullet)
        autofit(frame, spec.font_scale)
    return (boxes[0], area) if boxes else None


def _qr_codes(slide, spec: SlideSpec, body, info: LayoutInfo) -> None:
    """A QR code per link, top to bottom in the links' order, each with its site's name, in a
    column at the right of the body (clear of logos)."""
    from urllib.parse import urlsplit

    from pptx.util import Pt

    from handbook.links import qr_png

    urls = [s.href for b in spec.bullets if b.level == 0 for s in b.spans[:1]
            if s.href and s.href.startswith(("http://", "https://"))]
    if not urls:
        return
    body, area = body
    place(body, Rect(area.left, area.top, area.width - Pt(QR_COLUMN_PT), area.height))
    column = free_area(Rect(area.right - Pt(QR_COLUMN_PT), area.top, Pt(QR_COLUMN_PT),
                            area.height), info.logos)
    label_h = Pt(CAPTION_PT * 1.5)
    slot = column.height // QR_PER_COLUMN
    size = max(Pt(24), min(Pt(QR_COLUMN_PT - 30), slot - label_h - Pt(6), column.width))
    for index, url in enumerate(urls):
        y = column.top + index * slot
        x = column.left + (column.width - size) // 2
        picture = slide.shapes.add_picture(io.BytesIO(qr_png(url)), x, y, size, size)
        picture._element.nvPicPr.cNvPr.set("descr", f"QR code for {url}")
        picture.name = f"QR code {index + 1}"
        caption(slide, Rect(column.left, y + size, column.width, label_h),
                urlsplit(url).netloc.removeprefix("www."), f"QR caption {index + 1}",
                CAPTION_PT, readable(info, title=False, muted=True))


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


def _picture(slide, image, region: Rect, warnings: list[str]) -> None:
    """The picture as large as the body region allows, aspect kept; its caption is the
    title. One a library cannot draw is a warning, and the slide shows its description."""
    found = drawable(image.path, warnings)
    if found is None:
        text_box(slide, region, "Picture description", None).text_frame.text = \
            image.alt or image.path.name
        return
    data, (pixel_w, pixel_h) = found
    spot = region.fit(pixel_w, pixel_h)
    picture = slide.shapes.add_picture(io.BytesIO(data), spot.left, spot.top, spot.width,
                                       spot.height)
    picture._element.nvPicPr.cNvPr.set("descr", image.alt)
    picture.name = f"Picture: {image.path.name}"


def _into_placeholder(slide, image, info: LayoutInfo, warnings: list[str]) -> None:
    """The section's figure in the layout's picture placeholder, whole (not cropped)."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    holder = next((p for p in slide.placeholders
                   if p.placeholder_format.type == PP_PLACEHOLDER.PICTURE), None)
    if holder is None:
        return
    area = next(iter(info.pictures), None) or rect_of(holder)
    found = drawable(image.path, warnings)
    if found is None:
        return
    data, (pixel_w, pixel_h) = found
    picture = holder.insert_picture(io.BytesIO(data))
    picture.crop_left = picture.crop_right = picture.crop_top = picture.crop_bottom = 0.0
    place(picture, area.fit(pixel_w, pixel_h))
    picture._element.nvPicPr.cNvPr.set("descr", image.alt)


def _table(slide, table: Table, region: Rect) -> None:
    from pptx.util import Pt

    measured = tablefit.layout(table, region.width / EMU_PER_PT)
    rows = [table.header, *table.rows]
    shape = slide.shapes.add_table(len(rows), len(measured.widths), region.left, region.top,
                                   region.width, int(sum(measured.heights) * EMU_PER_PT))
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


def drop_empty_placeholders(slide) -> None:
    """Placeholders left empty would show "Click to add text" to the trainer: remove them."""
    for shape in list(slide.placeholders):
        element = shape._element
        if element.tag != f"{P}sp":
            continue  # a filled picture placeholder is a p:pic
        if not shape.has_text_frame or not shape.text_frame.text.strip():
            element.getparent().remove(element)
