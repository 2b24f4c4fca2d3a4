"""Math: `$…$`, `\\(…\\)`, `$$…$$`, `\\[…\\]` and MyST `{math}`, typeset for print with ziamath.

PyMdown Arithmatex (generic mode) finds display math and `\\(…\\)`; `$…$` is found by
`dialects/roles` with Pandoc's rule (the closing `$` not followed by a digit), so prices such as
"US$25 … HK$200" stay text. Both leave `<span|div class="arithmatex">` with the TeX in the tree.
For print each becomes an SVG drawn by ziamath (its own math font, drawn as paths); the model
keeps the TeX source as text for the slides and notes.
"""

from __future__ import annotations

import base64
import html
import xml.etree.ElementTree as etree
from collections.abc import Callable

INLINE_PT = 12.5  # looks as large as the 10.5 pt body text
DISPLAY_PT = 14.0

Report = Callable[[str, str], None]  # (TeX, message)


def tex_of(element: etree.Element) -> str:
    """The TeX of an arithmatex element, without its delimiters."""
    text = html.unescape("".join(element.itertext())).strip()
    for start, end in (("\\(", "\\)"), ("\\[", "\\]"), ("$$", "$$"), ("$", "$")):
        if text.startswith(start) and text.endswith(end) and len(text) >= len(start + end):
            return text[len(start):len(text) - len(end)].strip()
    return text


def is_math(element: etree.Element) -> bool:
    return "arithmatex" in (element.get("class") or "").split()


def typeset(root: etree.Element, report: Report) -> None:
    """Replace every formula in the print tree with its SVG (or its TeX, if it cannot be);
    say once that the slides show TeX."""
    first = None
    for parent in root.iter():
        for index, child in enumerate(list(parent)):
            if is_math(child):
                first = first or tex_of(child)
                parent[index] = _drawn(child, report)
    if first is not None:
        report(first, "math is typeset in the PDF; the slides and notes show its TeX source "
               f"(e.g. '{first[:30]}')")


def _drawn(element: etree.Element, report: Report) -> etree.Element:
    import warnings

    with warnings.catch_warnings():  # ziamath 0.13 still uses importlib.resources.path
        warnings.simplefilter("ignore", DeprecationWarning)
        import ziamath

    tex, display = tex_of(element), element.tag == "div"
    try:
        formula = ziamath.Latex(tex, size=DISPLAY_PT if display else INLINE_PT,
                                inline=not display, margin=0)
        svg = formula.svg()
        width, height = formula.getsize()
        drop = formula.getyofst()
    except Exception as error:  # ziamath raises what its parser meets; TeX stays readable
        report(tex, f"math '{tex[:40]}' cannot be typeset ({type(error).__name__}); printed "
               "as TeX")
        code = etree.Element("code", {"class": "math"})
        code.text, code.tail = tex, element.tail
        return code
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    image = etree.Element("img", {"class": "math", "src": uri, "alt": tex, "style":
                                  f"width: {width:.2f}pt; height: {height:.2f}pt; "
                                  f"vertical-align: {drop:.2f}pt"})
    if not display:
        image.tail = element.tail
        return image
    box = etree.Element("div", {"class": "math-display"})
    box.append(image)
    box.tail = element.tail
    return box
