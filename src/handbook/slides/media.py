"""Figures, tables and code on designed slides: a figure as large as the body allows with its
caption under it, or beside the section's points; a table sized to its content with even
rows; code and worked prompts in a monospace box."""

from __future__ import annotations

from handbook.slides import tablefit
from handbook.slides.area import Area
from handbook.slides.compose import GAP, LABEL_PT, Composer, ink, runs
from handbook.slides.figures import MIN_LABEL_PT, label_pt, proportions
from handbook.slides.geometry import LayoutInfo
from handbook.slides.paint import accent, on
from handbook.slides.pieces import Para, Piece, Run, emu, fit, height, sizes, text_para
from handbook.slides.spec import SlideSpec
from handbook.slides.textfit import text_width_pt

CAPTION = (16.0, 14.0)
CODE = (24.0, 14.0)
CODE_FILL = "tx1:6"  # a code box: the text colour at 6 %, the rest white
TABLE = (24.0, 14.0)
ROW_GROWTH = 1.6  # rows may grow to this many times their text's height to use the space


def _caption(text: str, width: float, info: LayoutInfo) -> tuple[Para, ...]:
    if not text:
        return ()
    return fit(lambda s: (text_para(text, s, align="ctr"),), width, 60, *CAPTION) \
        or (text_para(text, CAPTION[1], align="ctr"),)


def _figure(spec: SlideSpec, area: Area, info: LayoutInfo) -> list[Piece]:
    """The picture fitted into AREA above its caption, the two balanced in it."""
    caption = _caption(spec.caption, area.w, info)
    caption_h = height(caption, area.w) + 6 if caption else 0.0
    width, tall = proportions(spec.image.path)
    room = area.h - caption_h - (GAP / 2 if caption else 0)
    scale = min(area.w / width, room / tall)
    shown = Area(0, 0, width * scale, tall * scale)
    block = area.centred(shown.w, shown.h + (GAP / 2 + caption_h if caption else 0))
    found = [Piece("picture", Area(block.x, block.y, shown.w, shown.h).rect, image=spec.image,
                   name=f"Picture: {spec.image.path.name}")]
    if caption:
        found.append(Piece("caption", Area(area.x, block.y + shown.h + GAP / 2, area.w,
                                           caption_h).rect, caption,
                           colour=ink(info, muted=True), name="Caption"))
    return found


def picture(spec: SlideSpec, info: LayoutInfo, levels) -> tuple[Piece, ...] | None:
    if spec.image is None:
        return None
    return tuple(_figure(spec, Area.of(info.body), info))


def figure(spec: SlideSpec, info: LayoutInfo, levels) -> tuple[Piece, ...] | None:
    """Points on the left, the figure with its caption on the right; None when the figure's
    labels would come out under 14 pt at that size (it then gets a slide of its own)."""
    if spec.image is None:
        return None
    area = Area.of(info.body)
    text, side = area.columns(2, GAP * 2, (1.0, 1.25))
    width, tall = proportions(spec.image.path)
    shown = min(side.w, (side.h - 40) * width / tall)
    label = label_pt(spec.image.path, shown)
    if label is not None and label < MIN_LABEL_PT:
        return None
    paras = fit(lambda s: tuple(Para(runs(b.spans), s, bullet="•", indent=s * 1.1,
                                     before=s * 0.5) for b in spec.bullets),
                text.w, text.h, 26, 18)
    if paras is None:
        return None
    text_h = height(paras, text.w) + 8
    points = Piece("points", text.centred(height=text_h).rect, paras, colour=ink(info),
                   name="Points")
    return (points, *_figure(spec, side, info))


def table(spec: SlideSpec, info: LayoutInfo, levels) -> tuple[Piece, ...] | None:
    """The table at the largest size at which it fits with even rows (else the largest at
    which it fits), no wider than its content wants, rows grown to use the height; centred."""
    if spec.table is None:
        return None
    area = Area.of(info.body)
    fits = []  # (size, width, measured, rows as drawn) at each size that fits
    for size in sizes(*TABLE):
        width = min(area.w, tablefit.natural_width(spec.table, size))
        width = max(width, min(area.w, area.w * 0.55))
        measured = tablefit.layout(spec.table, width, size)
        if sum(measured.heights) <= area.h:
            fits.append((size, width, measured, _even(measured.heights, area.h)))
            if len(set(fits[-1][3][1:])) <= 1:
                break
    if not fits:
        return None
    size, width, measured, heights = next((f for f in fits if len(set(f[3][1:])) <= 1),
                                          fits[0])  # even rows, else the largest type
    spare = max(0.0, min(area.h * 0.9 - sum(heights), (ROW_GROWTH - 1) * sum(heights)))
    heights = tuple(h + spare / len(heights) for h in heights)
    block = area.centred(width, sum(heights))
    return (Piece("table", block.rect, (Para((), size),), table=spec.table,
                  widths=tuple(emu(w) for w in measured.widths),
                  heights=tuple(emu(h) for h in heights), name="Table"),)


def _even(heights: tuple[float, ...], room: float) -> tuple[float, ...]:
    """The body rows as tall as the tallest of them, where that still fits ROOM."""
    header, body = heights[0], heights[1:]
    if not body or header + max(body) * len(body) > room:
        return heights
    return (header, *(max(body),) * len(body))


def code(spec: SlideSpec, info: LayoutInfo, levels) -> tuple[Piece, ...] | None:
    """Code, or a worked prompt, in a monospace box as large as fits; a prompt under its
    label."""
    from handbook.slides.code import token_lines

    if spec.code is None:
        return None
    area = Area.of(info.body)
    pad = 18.0
    chip_h = LABEL_PT * 1.9 if spec.label else 0.0
    box = area.below(chip_h, GAP / 2 if chip_h else 0)
    lines = token_lines(spec.code)

    def make(size: float) -> tuple[Para, ...]:
        return tuple(Para(tuple(Run(t, bold=b, italic=i, mono=True, colour=f"#{c}" if c else None)
                                for t, c, b, i in line) or (Run(" ", mono=True),), size, line=1.0)
                     for line in lines)

    paras = fit(make, box.w - 2 * pad, box.h - 2 * pad, *CODE)
    if paras is None:
        return None
    inner_h = height(paras, box.w - 2 * pad)
    widest = max((sum(len(r.text) for r in p.runs) for p in paras), default=1)
    inner_w = min(box.w - 2 * pad, widest * paras[0].size * 0.6 / 0.96 + 4)
    tall = inner_h + 2 * pad + 6
    wide = max(inner_w + 2 * pad, area.w * 0.6)
    block = area.centred(wide, chip_h + (GAP / 2 if chip_h else 0) + tall)
    found = []
    if spec.label:
        fill = accent(info)
        chip = Area(block.x, block.y, text_width_pt(spec.label, LABEL_PT, True) + 36, chip_h)
        found.append(Piece("label", chip.rect, (text_para(spec.label, LABEL_PT, True,
                                                          align="ctr"),),
                           shape="roundRect", fill=fill, colour=on(fill, info), anchor="ctr",
                           name="Label"))
    found.append(Piece("code", Area(block.x, block.bottom - tall, wide, tall).rect, paras,
                       shape="rect", fill=CODE_FILL, colour=on(CODE_FILL, info), inset=pad,
                       name="Code"))
    return tuple(found)


COMPOSERS: dict[str, Composer] = {"picture": picture, "figure": figure, "table": table,
                                  "code": code}
