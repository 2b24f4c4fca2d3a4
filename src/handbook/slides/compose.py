"""Lay a planned slide out as pieces (`pieces.py`), measured with the font's metrics, inside
its layout's body region: the title stays in the layout's title placeholder, everything else
is placed here. Text kinds live here (points, statement, fact, quote, question, closing);
grids in `grids.py`, pictures, tables and code in `media.py`.

Each function returns the pieces, or None when the content does not fit that layout (the
planner then chooses another one or continues on a next slide).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from handbook.model import Inline
from handbook.slides.area import Area
from handbook.slides.boxes import readable
from handbook.slides.geometry import LayoutInfo
from handbook.slides.paint import accent, on, tint
from handbook.slides.pieces import Para, Piece, Run, fit, height, pt, text_para
from handbook.slides.points import in_columns
from handbook.slides.spec import Bullet, SlideSpec
from handbook.slides.textfit import Box, LevelStyle, text_height_pt, text_width_pt

Composer = Callable[[SlideSpec, LayoutInfo, dict[int, LevelStyle]], "tuple[Piece, ...] | None"]
GAP = 18.0  # pt between blocks
SLACK = 1.08  # a placeholder a little taller than its measured text: renderers differ
LABEL_PT = 18.0


def runs(spans: Inline, bold: bool = False, italic: bool = False) -> tuple[Run, ...]:
    return tuple(Run(s.text.replace("\n", " "), s.bold or bold, s.italic or italic, s.href,
                     s.code) for s in spans if s.text)


def ink(info: LayoutInfo, title: bool = False, muted: bool = False) -> str | None:
    """Text drawn on the slide itself: the template's colour where it reads (boxes.readable)."""
    found = readable(info, title=title, muted=muted)
    return f"#{found}" if found else None


def compose(spec: SlideSpec, info: LayoutInfo, levels: dict[int, LevelStyle]
            ) -> tuple[Piece, ...] | None:
    """The pieces of SPEC on the layout INFO, or None if they do not fit."""
    from handbook.slides.boards import COMPOSERS as BOARDS
    from handbook.slides.grids import COMPOSERS as GRIDS
    from handbook.slides.media import COMPOSERS as MEDIA

    found = {**TEXT, **GRIDS, **BOARDS, **MEDIA}.get(spec.kind)
    return found(spec, info, levels) if found is not None else None


# ------------------------------------------------------------------------------- points
def points(spec: SlideSpec, info: LayoutInfo, levels: dict[int, LevelStyle]
           ) -> tuple[Piece, ...] | None:
    """Bullets in the layout's text placeholders, each box as tall as its text and the block
    balanced on the slide (so a short list does not hang in the top third)."""
    rects = list(info.texts[: max(1, spec.columns)]) or [info.body]
    groups = in_columns(spec.bullets, len(rects))
    needed = max(text_height_pt([(b.text, b.level) for b in group], rect.box(), levels,
                                spec.font_scale) for group, rect in zip(groups, rects,
                                                                         strict=False))
    found = []
    for index, (group, rect) in enumerate(zip(groups, rects, strict=False)):
        area = Area.of(rect)
        tall = min(area.h, needed * SLACK + 2 * Box(0, 0).inset_y_pt + 6)
        paras = tuple(Para(runs(b.spans), levels.get(b.level, levels[0]).size_pt,
                           level=b.level, bullet=_bullet(spec, b)) for b in group)
        found.append(Piece("body", area.centred(height=tall).rect, paras, placeholder=index,
                           scale=spec.font_scale, colour=ink(info), name="Content"))
    return tuple(found)


def _bullet(spec: SlideSpec, bullet: Bullet) -> str:
    heading = spec.columns > 1 and bullet.level == 0 and spec.kind == "overview"
    lone = spec.kind in ("question", "answer") and len(spec.bullets) == 1
    return "none" if heading or lone else ""


# ------------------------------------------------------------------------ one big thing
def statement(spec: SlideSpec, info: LayoutInfo, levels) -> tuple[Piece, ...] | None:
    """One key sentence, large and centred, under a short accent rule."""
    area = Area.of(info.body)
    width = area.w * 0.84
    spans = spec.bullets[0].spans if spec.bullets else ()
    paras = fit(lambda s: (Para(runs(spans), s, align="ctr", line=1.05),), width,
                area.h - 40, 40, 28)
    if paras is None:
        return None
    text_h = height(paras, width)
    block = area.centred(width, 8 + GAP + text_h)
    rule = Area(block.x + block.w / 2 - 36, block.y, 72, 6)
    text = Area(block.x, block.y + 6 + GAP, block.w, text_h + 6)
    return (Piece("rule", rule.rect, shape="rect", fill=accent(info), decorative=True,
                  name="Rule"),
            Piece("statement", text.rect, paras, colour=ink(info, title=True),
                  name="Statement"))


def fact(spec: SlideSpec, info: LayoutInfo, levels) -> tuple[Piece, ...] | None:
    """A number or date very large in the accent colour, its meaning in one line under it."""
    area = Area.of(info.body)
    figure = spec.bullets[0].text if spec.bullets else ""
    number = fit(lambda s: (text_para(figure, s, bold=True, align="ctr", line=0.95),),
                 area.w * 0.9, area.h * 0.5, 110, 54)
    meaning = fit(lambda s: (text_para(spec.label, s, align="ctr"),), area.w * 0.8,
                  area.h * 0.35, 30, 20)
    if number is None or meaning is None:
        return None
    top_h, low_h = height(number, area.w * 0.9) + 6, height(meaning, area.w * 0.8) + 6
    block = area.centred(area.w * 0.9, top_h + GAP + low_h)
    return (Piece("figure", block.top(top_h).rect, number, colour=accent(info), name="Fact"),
            Piece("meaning", block.below(top_h, GAP).centred(area.w * 0.8, balance=0).rect,
                  meaning, colour=ink(info), name="Meaning"))


def quote(spec: SlideSpec, info: LayoutInfo, levels) -> tuple[Piece, ...] | None:
    """A quotation large and in italics behind a big quotation mark, its source under it."""
    area = Area.of(info.body)
    width = area.w * 0.8
    text = fit(lambda s: tuple(Para(runs(b.spans, italic=True), s, before=s * 0.5,
                                    line=1.05) for b in spec.bullets),
               width, area.h - 60, 34, 20)
    if text is None:
        return None
    source = (text_para(f"– {spec.label}", 20, align="r"),) if spec.label else ()
    text_h, source_h = height(text, width) + 6, height(source, width) + 6 if source else 0
    block = area.centred(width, text_h + (GAP + source_h if source else 0))
    mark = Area(block.x - 84, block.y - 30, 80, 120)
    found = [Piece("mark", mark.rect, (text_para("“", 120, bold=True),), colour=tint(info),
                   decorative=True, name="Quotation mark"),
             Piece("quote", block.top(text_h).rect, text, colour=ink(info, title=True),
                   name="Quote")]
    if source:
        found.append(Piece("source", block.below(text_h, GAP).rect, source,
                           colour=ink(info, muted=True), name="Source"))
    return tuple(found)


def question(spec: SlideSpec, info: LayoutInfo, levels) -> tuple[Piece, ...] | None:
    """The question large, under its label and minutes, with a big question mark beside it:
    room to think."""
    area = Area.of(info.body)
    width = area.w * 0.74
    paras = fit(lambda s: tuple(Para(runs(b.spans), s, before=s * 0.4, line=1.05)
                                for b in spec.bullets), width, area.h - 70, 32, 22)
    if paras is None:
        return None
    chip_text = " · ".join(x for x in (spec.label, _minutes(spec)) if x)
    chip = Area(area.x, 0, text_width_pt(chip_text, LABEL_PT, True) + 36, LABEL_PT * 1.9)
    text_h = height(paras, width) + 8
    block = area.centred(area.w, chip.h + GAP + text_h)
    chip = replace(chip, y=block.y)
    mark = Area(area.right - area.w * 0.2, area.y + area.h * 0.05, area.w * 0.2, area.h * 0.9)
    fill = accent(info)
    found = []
    if chip_text:
        found.append(Piece("label", chip.rect, (text_para(chip_text, LABEL_PT, True, align="ctr"),),
                           shape="roundRect", fill=fill, colour=on(fill, info), anchor="ctr",
                           name="Label"))
    found.append(Piece("question", Area(area.x, block.y + chip.h + GAP, width, text_h).rect,
                       paras, colour=ink(info, title=True), name="Question"))
    found.append(Piece("mark", mark.rect, (text_para("?", 220, True, align="ctr"),),
                       colour=tint(info), anchor="ctr", decorative=True, name="Question mark"))
    return tuple(found)


def _minutes(spec: SlideSpec) -> str:
    return f"{spec.minutes} min" if spec.minutes else ""


def closing(spec: SlideSpec, info: LayoutInfo, levels) -> tuple[Piece, ...] | None:
    """The end of a session: a large question mark, what comes next beside it."""
    area = Area.of(info.body)
    left, right = area.columns(2, GAP * 2, (1.0, 2.4))
    lines = fit(lambda s: tuple(Para(runs(b.spans), s, before=s * 0.6)
                                for b in spec.bullets), right.w, right.h, 28, 20)
    if lines is None:
        return None
    size = min(left.w, area.h * 0.5)
    badge = left.centred(size, size)
    fill = accent(info)
    text_h = height(lines, right.w) + 8
    return (Piece("badge", badge.rect, (text_para("?", size * 0.55, True, align="ctr"),),
                  shape="ellipse", fill=fill, colour=on(fill, info), anchor="ctr",
                  decorative=True, name="Question mark"),
            Piece("next", right.centred(height=text_h, balance=0.5).rect, lines,
                  colour=ink(info), name="What next"))


TEXT: dict[str, Composer] = {"points": points, "overview": points, "answer": points,
                             "statement": statement, "fact": fact, "quote": quote,
                             "question": question, "closing": closing}


def body_height(pieces: tuple[Piece, ...]) -> float:
    """The height in points from the top of the first piece to the bottom of the last."""
    top = min(p.rect.top for p in pieces)
    return pt(max(p.rect.bottom for p in pieces) - top)
