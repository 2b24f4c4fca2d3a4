"""Regenerate src/handbook/defaults/template.pptx, the default 16:9 slide template.

python-pptx's own template is 4:3; widening the slide does not move its placeholders, so this
script lays every master and layout placeholder out for 13.333 × 7.5 in and gives the master,
the title slide and the section header the handbook's colours. Run it after changing the look:

    python scripts/make_template.py
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Inches

from handbook.palette import DARK_BLUE, INK, MUTED, TEAL
from handbook.palette import LIGHT_BLUE as LIGHT
from handbook.slides.deck import normalise_zip

OUT = Path(__file__).resolve().parent.parent / "src/handbook/defaults/template.pptx"
NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
TITLE_BOX = (MARGIN, Inches(0.35), WIDTH - 2 * MARGIN, Inches(1.05))
BODY_BOX = (MARGIN, Inches(1.55), WIDTH - 2 * MARGIN, Inches(5.15))
FOOTER_BOX = (MARGIN, Inches(7.0), Inches(9.5), Inches(0.35))
NUMBER_BOX = (WIDTH - MARGIN - Inches(1.2), Inches(7.0), Inches(1.2), Inches(0.35))
DATE_BOX = (WIDTH - MARGIN - Inches(3.6), Inches(7.0), Inches(2.2), Inches(0.35))


def place(shape, box) -> None:
    shape.left, shape.top, shape.width, shape.height = (Emu(int(v)) for v in box)


def widen(shape) -> None:
    """Stretch a 4:3 placeholder to the same relative place on a 16:9 slide (one that inherits
    its place from the master is there already)."""
    if shape._element.spPr.find("a:xfrm", NS) is None:
        return
    ratio = WIDTH / Inches(10)
    shape.left, shape.width = Emu(int(shape.left * ratio)), Emu(int(shape.width * ratio))


def style_levels(parent, levels: dict[int, dict]) -> None:
    """Set size, colour, bold and spacing of the given list levels under `parent`."""
    for level, spec in levels.items():
        ppr = parent.find(f"a:lvl{level}pPr", NS)
        if ppr is None:
            ppr = etree.SubElement(parent, f"{{{NS['a']}}}lvl{level}pPr")
        for key in ("algn", "marL", "indent"):
            if key in spec:
                ppr.set(key, str(spec[key]))
        for tag in ("lnSpc", "spcBef", "spcAft"):
            old = ppr.find(f"a:{tag}", NS)
            if old is not None:
                ppr.remove(old)
        rpr = ppr.find("a:defRPr", NS)
        if rpr is None:
            rpr = etree.SubElement(ppr, f"{{{NS['a']}}}defRPr")
        insert_at = 0
        for tag, value in (("lnSpc", spec.get("line")), ("spcBef", spec.get("before"))):
            if value is None:
                continue
            element = etree.Element(f"{{{NS['a']}}}{tag}")
            if tag == "lnSpc":
                etree.SubElement(element, f"{{{NS['a']}}}spcPct", val=str(value))
            else:
                etree.SubElement(element, f"{{{NS['a']}}}spcPts", val=str(value))
            ppr.insert(insert_at, element)
            insert_at += 1
        if spec.get("no_bullet"):
            for tag in ("buFont", "buChar", "buClr"):
                for old in ppr.findall(f"a:{tag}", NS):
                    ppr.remove(old)
            if ppr.find("a:buNone", NS) is None:
                ppr.insert(insert_at, etree.Element(f"{{{NS['a']}}}buNone"))
        elif "bullet_colour" in spec and ppr.find("a:buClr", NS) is None:
            clr = etree.Element(f"{{{NS['a']}}}buClr")
            etree.SubElement(clr, f"{{{NS['a']}}}srgbClr", val=spec["bullet_colour"])
            ppr.insert(insert_at, clr)
        rpr.set("sz", str(spec["size"] * 100))
        rpr.attrib.pop("cap", None)  # python-pptx's section header shouts in capitals
        if spec.get("bold"):
            rpr.set("b", "1")
        if "colour" in spec:
            for old in rpr.findall("a:solidFill", NS):
                rpr.remove(old)
            fill = etree.Element(f"{{{NS['a']}}}solidFill")
            etree.SubElement(fill, f"{{{NS['a']}}}srgbClr", val=spec["colour"])
            rpr.insert(0, fill)


def inherit(placeholder) -> None:
    """Let a layout placeholder take its place and style from the master's."""
    xfrm = placeholder._element.spPr.find("a:xfrm", NS)
    if xfrm is not None:
        placeholder._element.spPr.remove(xfrm)
    lst = placeholder._element.find(".//a:lstStyle", NS)
    if lst is not None:
        for child in list(lst):
            lst.remove(child)


def list_style(placeholder):
    body = placeholder._element.find(".//p:txBody", NS)
    lst = body.find("a:lstStyle", NS)
    if lst is None:
        lst = etree.SubElement(body, f"{{{NS['a']}}}lstStyle")
        body.insert(1, lst)
    return lst


def anchor(placeholder, value: str) -> None:
    body_pr = placeholder._element.find(".//a:bodyPr", NS)
    body_pr.set("anchor", value)


def style_master(prs) -> None:
    master = prs.slide_master
    for shape in master.placeholders:
        kind = shape.placeholder_format.type
        if kind == PP_PLACEHOLDER.TITLE:
            place(shape, TITLE_BOX)
        elif kind == PP_PLACEHOLDER.BODY:
            place(shape, BODY_BOX)
        elif kind == PP_PLACEHOLDER.FOOTER:
            place(shape, FOOTER_BOX)
            style_levels(list_style(shape), {1: {"size": 11, "colour": MUTED, "algn": "l"}})
        elif kind == PP_PLACEHOLDER.SLIDE_NUMBER:
            place(shape, NUMBER_BOX)
            style_levels(list_style(shape), {1: {"size": 11, "colour": MUTED, "algn": "r"}})
        else:
            place(shape, DATE_BOX)
    styles = master._element.find("p:txStyles", NS)
    style_levels(styles.find("p:titleStyle", NS),
                 {1: {"size": 34, "bold": True, "colour": DARK_BLUE, "algn": "l", "line": 90000}})
    body_levels = {1: {"size": 26, "colour": INK, "before": 1000, "line": 105000,
                       "bullet_colour": TEAL},
                   2: {"size": 22, "colour": INK, "before": 500, "line": 105000,
                       "bullet_colour": TEAL}}
    style_levels(styles.find("p:bodyStyle", NS), body_levels)
    for shape in master.placeholders:
        if shape.placeholder_format.type == PP_PLACEHOLDER.TITLE:
            anchor(shape, "b")


def style_layouts(prs) -> None:
    for layout in prs.slide_layouts:
        for shape in layout.placeholders:
            kind = shape.placeholder_format.type
            if layout.name == "Title and Content" and kind == PP_PLACEHOLDER.OBJECT:
                place(shape, BODY_BOX)
            elif kind == PP_PLACEHOLDER.TITLE and layout.name in ("Title and Content",
                                                                   "Title Only", "Two Content"):
                place(shape, TITLE_BOX)
            else:
                widen(shape)
            if kind == PP_PLACEHOLDER.DATE:  # the decks show no date: the footer is there
                shape._element.getparent().remove(shape._element)
            elif kind in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
                inherit(shape)
    title_slide(prs.slide_layouts.get_by_name("Title Slide"))
    section_header(prs.slide_layouts.get_by_name("Section Header"))


def coloured(layout, colour: str) -> None:
    layout.background.fill.solid()
    layout.background.fill.fore_color.rgb = RGBColor.from_string(colour)


def title_slide(layout) -> None:
    coloured(layout, DARK_BLUE)
    for shape in layout.placeholders:
        kind = shape.placeholder_format.type
        if kind == PP_PLACEHOLDER.CENTER_TITLE:
            place(shape, (Inches(0.9), Inches(1.6), Inches(11.5), Inches(2.6)))
            anchor(shape, "b")
            style_levels(list_style(shape), {1: {"size": 44, "bold": True, "colour": "FFFFFF",
                                                 "algn": "l", "line": 90000}})
        elif kind == PP_PLACEHOLDER.SUBTITLE:
            place(shape, (Inches(0.9), Inches(4.45), Inches(11.5), Inches(2.0)))
            anchor(shape, "t")
            style_levels(list_style(shape), {
                1: {"size": 24, "colour": LIGHT, "algn": "l", "marL": 0, "indent": 0,
                    "no_bullet": True, "before": 600},
                2: {"size": 18, "colour": LIGHT, "algn": "l", "marL": 0, "indent": 0,
                    "no_bullet": True, "before": 1200}})


def section_header(layout) -> None:
    coloured(layout, TEAL)
    for shape in layout.placeholders:
        kind = shape.placeholder_format.type
        if kind == PP_PLACEHOLDER.TITLE:
            place(shape, (Inches(0.9), Inches(1.2), Inches(11.5), Inches(3.2)))
            anchor(shape, "b")
            style_levels(list_style(shape), {1: {"size": 44, "bold": True, "colour": "FFFFFF",
                                                 "algn": "l", "line": 90000}})
        elif kind == PP_PLACEHOLDER.BODY:
            place(shape, (Inches(0.9), Inches(4.6), Inches(11.5), Inches(2.0)))
            anchor(shape, "t")
            style_levels(list_style(shape), {
                1: {"size": 28, "bold": True, "colour": "FFFFFF", "marL": 0, "indent": 0,
                    "no_bullet": True, "before": 0},
                2: {"size": 20, "colour": "FFFFFF", "marL": 0, "indent": 0,
                    "no_bullet": True, "before": 800}})


def theme_colours(prs) -> None:
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    xml = theme.blob.decode("utf-8")
    for slot, colour in (("dk2", DARK_BLUE), ("accent1", TEAL), ("accent2", DARK_BLUE),
                         ("hlink", TEAL)):
        xml = re.sub(rf"<a:{slot}>.*?</a:{slot}>",
                     f'<a:{slot}><a:srgbClr val="{colour}"/></a:{slot}>', xml, flags=re.S)
    theme._blob = xml.encode("utf-8")


def main() -> None:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    style_master(prs)
    style_layouts(prs)
    theme_colours(prs)
    props = prs.core_properties
    props.title, props.author, props.last_modified_by = "handbook default template", "", ""
    props.revision = 1
    buffer = io.BytesIO()
    prs.save(buffer)
    OUT.write_bytes(normalise_zip(buffer.getvalue()))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
