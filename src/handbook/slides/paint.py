"""The colours of designed slides, from the template's theme: a slot ("accent1"), a lighter
share of one ("accent1:20" is PowerPoint's "Accent 1, lighter 80 %": lumMod 20 %, lumOff
80 %, and a calmer saturation: satMod 55 %), or hex ("#1F2A33"). A corporate theme restyles
every shape; text on a fill is set in whichever of the theme's text and background colours
reads better on it."""

from __future__ import annotations

import colorsys

from handbook import palette
from handbook.slides.geometry import LayoutInfo

FALLBACK = {"bg1": "FFFFFF", "tx1": "000000", "bg2": "EEECE1", "tx2": "1F497D",
            "accent1": "4F81BD", "accent2": "C0504D", "hlink": "0000FF"}
TINT = 20  # a card's fill: a fifth of the accent colour, the rest white (in lightness)
SATURATION = 55  # and its saturation taken down to this share, so that tints stay calm


def split(colour: str) -> tuple[str, int]:
    """("accent1", 20) for "accent1:20"; (slot, 100) for a plain slot."""
    slot, _, share = colour.partition(":")
    return slot, int(share) if share else 100


def lighter(colour: str, share: int) -> str:
    """COLOUR with its lightness taken to SHARE % of itself plus the rest of white (HSL, as
    lumMod and lumOff do)."""
    if share >= 100:
        return colour
    red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, sat = colorsys.rgb_to_hls(red, green, blue)
    light = min(1.0, light * share / 100 + (1 - share / 100))
    sat = sat * SATURATION / 100
    return "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(hue, light, sat))


def resolve(colour: str | None, info: LayoutInfo) -> str | None:
    """RRGGBB of a piece's colour on the layout INFO."""
    if colour is None:
        return None
    if colour.startswith("#"):
        return colour[1:].upper()
    slot, share = split(colour)
    base = info.colour(slot) or FALLBACK.get(slot, "000000")
    return lighter(base, share)


def on(fill: str, info: LayoutInfo) -> str:
    """The theme slot (tx1 or bg1) that reads better on FILL."""
    background = resolve(fill, info) or "FFFFFF"
    dark, light = resolve("tx1", info) or "000000", resolve("bg1", info) or "FFFFFF"
    return "tx1" if palette.contrast(dark, background) >= palette.contrast(light, background) \
        else "bg1"


def accent(info: LayoutInfo) -> str:
    """The accent slot for marks and numbers: accent1, unless it is too faint on the slide's
    background (then the darker text colour tx2)."""
    background = info.background or resolve("bg1", info) or "FFFFFF"
    if palette.contrast(resolve("accent1", info) or "000000", background) >= 3.0:
        return "accent1"
    return "tx2" if palette.contrast(resolve("tx2", info) or "000000", background) >= 3.0 \
        else "tx1"


def tint(info: LayoutInfo) -> str:
    """A card's fill: the accent, much lighter."""
    return f"{accent(info)}:{TINT}"
