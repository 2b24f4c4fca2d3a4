"""Rectangles in points for laying slides out (`Rect` is EMU, for python-pptx): split into
columns, rows and grids, inset, and a stack of blocks centred in the body."""

from __future__ import annotations

from dataclasses import dataclass, replace

from handbook.slides.geometry import Rect
from handbook.slides.pieces import emu, pt

BALANCE = 0.45  # a block sits a little above the middle of the free height: its optical centre


@dataclass(frozen=True)
class Area:
    x: float
    y: float
    w: float
    h: float

    @classmethod
    def of(cls, rect: Rect) -> Area:
        return cls(pt(rect.left), pt(rect.top), pt(rect.width), pt(rect.height))

    @property
    def rect(self) -> Rect:
        return Rect(emu(self.x), emu(self.y), emu(self.w), emu(self.h))

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w

    def inset(self, by: float) -> Area:
        return Area(self.x + by, self.y + by, self.w - 2 * by, self.h - 2 * by)

    def columns(self, count: int, gap: float, weights: tuple[float, ...] = ()) -> list[Area]:
        weights = weights or (1.0,) * count
        free = self.w - gap * (count - 1)
        found, x = [], self.x
        for weight in weights:
            width = free * weight / sum(weights)
            found.append(Area(x, self.y, width, self.h))
            x += width + gap
        return found

    def rows(self, count: int, gap: float) -> list[Area]:
        height = (self.h - gap * (count - 1)) / count
        return [Area(self.x, self.y + i * (height + gap), self.w, height) for i in range(count)]

    def top(self, height: float) -> Area:
        return replace(self, h=height)

    def below(self, height: float, gap: float = 0.0) -> Area:
        """What is left under the top HEIGHT (and a GAP)."""
        return Area(self.x, self.y + height + gap, self.w, self.h - height - gap)

    def centred(self, width: float | None = None, height: float | None = None,
                balance: float = BALANCE) -> Area:
        """An area of WIDTH × HEIGHT centred across and balanced down this one."""
        w = min(self.w, width if width is not None else self.w)
        h = min(self.h, height if height is not None else self.h)
        return Area(self.x + (self.w - w) / 2, self.y + (self.h - h) * balance, w, h)


def grid(count: int, wide: bool) -> tuple[int, int]:
    """(columns, rows) for COUNT cards: a row of up to three (four when WIDE), else two or
    three columns."""
    if count <= (4 if wide else 3):
        return count, 1
    if count == 4:
        return 2, 2
    return 3, -(-count // 3)
