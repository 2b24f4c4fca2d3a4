"""The colours a template's layout shows: its plain background, and the colour its titles and
text are set in, with scheme colours resolved through the master's colour map and the theme."""

from __future__ import annotations

import colorsys

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
COLOUR_TAGS = (f"{A}srgbClr", f"{A}schemeClr", f"{A}sysClr", f"{A}prstClr")
PRESET = {"black": "000000", "white": "FFFFFF"}


def scheme(master) -> dict[str, str]:
    """The theme's colour slots (dk1, lt1, accent1, …) as RRGGBB."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.oxml import parse_xml

    theme = parse_xml(master.part.part_related_by(RT.THEME).blob)
    found = theme.find(f".//{A}clrScheme")
    slots: dict[str, str] = {}
    for slot in found if found is not None else ():
        colour = next(iter(slot), None)
        value = colour.get("val") if colour is not None and colour.tag == f"{A}srgbClr" \
            else colour.get("lastClr") if colour is not None else None
        if value:
            slots[slot.tag.removeprefix(A)] = value.upper()
    return slots


def colour_map(master, layout) -> dict[str, str]:
    """bg1 → lt1, tx1 → dk1, …: the master's map, or the layout's override."""
    override = layout._element.find(f"{P}clrMapOvr/{A}overrideClrMapping")
    element = override if override is not None else master._element.find(f"{P}clrMap")
    return dict(element.attrib) if element is not None else {}


class Palette:
    """Resolves DrawingML colour elements for one layout."""

    def __init__(self, master, layout):
        self.slots = scheme(master)
        self.mapping = colour_map(master, layout)

    def resolve(self, element) -> str | None:
        """RRGGBB of a colour element (srgbClr, schemeClr, …), with lumMod/lumOff applied."""
        if element is None:
            return None
        value = element.get("val")
        if element.tag == f"{A}srgbClr":
            base = value
        elif element.tag == f"{A}schemeClr":
            base = self.slots.get(self.mapping.get(value, value))
        elif element.tag == f"{A}sysClr":
            base = element.get("lastClr")
        else:
            base = PRESET.get(value or "")
        return _modified(base.upper(), element) if base else None

    def fill(self, parent) -> str | None:
        """The colour of PARENT's solidFill child, if it has one."""
        fill = parent.find(f"{A}solidFill") if parent is not None else None
        if fill is None:
            return None
        return self.resolve(next((c for c in fill if c.tag in COLOUR_TAGS), None))


def _modified(colour: str, element) -> str:
    mods = {child.tag.removeprefix(A): int(child.get("val", "100000")) / 100000
            for child in element}
    if not {"lumMod", "lumOff", "tint", "shade"} & set(mods):
        return colour
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    if "tint" in mods:  # towards white
        red, green, blue = (c + (1 - c) * (1 - mods["tint"]) for c in (red, green, blue))
    if "shade" in mods:
        red, green, blue = (c * mods["shade"] for c in (red, green, blue))
    hue, light, sat = colorsys.rgb_to_hls(red, green, blue)
    light = min(1.0, max(0.0, light * mods.get("lumMod", 1.0) + mods.get("lumOff", 0.0)))
    red, green, blue = colorsys.hls_to_rgb(hue, light, sat)
    return "".join(f"{round(c * 255):02X}" for c in (red, green, blue))


def background(master, layout, palette: Palette) -> str | None:
    """RRGGBB of the layout's plain background (its own, else the master's); None for a
    picture or gradient, whose contrast cannot be judged."""
    for owner in (layout, master):
        bg = owner._element.find(f"{P}cSld/{P}bg")
        if bg is None:
            continue
        props = bg.find(f"{P}bgPr")
        if props is not None:
            return palette.fill(props)
        ref = bg.find(f"{P}bgRef")
        return palette.resolve(next((c for c in ref if c.tag in COLOUR_TAGS), None)) \
            if ref is not None and int(ref.get("idx", "0")) < 1003 else None
    return palette.resolve(_scheme_element("bg1"))


def text_colour(master, layout, placeholder, title: bool, palette: Palette) -> str | None:
    """The colour of a placeholder's first-level text: its own list style, then the master's
    placeholder of that type, then the master's title or body style; tx1 otherwise."""
    master_ph = _master_placeholder(master, placeholder, title)
    styles = master._element.find(f"{P}txStyles/{P}{'titleStyle' if title else 'bodyStyle'}")
    for source in (placeholder, master_ph):
        lst = source._element.find(f".//{A}lstStyle") if source is not None else None
        found = _level_colour(lst, palette)
        if found:
            return found
    return _level_colour(styles, palette) or palette.resolve(_scheme_element("tx1"))


def _level_colour(parent, palette: Palette) -> str | None:
    rpr = parent.find(f"{A}lvl1pPr/{A}defRPr") if parent is not None else None
    return palette.fill(rpr)


def _master_placeholder(master, placeholder, title: bool):
    wanted = ("title", "ctrTitle") if title else ("body",)
    for shape in master.placeholders:
        ph = shape._element.find(f".//{P}ph")
        if ph is not None and ph.get("type", "obj") in wanted:
            return shape
    return None


def _scheme_element(slot: str):
    from lxml import etree

    return etree.Element(f"{A}schemeClr", val=slot)
