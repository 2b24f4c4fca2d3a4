"""A slide's furniture: the footer (the course title), the slide number and the date in the
layout's own placeholders where it has them, else in text boxes clear of the template's logos;
and the course logo on the title slide."""

from __future__ import annotations

import io
from pathlib import Path

from handbook.slides.boxes import A, place, readable, text_box
from handbook.slides.geometry import EMU_PER_INCH, LayoutInfo, Rect, free_area
from handbook.slides.pictures import drawable

FOOTER_PT = 11
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
TYPES = {"ftr": "footer", "sldNum": "number", "dt": "date"}
LATER = {"ea", "cs", "sym", "hlinkClick", "hlinkMouseOver", "rtl", "extLst"}  # after a:latin


def furniture(layout) -> list[tuple[str, object, object]]:
    """(kind, placeholder, list style) of the layout's footer, slide-number and date
    placeholders: worked out once per layout of a deck. The style is the layout's (else the
    master's) for that placeholder, copied onto each slide: PowerPoint inherits it anyway,
    LibreOffice only reads it there; the theme's body font is named where it names none."""
    from copy import deepcopy

    found = []
    for shape in layout.placeholders:
        kind = TYPES.get(_type(shape))
        if kind is None or any(k == kind for k, _, _ in found):
            continue
        master_ph = next((s for s in layout.slide_master.placeholders
                          if _type(s) == _type(shape)), None)
        style = None
        for owner in (shape, master_ph):
            source = owner._element.find(f".//{A}lstStyle") if owner is not None else None
            if source is not None and len(source):
                style = deepcopy(source)
                for rpr in style.iter(f"{A}defRPr"):
                    if rpr.find(f"{A}latin") is None:
                        later = next((c for c in rpr if c.tag.removeprefix(A) in LATER), None)
                        latin = rpr.makeelement(f"{A}latin", {"typeface": "+mn-lt"})
                        (later.addprevious if later is not None else rpr.append)(latin)
                break
        found.append((kind, shape, style))
    return found


def footer(slide, parts: list, info: LayoutInfo, meta, size: tuple[int, int]) -> None:
    """The course title, the slide number and (if the book has one) its date, in the layout's
    placeholders (PARTS, from `furniture`), else in text boxes."""
    from copy import deepcopy

    texts = {"footer": meta.title, "number": None, "date": meta.date}
    spots = {"footer": info.footer, "number": info.number, "date": info.date}
    drawn = set()
    for kind, shape, style in parts:
        if kind != "number" and not texts[kind]:
            continue
        slide.shapes.clone_placeholder(shape)
        added = slide.shapes[-1]
        body = added._element.get_or_add_txBody()
        if style is not None:
            old = body.find(f"{A}lstStyle")
            if old is not None:
                body.remove(old)
            body.insert(1, deepcopy(style))
        spot = spots[kind]
        if spot is not None and any(spot.overlaps(logo) for logo in info.logos):
            place(added, free_area(spot, info.logos))  # the template's own clash
        _fill(added.text_frame.paragraphs[0], texts[kind])
        drawn.add(kind)
    if {"footer", "number"} - drawn:
        _boxes(slide, info, meta.title, size, drawn)


def _fill(paragraph, text: str | None) -> None:
    """TEXT, or the slide-number field (None), in the placeholder's own style."""
    from lxml import etree

    if text is not None:
        paragraph.text = text
        return
    field = etree.SubElement(paragraph._p, f"{A}fld", id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}",
                             type="slidenum")
    etree.SubElement(field, f"{A}rPr", lang="en-GB")
    etree.SubElement(field, f"{A}t").text = "‹#›"


def _boxes(slide, info: LayoutInfo, title: str, size: tuple[int, int], drawn: set) -> None:
    """Footer and number in text boxes along the bottom, in the free part of that strip."""
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    width, height = size
    margin = min(int(EMU_PER_INCH * 0.6), width // 20)
    strip = free_area(Rect(margin, height - int(EMU_PER_INCH * 0.5), width - 2 * margin,
                           int(EMU_PER_INCH * 0.35)), info.logos)
    number_w = min(EMU_PER_INCH, strip.width // 3)
    colour = readable(info, title=False, muted=True)
    if "number" not in drawn:
        box = text_box(slide, Rect(strip.right - number_w, strip.top, number_w, strip.height),
                       "Slide number", colour)
        paragraph = box.text_frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.RIGHT
        _fill(paragraph, None)
        paragraph._p.find(f"{A}fld/{A}rPr").set("sz", str(FOOTER_PT * 100))
    if "footer" not in drawn and strip.width - number_w > 2 * EMU_PER_INCH:
        box = text_box(slide, Rect(strip.left, strip.top, strip.width - number_w - margin,
                                   strip.height), "Footer", colour)
        box.text_frame.text = title
        box.text_frame.paragraphs[0].runs[0].font.size = Pt(FOOTER_PT)


def _type(shape) -> str:
    ph = shape._element.find(f".//{P}ph")
    return ph.get("type", "obj") if ph is not None else ""


def course_logo(slide, path: Path, info: LayoutInfo, size: tuple[int, int],
                warnings: list[str]) -> None:
    """The book's logo at the top right of the title slide, left of any logo the template has
    there."""
    found = drawable(path, warnings, "logo")
    if found is None:
        return
    data, (pixel_w, pixel_h) = found
    height = int(EMU_PER_INCH * 0.8)
    width = int(height * pixel_w / pixel_h)
    margin = int(EMU_PER_INCH * 0.5)
    strip = free_area(Rect(margin, margin, size[0] - 2 * margin, height), info.logos)
    width = min(width, strip.width)
    picture = slide.shapes.add_picture(io.BytesIO(data), strip.right - width, strip.top, width,
                                       int(width * pixel_h / pixel_w))
    picture._element.nvPicPr.cNvPr.set("descr", "Logo")
    picture.name = "Logo"
