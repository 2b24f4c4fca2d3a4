"""Figures as vectors: an SVG goes into the deck as SVG (PowerPoint's `asvg:svgBlip`
extension of the picture's blip, the way PowerPoint itself stores an inserted SVG) with a PNG
fallback, rasterised with the bundled fonts, for viewers that cannot draw SVG. python-pptx has
no API for it: the SVG part (image/svg+xml) is added to the package and related from the slide
here. The SVG is stored without scripts, event handlers or references outside itself, so that
nothing in a deck reaches beyond it."""

from __future__ import annotations

import hashlib
import io
import re
import xml.etree.ElementTree as etree

from handbook.slides.pieces import Piece
from handbook.source.paths import MAX_FILE, read_bytes

SVG_URI = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
SVG_TYPE = "image/svg+xml"
UNSAFE_TAGS = {"script", "foreignObject", "iframe", "embed", "object", "audio", "video"}
HREFS = ("href", "{http://www.w3.org/1999/xlink}href")
EXTERNAL = re.compile(r"url\(\s*['\"]?(?!#)|@import", re.I)


def add_figure(slide, piece: Piece, warnings: list[str]):
    """The piece's picture at its place, with its alt text; an SVG as SVG with a PNG
    fallback. One that cannot be drawn is a warning, and the slide shows its description."""
    from handbook.slides.boxes import text_box
    from handbook.slides.pictures import drawable

    image = piece.image
    found = drawable(image.path, warnings)
    if found is None:
        text_box(slide, piece.rect, "Picture description", None).text_frame.text = \
            image.alt or image.path.name
        return None
    data, _ = found
    r = piece.rect
    picture = slide.shapes.add_picture(io.BytesIO(data), r.left, r.top, r.width, r.height)
    picture._element.nvPicPr.cNvPr.set("descr", image.alt)
    picture.name = piece.name
    if image.path.suffix.lower() == ".svg":
        svg = clean_svg(read_bytes(image.path, MAX_FILE))
        if svg is not None:
            attach_svg(slide, picture, svg)
    return picture


def attach_svg(slide, picture, svg: bytes) -> None:
    """Relate the SVG part to the slide and name it in the picture's blip."""
    from lxml import etree as lxml

    part = svg_part(slide.part.package, svg)
    rid = slide.part.relate_to(part, "http://schemas.openxmlformats.org/officeDocument/2006/"
                                     "relationships/image")
    blip = picture._element.find(f".//{A}blip")
    extensions = blip.find(f"{A}extLst")
    if extensions is None:
        extensions = lxml.SubElement(blip, f"{A}extLst")
    ext = lxml.SubElement(extensions, f"{A}ext", uri=SVG_URI)
    lxml.SubElement(ext, f"{{{ASVG}}}svgBlip", {f"{R}embed": rid})


def svg_part(package, svg: bytes):
    """One part per distinct SVG in a package (a figure on two slides is stored once)."""
    from pptx.opc.package import Part

    digest = hashlib.sha1(svg).hexdigest()
    known = package.__dict__.setdefault("_handbook_svgs", {})
    if digest not in known:
        known[digest] = Part(package.next_image_partname("svg"), SVG_TYPE, package, svg)
    return known[digest]


def clean_svg(data: bytes) -> bytes | None:
    """The SVG without scripts, event handlers, or links and pictures outside itself (only
    #fragments and data: URIs stay); None if it is not an SVG we can read."""
    from handbook.source.images import parse_svg

    try:
        root = parse_svg(data)
    except ValueError:
        return None
    if not root.tag.endswith("svg"):
        return None
    for parent in list(root.iter()):
        for child in list(parent):
            style = _local(child.tag) == "style" and EXTERNAL.search(child.text or "")
            if _local(child.tag) in UNSAFE_TAGS or style:
                parent.remove(child)
    for element in root.iter():
        for name in list(element.attrib):
            if _unsafe(name, element.attrib[name].strip()):
                del element.attrib[name]
    etree.register_namespace("", "http://www.w3.org/2000/svg")
    etree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def _unsafe(name: str, value: str) -> bool:
    """An event handler, or a reference to something outside the SVG."""
    outside = name in HREFS and not value.startswith(("#", "data:image/"))
    return _local(name).lower().startswith("on") or outside or bool(EXTERNAL.search(value))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
