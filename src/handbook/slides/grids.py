"""Grid layouts: cards, steps (a numbered process), terms, headed columns (comparison, the
course's modules), the agenda and further reading with a QR code beside each link. Every
box is measured; one type size per slide, the largest at which every box fits."""

from __future__ import annotations

from handbook.slides.area import Area, grid
from handbook.slides.compose import GAP, Composer, ink, runs
from handbook.slides.geometry import LayoutInfo
from handbook.slides.paint import accent, on, tint
from handbook.slides.pieces import Para, Piece, Run, height, sizes, text_para
from handbook.slides.points import bullet_units, lead_in
from handbook.slides.spec import Bullet, SlideSpec

PAD = 16.0  # inside a card
BAR = 6.0  # a card's accent bar at its left edge
HORIZONTAL_WORDS = 14  # steps this short run left to right


def _texts(bullet: Bullet, size: float, sub: float, align: str = "l",
           inline: bool = False) -> tuple[Para, ...]:
    """A point as paragraphs: its bold lead-in on a line of its own, the rest under it (or
    INLINE: in one paragraph, at one size)."""
    lead, rest = lead_in(bullet.spans)
    if not lead or inline:
        return (Para(runs(bullet.spans), size, align=align, line=1.05),)
    text = tuple(Para(runs(rest), sub, align=align, before=sub * 0.35, line=1.05)
                 for _ in (0,) if "".join(s.text for s in rest).strip())
    return (Para(runs(lead), size, align=align, line=1.0), *text)


def _uniform(make, boxes: list[tuple[Area, int]], largest: float, smallest: float):
    """The largest size at which MAKE(index, size) fits each (area, index); or None."""
    for size in sizes(largest, smallest):
        made = [make(index, size) for _, index in boxes]
        if all(height(paras, area.w) <= area.h for paras, (area, _) in zip(made, boxes,
                                                                          strict=True)):
            return size, made
    return None


# -------------------------------------------------------------------------------- cards
def cards(spec: SlideSpec, info: LayoutInfo, levels) -> tuple[Piece, ...] | None:
    """Two to six points as tinted cards: a row, or a grid of two or three columns."""
    points = [unit[0] for unit in bullet_units(list(spec.bullets))]
    area = Area.of(info.body)
    columns, rows = grid(len(points), wide=False)
    cells = [c for row in area.rows(rows, GAP) for c in row.columns(columns, GAP)]
    inner = [(Area(c.x, c.y, c.w - 2 * PAD - BAR, c.h - 2 * PAD), i) for i, c in
             enumerate(cells[: len(points)])]
    lead = any(lead_in(p.spans)[0] for p in points)
    found = _uniform(lambda i, s: _texts(points[i], s, max(14.0, s - 4)), inner,
                     28 if lead else 30, 18)
    if found is None:
        return None
    _, made = found
    if rows == 1:  # a row of cards: as tall as the fullest, balanced on the slide
        tallest = max(height(p, a.w) for p, (a, _) in zip(made, inner, strict=True))
        tall = max(min(area.h, tallest + 2 * PAD + 8), area.h * 0.55)
        band = area.centred(height=tall)
        cells = [Area(c.x, band.y, c.w, tall) for c in cells]
    fill = tint(info)
    pieces = []
    for number, (cell, paras) in enumerate(zip(cells, made, strict=False), start=1):
        pieces.append(Piece("card", cell.rect, paras, shape="rect", fill=fill,
                            colour=on(fill, info), inset=(PAD + BAR, PAD, PAD, PAD),
                            name=f"Card {number}",
                            anchor="t"))
        pieces.append(Piece("bar", Area(cell.x, cell.y, BAR, cell.h).rect, shape="rect",
                            fill=accent(info), decorative=True, name=f"Card {number} mark"))
    return tuple(pieces)


# -------------------------------------------------------------------------------- steps
def steps(spec: SlideSpec, info: LayoutInfo, levels) -> tuple[Piece, ...] | None:
    """An ordered list as numbered steps: left to right when short, else top to bottom (in
    two columns from six steps)."""
    items = [unit[0] for unit in bullet_units(list(spec.bullets))]
    if spec.kind == "steps" and 2 < len(items) <= 5 and \
            all(b.words <= HORIZONTAL_WORDS for b in items):
        found = _across(items, info, spec)
        if found is not None:
            return found
    return _down(items, info, spec.first if spec.kind != "recap" else None)


def _badge(area: Area, label: str, info: LayoutInfo, number: int) -> Piece:
    fill = accent(info)
    return Piece("badge", area.rect, (text_para(label, area.h * 0.45, True, align="ctr"),),
                 shape="ellipse", fill=fill, colour=on(fill, info), anchor="ctr",
                 decorative=not label.isdigit(), name=f"Step {number} number")


def _across(items: list[Bullet], info: LayoutInfo, spec: SlideSpec
            ) -> tuple[Piece, ...] | None:
    area = Area.of(info.body)
    columns = area.columns(len(items), GAP)
    circle = 64.0
    inner = [(Area(c.x, c.y, c.w, area.h - circle - GAP), i) for i, c in enumerate(columns)]
    found = _uniform(lambda i, s: _texts(items[i], s, max(16.0, s - 4), "ctr"), inner, 26, 18)
    if found is None:
        return None
    _, made = found
    text_h = max(height(p, c.w) for p, c in zip(made, columns, strict=True)) + 8
    block = area.centred(height=circle + GAP + text_h)
    first, last = columns[0], columns[-1]
    line = Area(first.x + first.w / 2, block.y + circle / 2 - 1.5,
                last.x + last.w / 2 - first.x - first.w / 2, 3)
    pieces = [Piece("line", line.rect, shape="rect", fill=tint(info).split(":")[0] + ":45",
                    decorative=True, name="Steps line")]
    for number, (column, paras) in enumerate(zip(columns, made, strict=True), start=1):
        spot = Area(column.x + (column.w - circle) / 2, block.y, circle, circle)
        pieces.append(_badge(spot, str(spec.first + number - 1), info, number))
        pieces.append(Piece("step", Area(column.x, block.y + circle + GAP, column.w,
                                         text_h).rect, paras, colour=ink(info),
                            name=f"Step {number}"))
    return tuple(pieces)


def _down(items: list[Bullet], info: LayoutInfo, start: int | None = 1
          ) -> tuple[Piece, ...] | None:
    area = Area.of(info.body)
    count = len(items)
    columns = area.columns(2, GAP * 2) if count > 5 else [area]
    per = -(-count // len(columns))
    circle = min(44.0, (area.h - GAP * (per - 1)) / per)
    rows = [r for column in columns for r in column.rows(per, GAP * 0.6)][:count]
    inner = [(Area(r.x + circle + GAP * 0.8, r.y, r.w - circle - GAP * 0.8, r.h), i)
             for i, r in enumerate(rows)]
    found = _uniform(lambda i, s: _texts(items[i], s, s, inline=True), inner, 26, 18)
    if found is None:
        return None
    _, made = found
    tall = [max(height(p, a.w) + 6, circle) for p, (a, _) in zip(made, inner, strict=True)]
    columns_h = [sum(tall[i:i + per]) for i in range(0, count, per)]
    gap = min(GAP * 1.4, (area.h - max(columns_h)) / max(1, per - 1)) if per > 1 else 0
    block = area.centred(height=max(columns_h) + (per - 1) * gap)
    pieces, y = [], block.y
    for index, paras in enumerate(made):
        column = columns[index // per]
        if index % per == 0:
            y = block.y
        label = str(start + index) if start is not None else "✓"
        first_line = paras[0].size * 1.22
        badge_y = y + max(0.0, (first_line - circle) / 2) if tall[index] > circle else \
            y + (tall[index] - circle) / 2
        pieces.append(_badge(Area(column.x, badge_y, circle, circle), label, info, index + 1))
        text = Area(column.x + circle + GAP * 0.8, y, column.w - circle - GAP * 0.8,
                    tall[index])
        pieces.append(Piece("step", text.rect, paras, colour=ink(info),
                            anchor="ctr" if tall[index] <= circle + 1 else "t",
                            name=f"Step {index + 1}"))
        y += tall[index] + gap
    return tuple(pieces)


# -------------------------------------------------------------------------------- terms
def terms(spec: SlideSpec, info: LayoutInfo, levels) -> tuple[Piece, ...] | None:
    """Terms and their definitions in two columns, each under a term in bold."""
    pairs = [b for b in spec.bullets if b.level == 0]
    area = Area.of(info.body)
    columns = 2 if len(pairs) > 2 else 1
    per = -(-len(pairs) // columns)
    cells = [r for c in area.columns(columns, GAP * 2) for r in c.rows(per, GAP)]
    inner = [(Area(c.x, c.y, c.w - PAD, c.h), i) for i, c in enumerate(cells[: len(pairs)])]

    def make(index: int, size: float) -> tuple[Para, ...]:
        pair = pairs[index]
        term = tuple(s for s in pair.spans if s.bold) if pair.note else pair.spans
        return (Para(runs(term, bold=True), size, line=1.0),
                Para((Run(pair.note),), max(14.0, size - 4), before=4, line=1.05))

    found = _uniform(make, inner, 26, 18)
    if found is None:
        return None
    _, made = found
    needed = max(height(p, a.w) for p, (a, _) in zip(made, inner, strict=True)) + 8
    row_h = min(cells[0].h, needed)
    block = area.centred(height=per * row_h + (per - 1) * GAP)
    pieces = []
    for index, paras in enumerate(made):
        column = area.columns(columns, GAP * 2)[index // per]
        y = block.y + (index % per) * (row_h + GAP)
        pieces.append(Piece("rule", Area(column.x, y, 4, row_h).rect, shape="rect",
                            fill=accent(info), decorative=True, name=f"Term {index + 1} mark"))
        pieces.append(Piece("term", Area(column.x + PAD, y, column.w - PAD, row_h).rect,
                            paras, colour=ink(info), name=f"Term {index + 1}"))
    return tuple(pieces)


COMPOSERS: dict[str, Composer] = {"cards": cards, "steps": steps, "recap": steps,
                                  "terms": terms}
