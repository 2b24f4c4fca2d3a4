"""Slide templates as organisations make them, made here from the built-in one (python-pptx and
a little XML): other layout names, logos, 4:3 and 10 × 5.625 in, a .potx, two masters, a title
layout without placeholders, a section layout with only a title, a tiny text box."""

from __future__ import annotations

import copy
import io
import random
import struct
import zlib
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml.shapes.autoshape import CT_Shape
from pptx.oxml.shapes.picture import CT_Picture
from pptx.parts.slide import SlideLayoutPart, SlideMasterPart
from pptx.util import Emu, Inches, Pt

from handbook.slides.template import DEFAULT_TEMPLATE

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
DUTCH = {"Title Slide": "Titeldia", "Title and Content": "Titel en object",
         "Section Header": "Sectiekop", "Two Content": "Twee objecten",
         "Title Only": "Alleen titel", "Blank": "Leeg",
         "Picture with Caption": "Afbeelding met bijschrift", "Comparison": "Vergelijking"}
GERMAN = {"Title Slide": "Titelfolie", "Title and Content": "Titel und Inhalt",
          "Section Header": "Abschnittsüberschrift", "Two Content": "Zwei Inhalte",
          "Title Only": "Nur Titel", "Blank": "Leer", "Comparison": "Vergleich"}
HOUSE = {"Title Slide": "Cover", "Title and Content": "Bullet/ sub bullet slide",
         "Section Header": "Orange Section Header", "Two Content": "Two columns",
         "Title Only": "Heading", "Picture with Caption": "Picture and text", "Blank": "Empty",
         "Content with Caption": "Tiny", "Comparison": "Photo"}


def png(width: int, height: int, colour: tuple[int, int, int] | None = None) -> bytes:
    """A PNG: one colour, or noise (which does not compress: a heavy photo)."""
    rows = b""
    rng = random.Random(7)
    for _ in range(height):
        pixels = bytes(colour) * width if colour else rng.randbytes(3 * width)
        rows += b"\x00" + pixels

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) \
        + chunk(b"IEND", b"")


def rename(prs, names: dict[str, str]) -> None:
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            layout.name = names.get(layout.name, layout.name)


def add_picture(owner, data: bytes, left: int, top: int, width: int, height: int,
                name: str = "Logo") -> None:
    """A picture on a master or layout (python-pptx adds pictures to slides only)."""
    _, rid = owner.part.get_or_add_image_part(io.BytesIO(data))
    tree = owner.shapes._spTree
    ids = [int(e.get("id")) for e in tree.iter(f"{P}cNvPr")]
    pic = CT_Picture.new_pic(max(ids, default=1) + 1, name, name, rid, left, top, width, height)
    tree.append(pic)


def add_rule(owner, left: int, top: int, width: int) -> None:
    """A thin coloured bar, as house styles draw under titles."""
    tree = owner.shapes._spTree
    ids = [int(e.get("id")) for e in tree.iter(f"{P}cNvPr")]
    sp = CT_Shape.new_autoshape_sp(max(ids) + 1, "Rule", "rect", left, top, width, Pt(3))
    tree.append(sp)


def add_text(owner, text: str, left: int, top: int, width: int, height: int) -> None:
    """Dummy text a designer leaves on a layout ("Title / No more than two lines")."""
    tree = owner.shapes._spTree
    ids = [int(e.get("id")) for e in tree.iter(f"{P}cNvPr")]
    sp = CT_Shape.new_textbox_sp(max(ids) + 1, "Dummy", left, top, width, height)
    sp.txBody.p_lst[0].append(etree.fromstring(
        f'<a:r xmlns:a="{A[1:-1]}"><a:rPr lang="en-US"/><a:t>{text}</a:t></a:r>'))
    tree.append(sp)


def layout(prs, name: str):
    return next(lay for m in prs.slide_masters for lay in m.slide_layouts if lay.name == name)


def drop_placeholders(lay, kinds: set[str]) -> None:
    for shape in list(lay.placeholders):
        if shape._element.find(f".//{P}ph").get("type", "obj") in kinds:
            shape._element.getparent().remove(shape._element)


def scale(prs, factor: float) -> None:
    """Every box of the masters and layouts scaled, and the slide with them."""
    prs.slide_width, prs.slide_height = (Emu(int(v * factor))
                                         for v in (prs.slide_width, prs.slide_height))
    parts = [m for m in prs.slide_masters] + [lay for m in prs.slide_masters
                                              for lay in m.slide_layouts]
    for owner in parts:
        for node in owner._element.iter(f"{A}off", f"{A}ext"):
            for key in ("x", "y", "cx", "cy"):
                if node.get(key) is not None:
                    node.set(key, str(int(int(node.get(key)) * factor)))


def second_master(prs, moved: list[str]) -> object:
    """A second slide master (a copy of the first, with its own theme) holding the layouts
    MOVED from the first: python-pptx has no API for masters, so parts are added by hand."""
    package, first = prs.part.package, prs.slide_masters[0]
    theme_src = first.part.part_related_by(RT.THEME)
    theme = Part(PackURI("/ppt/theme/theme7.xml"), theme_src.content_type, package,
                 theme_src.blob)
    xml = etree.fromstring(first.part.blob)
    lst = xml.find(f"{P}sldLayoutIdLst")
    for entry in list(lst):
        lst.remove(entry)
    master_part = SlideMasterPart.load(PackURI("/ppt/slideMasters/slideMaster2.xml"),
                                       CT.PML_SLIDE_MASTER, package, etree.tostring(xml))
    master_part.relate_to(theme, RT.THEME)
    ids = [int(e.get("id")) for e in prs.part._element.iter(f"{P}sldMasterId", f"{P}sldLayoutId")]
    next_id = max(ids) + 100
    for number, name in enumerate(moved, start=1):
        source = layout(prs, name)
        part = SlideLayoutPart.load(PackURI(f"/ppt/slideLayouts/slideLayout{90 + number}.xml"),
                                    CT.PML_SLIDE_LAYOUT, package, source.part.blob)
        part.relate_to(master_part, RT.SLIDE_MASTER)
        rid = master_part.relate_to(part, RT.SLIDE_LAYOUT)
        etree.SubElement(master_part._element.find(f"{P}sldLayoutIdLst"), f"{P}sldLayoutId",
                         {"id": str(next_id + number), R + "id": rid})
        source.slide_master.slide_layouts.remove(source)
    rid = prs.part.relate_to(master_part, RT.SLIDE_MASTER)
    masters = prs.part._element.find(f"{P}sldMasterIdLst")
    etree.SubElement(masters, f"{P}sldMasterId", {"id": str(next_id), R + "id": rid})
    return prs.slide_masters[1]


def dutch(folder: Path) -> Path:
    """Dutch names, a logo in the master's top right corner and a rule under the title."""
    prs = Presentation(str(DEFAULT_TEMPLATE))
    rename(prs, DUTCH)
    master = prs.slide_masters[0]
    add_picture(master, png(40, 20, (200, 80, 0)), Inches(11.6), Inches(0.3), Inches(1.2),
                Inches(0.6))
    add_rule(master, Inches(0.6), Inches(1.45), Inches(6))
    return _save(prs, folder / "huisstijl.pptx")


def german(folder: Path) -> Path:
    """python-pptx's own 4:3 template in German, a logo in the content layouts' lower right."""
    prs = Presentation()
    rename(prs, GERMAN)
    for name in ("Titel und Inhalt", "Nur Titel", "Zwei Inhalte"):
        add_picture(layout(prs, name), png(30, 30, (0, 90, 160)), Inches(8.7), Inches(6.2),
                    Inches(0.9), Inches(0.9))
    return _save(prs, folder / "vorlage.pptx")


def house(folder: Path) -> Path:
    """A black 10 × 5.625 in .potx with house names: a cover without placeholders (dummy
    text instead), a section header with only a title, a layout with a tiny text box, a heavy
    photo layout, two masters (content and heading layouts in the second, with its own logo)."""
    prs = Presentation(str(DEFAULT_TEMPLATE))
    rename(prs, HOUSE)
    cover = layout(prs, "Cover")
    drop_placeholders(cover, {"ctrTitle", "subTitle"})
    add_text(cover, "Title", Inches(0.9), Inches(2), Inches(8), Inches(1))
    add_text(cover, "No more than two lines", Inches(0.9), Inches(3.2), Inches(8), Inches(1))
    drop_placeholders(layout(prs, "Orange Section Header"), {"body"})
    tiny = layout(prs, "Tiny")
    drop_placeholders(tiny, {"obj", "body"})
    body = copy.deepcopy(layout(prs, "Bullet/ sub bullet slide").placeholders[1]._element)
    body.find(f".//{P}ph").set("idx", "13")
    body.find(f".//{A}off").attrib.update({"x": str(Inches(6)), "y": str(Inches(3))})
    body.find(f".//{A}ext").attrib.update({"cx": str(Pt(21)), "cy": str(Pt(18))})
    tiny.shapes._spTree.append(body)
    add_picture(layout(prs, "Photo"), png(420, 420), 0, 0, Inches(4), Inches(4), "Photo")
    master = prs.slide_masters[0]
    master.background.fill.solid()
    master.background.fill.fore_color.rgb = RGBColor(0, 0, 0)
    styles = master._element.find(f"{P}txStyles")
    for tag, colour in (("titleStyle", "333333"), ("bodyStyle", "FFFFFF")):
        for level in styles.find(f"{P}{tag}"):
            for fill in level.iter(f"{A}srgbClr"):
                fill.set("val", colour)
    second = second_master(prs, ["Bullet/ sub bullet slide", "Heading"])
    add_picture(second, png(40, 40, (255, 120, 0)), Inches(12.2), Inches(6.3), Inches(0.9),
                Inches(0.9))
    scale(prs, 0.75)
    path = _save(prs, folder / "house.pptx")
    potx = folder / "house.potx"
    _as_potx(path, potx)
    path.unlink()
    return potx


def _save(prs, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    return path


def _as_potx(source: Path, target: Path) -> None:
    """The same package with a template's content type, as PowerPoint saves a .potx."""
    import zipfile

    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w") as out:
        for info in package.infolist():
            data = package.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"presentationml.presentation.main+xml",
                                    b"presentationml.template.main+xml")
            out.writestr(info, data)
