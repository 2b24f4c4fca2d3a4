"""The decks: planned slides (slideplan) drawn with python-pptx on the template's layouts."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from handbook import palette
from handbook.errors import Problem, ThemeError
from handbook.model import Book, Table, plain
from handbook.patches.speedups import index_parts
from handbook.slides import tablefit
from handbook.slides.plan import Bullet, Geometry, Planner, SlideSpec, in_columns
from handbook.slides.textfit import EMU_PER_PT, Box, LevelStyle
from handbook.source.theme import DEFAULTS

LAYOUTS = {"title": "Title Slide", "part": "Section Header", "chapter": "Section Header",
           "table": "Title Only", "picture": "Title Only"}
CONTENT_LAYOUT = "Title and Content"
CAPTION_PT = 10.5
DEFAULT_TEMPLATE = DEFAULTS / "template.pptx"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
FOOTER_PT = 11
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class DeckBuilder:
    """Opens the slide template once per deck and fills it with planned slides."""

    def __init__(self, template: Path):
        from pptx import Presentation

        self.template = template
        self._presentation = Presentation
        try:
            probe = Presentation(str(template))
        except Exception as error:  # python-pptx raises several kinds for a damaged file
            raise ThemeError(f"{template}: error: not a PowerPoint file python-pptx can open "
                             f"({type(error).__name__}); save it again as .pptx") from None
        self.layout_names = [layout.name for layout in probe.slide_layouts]
        missing = [name for name in (*dict.fromkeys(LAYOUTS.values()), CONTENT_LAYOUT)
                   if probe.slide_layouts.get_by_name(name) is None]
        if missing:
            raise ThemeError([Problem(template, None, f"the slide template has no layout named "
                                      f"'{name}' (it has: {', '.join(self.layout_names)})")
                              for name in missing])
        self.geometry = _geometry(probe)
        self.size = (probe.slide_width, probe.slide_height)

    def planner(self, language: str, root: Path | None = None) -> Planner:
        return Planner(self.geometry, language, root)

    def build(self, slides: list[SlideSpec], book: Book, when: datetime | None = None) -> bytes:
        prs = self._presentation(str(self.template))
        _remove_existing_slides(prs)
        index_parts(prs)  # linear time: python-pptx's own part naming is O(slides²)
        if self.template == DEFAULT_TEMPLATE:
            _brand(prs, book.meta)
        footer = book.meta.title
        by_slug = {layout_slug(layout.name): layout for layout in prs.slide_layouts}
        for spec in slides:
            layout = by_slug[spec.layout] if spec.layout in by_slug else \
                prs.slide_layouts.get_by_name(LAYOUTS.get(spec.kind, CONTENT_LAYOUT))
            slide = prs.slides.add_slide(layout)
            _draw(slide, spec, self, book)
            if spec.kind not in ("title", "part", "chapter"):
                _footer(slide, footer, self.size)
            slide.notes_slide.notes_text_frame.text = spec.notes
        props = prs.core_properties
        props.title = book.meta.title
        props.author = book.meta.byline or ""
        props.language = book.meta.language
        props.last_modified_by, props.revision = "handbook", 1
        if when is not None:
            naive = when.replace(tzinfo=None)  # python-pptx writes UTC without an offset
            props.created = props.modified = naive
        buffer = io.BytesIO()
        prs.save(buffer)
        return normalise_zip(buffer.getvalue())


# ----------------------------------------------------------------------------- geometry
def _geometry(prs) -> Geometry:
    layout = prs.slide_layouts.get_by_name(CONTENT_LAYOUT)
    body = _placeholder(layout, (1,)) or _placeholder(prs.slide_master, (1,))
    title = _placeholder(layout, (0,))
    styles = prs.slide_master._element.find(f"{P}txStyles")
    levels = {i: _level_style(styles.find(f"{P}bodyStyle"), i + 1, 26 - 4 * i) for i in (0, 1)}
    title_style = _level_style(styles.find(f"{P}titleStyle"), 1, 34)
    return Geometry(
        body=Box(body.width / EMU_PER_PT, body.height / EMU_PER_PT),
        levels=levels,
        title=Box(title.width / EMU_PER_PT, title.height / EMU_PER_PT),
        title_style=title_style,
        layouts=_text_layouts(prs),
    )


def layout_slug(name: str) -> str:
    """'Two Content' → 'two-content', as authors write it: `{: .layout-two-content }`."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _text_placeholders(layout) -> list:
    """The placeholders of a layout that take bullets, in index order."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    kinds = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}
    found = [ph for ph in layout.placeholders
             if ph.placeholder_format.type in kinds and ph.placeholder_format.idx not in (0,)]
    return sorted(found, key=lambda ph: ph.placeholder_format.idx)


def _text_layouts(prs) -> dict[str, tuple[Box, int]]:
    layouts = {}
    for layout in prs.slide_layouts:
        boxes = _text_placeholders(layout)
        if boxes:
            layouts[layout_slug(layout.name)] = (
                Box(boxes[0].width / EMU_PER_PT, boxes[0].height / EMU_PER_PT), len(boxes))
    return layouts


def _placeholder(owner, indexes: tuple[int, ...]):
    for shape in owner.placeholders:
        if shape.placeholder_format.idx in indexes:
            return shape
    return None


def _level_style(parent, level: int, default_size: float) -> LevelStyle:
    ppr = parent.find(f"{A}lvl{level}pPr") if parent is not None else None
    if ppr is None:
        return LevelStyle(default_size)
    rpr = ppr.find(f"{A}defRPr")
    size = int(rpr.get("sz")) / 100 if rpr is not None and rpr.get("sz") else default_size
    before = ppr.find(f"{A}spcBef/{A}spcPts")
    before_pct = ppr.find(f"{A}spcBef/{A}spcPct")
    line = ppr.find(f"{A}lnSpc/{A}spcPct")
    space = int(before.get("val")) / 100 if before is not None else 0.0
    if before_pct is not None:
        space = size * int(before_pct.get("val")) / 100000
    return LevelStyle(
        size_pt=size,
        indent_pt=int(ppr.get("marL", "0")) / EMU_PER_PT,
        space_before_pt=space,
        line_spacing=int(line.get("val")) / 100000 if line is not None else 1.0,
        bold=rpr is not None and rpr.get("b") == "1",
    )


# ----------------------------------------------------------------------------- drawing
def _draw(slide, spec: SlideSpec, builder: DeckBuilder, book: Book) -> None:
    title = slide.shapes.title
    if title is not None:
        title.text = spec.title
        _autofit(title.text_frame, spec.title_scale)
    if spec.kind in ("title", "part", "chapter"):
        _subtitle(slide, spec.lines)
        if spec.kind == "title" and book.meta.logo is not None:
            _logo(slide, book.meta.logo, builder.size)
    elif spec.kind == "table" and spec.table is not None:
        _table(slide, spec.table, builder)
    elif spec.kind == "picture" and spec.image is not None:
        _picture(slide, spec, builder)
    else:
        _bullets(slide, spec)
        if spec.kind == "reading":
            _qr_codes(slide, spec)


def _brand(prs, meta) -> None:
    """Recolour and re-font the default template from handbook.toml's [colours] and [fonts].

    The default template uses the palette's hex values verbatim, so a brand is a rewrite of
    those values in the master, the layouts and the theme.
    """
    colours = dict(meta.colours)
    mapping = {palette.DARK_BLUE: colours.get("heading"), palette.TEAL: colours.get("accent"),
               palette.INK: colours.get("ink")}
    mapping = {old: new for old, new in mapping.items() if new and new != old}
    fonts = dict(meta.fonts)
    if not mapping and not fonts:
        return
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme = prs.slide_master.part.part_related_by(RT.THEME)
    layouts = [layout._element for layout in prs.slide_layouts]
    for element in (prs.slide_master._element, *layouts):
        for node in element.iter(f"{A}srgbClr"):
            if node.get("val") in mapping:
                node.set("val", mapping[node.get("val")])
    xml = theme.blob.decode("utf-8")
    for old, new in mapping.items():
        xml = xml.replace(f'val="{old}"', f'val="{new}"')
    for slot, role in (("majorFont", "headings"), ("minorFont", "body")):
        family = fonts.get(role) or (fonts.get("body") if role == "headings" else None)
        if family:
            xml = re.sub(rf'(<a:{slot}>\s*<a:latin typeface=")[^"]*"', rf'\g<1>{family}"', xml)
    theme._blob = xml.encode("utf-8")


def _logo(slide, path: Path, size: tuple[int, int]) -> None:
    from pptx.util import Inches

    data, (pixel_w, pixel_h) = picture_png(path)
    height = Inches(0.8)
    width = int(height * pixel_w / pixel_h)
    picture = slide.shapes.add_picture(io.BytesIO(data), size[0] - width - Inches(0.6),
                                       Inches(0.5), width, height)
    picture._element.nvPicPr.cNvPr.set("descr", "Logo")
    picture.name = "Logo"


def _subtitle(slide, lines: tuple[str, ...]) -> None:
    body = _placeholder(slide, (1,))
    if body is None:
        return
    frame = body.text_frame
    frame.text = ""
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.level = min(index, 1)


def _bullets(slide, spec: SlideSpec) -> None:
    boxes = _text_placeholders(slide) if spec.layout else [_placeholder(slide, (1,))]
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
        _autofit(frame, spec.font_scale)


def _qr_codes(slide, spec: SlideSpec) -> None:
    """A QR code per link, top to bottom in the links' order, each with its site's name."""
    from urllib.parse import urlsplit

    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    from handbook.links import qr_png
    from handbook.slides.plan import QR_COLUMN_PT, QR_PER_COLUMN

    urls = [s.href for b in spec.bullets if b.level == 0 for s in b.spans[:1]
            if s.href and s.href.startswith(("http://", "https://"))]
    body = _placeholder(slide, (1,))
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
        _fixed_box(label)
        paragraph = label.text_frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.CENTER
        run = paragraph.add_run()
        run.text = urlsplit(url).netloc.removeprefix("www.")
        run.font.size, run.font.color.rgb = Pt(CAPTION_PT), _muted()


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
        if span.href and span.href.startswith(("http://", "https://", "mailto:")):
            run.hyperlink.address = span.href


def _autofit(frame, scale: float) -> None:
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


def picture_png(path: Path) -> tuple[bytes, tuple[int, int]]:
    """PNG bytes and pixel size of an image; SVG is rasterised, since decks cannot show it."""
    return _png(path.read_bytes(), path.suffix.lower() == ".svg")


@lru_cache(maxsize=64)
def _png(source: bytes, svg: bool) -> tuple[bytes, tuple[int, int]]:
    """Cached by content, not path: an image edited while the process runs is read afresh."""
    from PIL import Image as PILImage

    if svg:
        import cairosvg

        data = cairosvg.svg2png(bytestring=source, output_width=2000, unsafe=False)
    else:
        data = source
    with PILImage.open(io.BytesIO(data)) as opened:
        size = opened.size
        if opened.format not in ("PNG", "JPEG", "GIF"):
            converted = io.BytesIO()
            opened.save(converted, "PNG")
            data = converted.getvalue()
    return data, size


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


def _footer(slide, text: str, size: tuple[int, int]) -> None:
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches, Pt

    width, slide_height = size
    top = slide_height - Inches(0.5)
    box = slide.shapes.add_textbox(Inches(0.6), top, width - Inches(2.4), Inches(0.35))
    box.name = "Footer"
    _fixed_box(box)
    box.text_frame.text = text
    box.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    run = box.text_frame.paragraphs[0].runs[0]
    run.font.size, run.font.color.rgb = Pt(FOOTER_PT), _muted()
    number = slide.shapes.add_textbox(width - Inches(1.6), top, Inches(1.0), Inches(0.35))
    number.name = "Slide number"
    _fixed_box(number)
    paragraph = number.text_frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.RIGHT
    _slide_number_field(paragraph, Pt(FOOTER_PT))


def _fixed_box(box) -> None:
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


def _muted():
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(palette.MUTED)


def _remove_existing_slides(prs) -> None:
    """A template may carry example slides; the deck starts empty."""
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def normalise_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed entry times, so unchanged content gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
