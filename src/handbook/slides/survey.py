"""What a template gives the decks and what it lacks: warnings, each naming the template file,
reported once by `check` and by `build` alike. Nothing here is an error: any template that
opens gives decks; where a layout lacks a placeholder, its text goes in a text box."""

from __future__ import annotations

from pathlib import Path

from handbook import palette
from handbook.errors import Problem
from handbook.slides.geometry import LayoutInfo
from handbook.slides.roles import TemplateInfo
from handbook.slides.spec import MIN_BODY_PT
from handbook.slides.template import theme_minor_font
from handbook.slides.textfit import Box, LevelStyle, fitting_scale

MEASURED_FONTS = {"Calibri", "Carlito"}
READABLE = 3.0  # WCAG AA for large text (titles, and body text of 18 pt or more)
USED = {  # role: what the decks put there, and whether it needs a second text box
    "title": ("the course title", "the subtitle and edition lines"),
    "section": ("part and chapter titles", "the 'Chapter N' and session lines"),
    "content": ("slide titles", "the bullets"),
    "title-only": ("table and figure titles", None),
}


def survey(path: Path, prs, info: TemplateInfo) -> list[Problem]:
    """Warnings about the template at PATH, as the decks will use it."""
    found = [*info.notes]
    for role, (title_text, body_text) in USED.items():
        layout = info.role(role)
        if not layout.has_title:
            found.append(f"the {role} layout '{layout.name}' has no title placeholder: "
                         f"{title_text} are drawn in a text box")
        if body_text and not layout.texts:
            found.append(f"the {role} layout '{layout.name}' has no text placeholder: "
                         f"{body_text} are drawn in a text box")
        found += _contrast(role, layout)
    content = info.role("content")
    box = content.text_box(0).box()
    if fitting_scale([("Word", 0)], box, {0: LevelStyle(MIN_BODY_PT)}, MIN_BODY_PT) is None:
        found.append(f"the content layout '{content.name}' has a body of {_size(box)}, too "
                     "small for one line at 18 pt; name a larger one in [layouts]")
    font = theme_minor_font(prs)
    if font and font not in MEASURED_FONTS:
        found.append(f"the theme's body font is '{font}'; text fit is measured with "
                     "Calibri's metrics, so bullets may fit less well")
    return [Problem(path, None, message, "warning") for message in dict.fromkeys(found)]


def _contrast(role: str, layout: LayoutInfo) -> list[str]:
    if layout.background is None:
        return []
    found = []
    for what, colour, shown in (("titles", layout.title_colour, layout.has_title),
                                ("text", layout.text_colour, bool(layout.texts))):
        if colour is None or not shown:
            continue
        ratio = palette.contrast(colour, layout.background)
        if ratio < READABLE:
            found.append(f"the {role} layout '{layout.name}' sets {what} in #{colour} on "
                         f"#{layout.background}: contrast {ratio:.1f}:1, WCAG AA needs "
                         f"{READABLE:.0f}:1")
    return found


def _size(box: Box) -> str:
    return f"{box.width_pt:.0f} × {box.height_pt:.0f} pt"
