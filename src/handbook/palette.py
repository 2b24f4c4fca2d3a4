"""The default theme's colours for the decks (the print colours are handbook.css's :root).

Every text/background pair the default theme uses is listed in `TEXT_PAIRS` so that a test can
check it against WCAG 2.1 AA contrast.
"""

from __future__ import annotations

DARK_BLUE = "1B3A5C"  # titles; the title slide's background
TEAL = "0B6E6E"  # section dividers, bullets, links, table headers
INK = "1F2A33"  # body text
MUTED = "55606B"  # footers
LIGHT_BLUE = "CFE3F0"  # subtitle on dark blue
WHITE = "FFFFFF"


def tint(colour: str, amount: float) -> str:
    """DrawingML's tint: `amount` of the colour, the rest white."""
    channels = [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(c * amount + 255 * (1 - amount)):02X}" for c in channels)


# (text, background, where, large text?)
TEXT_PAIRS: list[tuple[str, str, str, bool]] = [
    (DARK_BLUE, WHITE, "slide titles", True),
    (INK, WHITE, "slide bullets", False),
    (TEAL, WHITE, "links and bullet marks", False),
    (MUTED, WHITE, "slide footer", False),
    (WHITE, TEAL, "chapter and part dividers", False),
    (WHITE, DARK_BLUE, "title slide", True),
    (LIGHT_BLUE, DARK_BLUE, "title slide subtitle", False),
    (WHITE, TEAL, "table header row", False),
    ("000000", tint(TEAL, 0.4), "table banded rows", False),
    ("000000", tint(TEAL, 0.2), "table rows", False),
]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio of two sRGB colours given as hex."""

    def luminance(colour: str) -> float:
        values = []
        for i in (0, 2, 4):
            c = int(colour.lstrip("#")[i : i + 2], 16) / 255
            values.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
        red, green, blue = values
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
