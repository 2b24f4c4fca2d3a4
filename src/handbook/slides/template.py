"""The slide template: checked before a build, its layouts, the geometry and type styles of
their placeholders, and the default template's brand colours and fonts from handbook.toml."""

from __future__ import annotations

import re
from pathlib import Path

from handbook import palette
from handbook.errors import Problem
from handbook.slides.spec import Geometry
from handbook.slides.textfit import EMU_PER_PT, Box, LevelStyle
from handbook.source.theme import DEFAULTS

LAYOUTS = {"title": "Title Slide", "part": "Section Header", "chapter": "Section Header",
           "table": "Title Only", "picture": "Title Only"}
CONTENT_LAYOUT = "Title and Content"
DEFAULT_TEMPLATE = DEFAULTS / "template.pptx"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def geometry(prs) -> Geometry:
    layout = prs.slide_layouts.get_by_name(CONTENT_LAYOUT)
    body = placeholder(layout, (1,)) or placeholder(prs.slide_master, (1,))
    title = placeholder(layout, (0,))
    styles = prs.slide_master._element.find(f"{P}txStyles")
    levels = {i: level_style(styles.find(f"{P}bodyStyle"), i + 1, 26 - 4 * i) for i in (0, 1)}
    title_style = level_style(styles.find(f"{P}titleStyle"), 1, 34)
    return Geometry(
        body=Box(body.width / EMU_PER_PT, body.height / EMU_PER_PT),
        levels=levels,
        title=Box(title.width / EMU_PER_PT, title.height / EMU_PER_PT),
        title_style=title_style,
        layouts=text_layouts(prs),
    )


def layout_slug(name: str) -> str:
    """'Two Content' → 'two-content', as authors write it: `{: .layout-two-content }`."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def text_placeholders(layout) -> list:
    """The placeholders of a layout that take bullets, in index order."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    kinds = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}
    found = [ph for ph in layout.placeholders
             if ph.placeholder_format.type in kinds and ph.placeholder_format.idx not in (0,)]
    return sorted(found, key=lambda ph: ph.placeholder_format.idx)


def text_layouts(prs) -> dict[str, tuple[Box, int]]:
    layouts = {}
    for layout in prs.slide_layouts:
        boxes = text_placeholders(layout)
        if boxes:
            layouts[layout_slug(layout.name)] = (
                Box(boxes[0].width / EMU_PER_PT, boxes[0].height / EMU_PER_PT), len(boxes))
    return layouts


def placeholder(owner, indexes: tuple[int, ...]):
    for shape in owner.placeholders:
        if shape.placeholder_format.idx in indexes:
            return shape
    return None


def level_style(parent, level: int, default_size: float) -> LevelStyle:
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


def brand(prs, meta) -> None:
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


# ----------------------------------------------------------------------------- checking
NEEDED = {  # layout name: placeholder indexes the decks fill
    "Title Slide": (0, 1),
    "Title and Content": (0, 1),
    "Section Header": (0, 1),
    "Title Only": (0,),
}
MEASURED_FONTS = {"Calibri", "Carlito"}


def check_template(path: Path) -> list[Problem]:
    """Problems of the template at `path`; an empty list when the decks can use it."""
    from pptx import Presentation

    try:
        prs = Presentation(str(path))
    except Exception as error:  # python-pptx raises several kinds for a damaged file
        return [Problem(path, None, f"not a PowerPoint file python-pptx can open "
                        f"({type(error).__name__}); save it again as .pptx")]
    problems: list[Problem] = []
    names = [layout.name for layout in prs.slide_layouts]
    for name, indexes in NEEDED.items():
        layout = prs.slide_layouts.get_by_name(name)
        if layout is None:
            problems.append(Problem(path, None, f"no layout named '{name}' (the template has: "
                                    f"{', '.join(names)})"))
            continue
        found = {ph.placeholder_format.idx: ph.name for ph in layout.placeholders}
        for index in indexes:
            if index not in found:
                what = "title" if index == 0 else "body/subtitle"
                have = ", ".join(f"{i}: {n}" for i, n in sorted(found.items())) or "none"
                problems.append(Problem(path, None, f"layout '{name}' has no {what} "
                                        f"placeholder (idx {index}); it has {have}"))
    width, height = prs.slide_width, prs.slide_height
    if abs(width / height - 16 / 9) > 0.01:
        problems.append(Problem(path, None, f"slides are {width / 914400:.2f} × "
                                f"{height / 914400:.2f} in, not 16:9 (13.333 × 7.5 in)",
                                "warning"))
    font = _theme_minor_font(prs)
    if font and font not in MEASURED_FONTS:
        problems.append(Problem(path, None, f"the theme's body font is '{font}'; text fit is "
                                "measured with Calibri's metrics, so bullets may fit less well",
                                "warning"))
    return problems


def _theme_minor_font(prs) -> str | None:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme = prs.slide_master.part.part_related_by(RT.THEME).blob.decode("utf-8", "replace")
    match = re.search(r"<a:minorFont>\s*<a:latin typeface=\"([^\"]+)\"", theme)
    return match.group(1) if match else None
