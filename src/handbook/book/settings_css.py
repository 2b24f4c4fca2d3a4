"""CSS for what handbook.toml sets, loaded between the default stylesheet and styles/*.css.

Paper size, brand colours and fonts; and the [print] table: single-sided pages instead of the
default double-sided layout, bleed and crop marks for a print shop.
"""

from __future__ import annotations

from handbook.model import BookMeta, PrintSettings

MARKS_SPACE_MM = 7.0  # room for crop marks outside the bleed
OPENERS = ".title-page, .imprint, .toc, .part, .chapter, .answer-key, .subject-index"
SIMPLEX = f"""@page {{ margin: 22mm 36mm 26mm 36mm;
  @top-left {{ content: string(chapter-title, first-except); }} }}
@page :left {{ margin: 22mm 36mm 26mm 36mm;
  @top-left {{ content: string(chapter-title, first-except); }}
  @top-right {{ content: string(section-title, first); }}
  @bottom-left {{ content: none; }} @bottom-right {{ content: counter(page); }} }}
{OPENERS} {{ break-before: page; }}
.back-page {{ display: none; }}"""


def config_css(meta: BookMeta, book: bool = True) -> str:
    """CSS for what handbook.toml sets: paper size, colours, fonts; [print] for the BOOK."""
    rules = []
    if meta.paper != "A4":
        rules.append(f"@page {{ size: {meta.paper}; }}")
    variables = [f"  --{name}: #{value};" for name, value in meta.colours]
    fonts = dict(meta.fonts)
    if "body" in fonts:
        variables.append(f'  --body-font: "{fonts["body"]}", "Carlito", "Noto Sans Arabic", '
                         '"Noto Sans Hebrew", "DejaVu Sans Mono", "Noto Emoji", sans-serif;')
    if book and meta.printing.bleed_mm:
        variables.append(f"  --bleed: {meta.printing.bleed_mm:g}mm;")
    if variables:
        rules.append(":root {\n" + "\n".join(variables) + "\n}")
    if "headings" in fonts:
        rules.append(f'h1, h2, h3, h4, .chapter-number {{ font-family: "{fonts["headings"]}", '
                     'var(--body-font); }')
    if book:
        rules.extend(print_css(meta.printing))
    return "\n".join(rules)


def print_css(settings: PrintSettings) -> list[str]:
    """Single-sided pages; the page box grown by the bleed and, with crop marks, their room."""
    rules = [] if settings.duplex else [SIMPLEX]
    box = media_bleed_mm(settings)
    if box:
        marks = " marks: crop;" if settings.crop_marks else ""
        rules.append(f"@page {{ bleed: {box:g}mm;{marks} }}")
    return rules


def media_bleed_mm(settings: PrintSettings) -> float:
    """How far the PDF's MediaBox reaches past the trimmed page.

    WeasyPrint draws crop marks in the outer half of this area, so with marks it is the bleed
    plus room enough for the marks to stay outside the bleed."""
    bleed = settings.bleed_mm
    if not settings.crop_marks:
        return bleed
    return max(bleed + MARKS_SPACE_MM, 2 * bleed + 2)
