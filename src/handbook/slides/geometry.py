"""Where things go on a template's layout: rectangles in EMU, the free area between the
template's own pictures and rules, and one layout's boxes (`LayoutInfo`).

Pure data and arithmetic; `slides/layouts.py` reads it from python-pptx.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from handbook.slides.textfit import EMU_PER_PT, Box

EMU_PER_INCH = 914400
GAP = EMU_PER_INCH // 10  # kept between a placed shape and the template's pictures
MAX_OBSTACLES = 8  # the largest free rectangle is searched among this many, nearest first


@dataclass(frozen=True)
class Rect:
    """A rectangle on the slide, in EMU."""

    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    @property
    def area(self) -> int:
        return max(0, self.width) * max(0, self.height)

    def overlaps(self, other: Rect) -> bool:
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)

    def grown(self, by: int) -> Rect:
        return Rect(self.left - by, self.top - by, self.width + 2 * by, self.height + 2 * by)

    def box(self) -> Box:
        """The rectangle as a text box the planner measures (in points)."""
        return Box(self.width / EMU_PER_PT, self.height / EMU_PER_PT)

    def fit(self, width: int, height: int) -> Rect:
        """The largest rectangle of WIDTH:HEIGHT inside this one, centred across, at its top."""
        ratio = min(self.width / max(1, width), self.height / max(1, height))
        fitted_w, fitted_h = int(width * ratio), int(height * ratio)
        return Rect(self.left + (self.width - fitted_w) // 2, self.top, fitted_w, fitted_h)


def bounding(rects: list[Rect] | tuple[Rect, ...]) -> Rect | None:
    if not rects:
        return None
    left, top = min(r.left for r in rects), min(r.top for r in rects)
    return Rect(left, top, max(r.right for r in rects) - left, max(r.bottom for r in rects) - top)


def free_area(region: Rect, obstacles: tuple[Rect, ...], gap: int = GAP) -> Rect:
    """The largest rectangle inside REGION that keeps GAP clear of every obstacle.

    Exact over the grid of the obstacles' edges (few: a logo, a rule, a picture band). When
    the obstacles cover the whole region, the region itself (nothing better exists).
    """
    near = sorted((o.grown(gap) for o in obstacles if o.grown(gap).overlaps(region)),
                  key=lambda o: -o.area)[:MAX_OBSTACLES]
    if not near:
        return region
    xs = sorted({region.left, region.right, *(min(max(x, region.left), region.right)
                                              for o in near for x in (o.left, o.right))})
    ys = sorted({region.top, region.bottom, *(min(max(y, region.top), region.bottom)
                                              for o in near for y in (o.top, o.bottom))})
    best: Rect | None = None
    for x1, x2 in combinations(xs, 2):
        for y1, y2 in combinations(ys, 2):
            candidate = Rect(x1, y1, x2 - x1, y2 - y1)
            if best is not None and candidate.area <= best.area:
                continue
            if not any(candidate.overlaps(o) for o in near):
                best = candidate
    return best or region


@dataclass(frozen=True)
class LayoutInfo:
    """One layout of the template, as the decks use it.

    `key` is how a SlideSpec names it (its name as a slug, unique in the template); `kind` is
    the role its placeholders make it fit (see roles.ROLES), or "other".
    """

    key: str
    name: str
    master: int  # which slide master, in the template's order
    index: int  # which layout of that master
    kind: str
    title: Rect  # the title placeholder (clear of logos), else where a title box goes
    texts: tuple[Rect, ...]  # text placeholders (subtitle, body, object), in index order
    pictures: tuple[Rect, ...]  # picture placeholders
    body: Rect  # where content goes: the placeholders' area, or the free area under the title
    footer: Rect | None  # the layout's own footer, date and slide-number placeholders
    date: Rect | None
    number: Rect | None
    logos: tuple[Rect, ...]  # the master's (when shown) and the layout's pictures and rules
    background: str | None = None  # RRGGBB of a plain background; None for a picture
    title_colour: str | None = None  # RRGGBB the template sets titles in
    text_colour: str | None = None  # and body or subtitle text
    has_title: bool = True  # False: the title is drawn in a text box at `title`
    text_ids: tuple[int, ...] = ()  # the idx of each of `texts`' placeholders
    moved: tuple[int, ...] = ()  # the idx of placeholders moved clear of a logo
    scheme: tuple[tuple[str, str], ...] = ()  # bg1, tx1, accent1 … as RRGGBB on this layout

    def colour(self, slot: str) -> str | None:
        """RRGGBB of a theme colour slot as this layout maps it (bg1 → lt1 …)."""
        return dict(self.scheme).get(slot)

    def text_box(self, index: int = 0) -> Rect:
        """The INDEXth text placeholder, else the body region (a text box goes there)."""
        return self.texts[index] if index < len(self.texts) else self.body

    @property
    def columns(self) -> int:
        """How many text boxes share a slide's points."""
        return max(1, len(self.texts))
