"""Check a slide template before any build: layouts, placeholders, size and theme fonts."""

from __future__ import annotations

import re
from pathlib import Path

from handbook.errors import Problem

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
