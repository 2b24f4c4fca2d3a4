"""The slide template: checked before a build, its layouts, the geometry and type styles of
their placeholders, and the default template's brand colours and fonts from handbook.toml."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from handbook import palette
from handbook.slides.layouts import read_layouts
from handbook.slides.roles import TemplateInfo, choose
from handbook.slides.spec import Geometry
from handbook.slides.template_safety import PackageRefused, clean_package
from handbook.slides.textfit import EMU_PER_PT, LevelStyle
from handbook.source.paths import MAX_FILE, Refused, read_bytes
from handbook.source.theme import DEFAULTS

DEFAULT_TEMPLATE = DEFAULTS / "template.pptx"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
SUFFIXES = (".pptx", ".potx")  # a presentation and a template (.potx) are both fine
POTX_TYPE = b"presentationml.template.main+xml"
PPTX_TYPE = b"presentationml.presentation.main+xml"


class UnusableTemplate(Exception):
    """The file is not a PowerPoint package python-pptx can open."""


def template_package(path: Path, notes: list[str] | None = None) -> bytes:
    """The template's bytes, ready for python-pptx: every template is opened through here.

    It is read within limits and stripped of what reaches out or runs (template_safety; what
    was removed goes to NOTES). A .potx differs from a .pptx only in its main part's content
    type, which python-pptx refuses; it is switched in [Content_Types].xml, so the decks are
    presentations.
    """
    try:
        data = clean_package(read_bytes(path, MAX_FILE), notes if notes is not None else [])
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            types = package.read("[Content_Types].xml")
            if POTX_TYPE not in types:
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for info in package.infolist():
                    content = package.read(info.filename)
                    if info.filename == "[Content_Types].xml":
                        content = types.replace(POTX_TYPE, PPTX_TYPE)
                    target.writestr(info, content)
            return out.getvalue()
    except (OSError, zipfile.BadZipFile, KeyError) as error:
        raise UnusableTemplate(type(error).__name__) from None
    except (Refused, PackageRefused) as error:
        raise UnusableTemplate(str(error)) from None


def open_presentation(data: bytes):
    """A python-pptx Presentation of a package from `template_package`."""
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        prs = Presentation(io.BytesIO(data))
    except Exception as error:  # python-pptx raises several kinds for a damaged file
        raise UnusableTemplate(type(error).__name__) from None
    for master in prs.slide_masters:  # every master needs one (colours, fonts)
        try:
            master.part.part_related_by(RT.THEME)
        except KeyError:
            raise UnusableTemplate("a slide master without a theme") from None
    return prs


def template_info(prs, overrides: tuple[tuple[str, str], ...] = ()) -> TemplateInfo:
    """The template's layouts and the one chosen for each role."""
    return choose(read_layouts(prs), (prs.slide_width, prs.slide_height), overrides)


def geometry(prs, info: TemplateInfo) -> Geometry:
    """What the planner measures: the content layout's boxes and the master's type styles."""
    content = info.role("content")
    master = prs.slide_masters[content.master]
    styles = master._element.find(f"{P}txStyles")
    body, titles = (styles.find(f"{P}{kind}") if styles is not None else None
                    for kind in ("bodyStyle", "titleStyle"))
    levels = {i: level_style(body, i + 1, 26 - 4 * i) for i in (0, 1)}
    return Geometry(
        body=content.text_box(0).box(),
        levels=levels,
        title=content.title.box(),
        title_style=level_style(titles, 1, 34),
        layouts={i.key: (i.text_box(0).box(), i.columns) for i in info.layouts},
        free=info.role("title-only").body.box(),
        template=info,
    )


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


def theme_minor_font(prs) -> str | None:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme = prs.slide_master.part.part_related_by(RT.THEME).blob.decode("utf-8", "replace")
    match = re.search(r"<a:minorFont>\s*<a:latin typeface=\"([^\"]+)\"", theme)
    return match.group(1) if match else None
