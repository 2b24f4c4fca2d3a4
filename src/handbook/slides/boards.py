"""Lists with a structure of their own: the agenda (sections and minutes, the learning goals
beside them), headed columns (a comparison, the course's modules) and further reading (a QR
code beside each link, so that each code sits with its link)."""

from __future__ import annotations

from handbook.slides.area import Area
from handbook.slides.compose import GAP, Composer, ink, runs
from handbook.slides.geometry import LayoutInfo
from handbook.slides.grids import PAD, _badge
from handbook.slides.paint import accent, on, tint
from handbook.slides.pieces import Para, Piece, height, sizes, text_para
from handbook.slides.spec import Bullet, SlideSpec
from handbook.slides.textfit import text_width_pt

ROW_PT = 60.0  # the tallest an agenda row gets
QR_PT = 96.0  # the largest QR code


def agenda(spec: SlideSpec, info: LayoutInfo, levels) -> tuple[Piece, ...] | None:
    """The session's sections, numbered, each with its minutes; the goals (level-1 bullets,
    headed by SPEC.LABEL) in a card beside them."""
    rows = [b for b in spec.bullets if b.level == 0]
    goals = [b for b in spec.bullets if b.level > 0]
    area = Area.of(info.body)
    left, right = area.columns(2, GAP * 2, (1.7, 1.0)) if goals else (area, None)
    count = len(rows)
    circle = 36.0
    minutes_w = max((text_width_pt(b.note, 18) for b in rows), default=0) + 8
    text_w = left.w - circle - GAP - minutes_w - GAP
    row_h = min(ROW_PT, (area.h - (count - 1) * 8) / max(1, count))
    size = next((s for s in sizes(26, 18) if all(
        height((Para(runs(b.spans), s),), text_w) <= row_h for b in rows)), None)
    if size is None:
        return None
    row_h = max(circle, max(height((Para(runs(b.spans), size),), text_w) for b in rows) + 6)
    gap = min(14.0, (area.h - count * row_h) / max(1, count - 1))
    block = left.centred(height=count * row_h + (count - 1) * gap)
    pieces = []
    for index, row in enumerate(rows):
        y = block.y + index * (row_h + gap)
        pieces.append(_badge(Area(left.x, y + (row_h - circle) / 2, circle, circle),
                             str(index + 1), info, index + 1))
        pieces.append(Piece("item", Area(left.x + circle + GAP, y, text_w, row_h).rect,
                            (Para(runs(row.spans), size),), colour=ink(info), anchor="ctr",
                            name=f"Agenda {index + 1}"))
        if row.note:
            pieces.append(Piece("minutes", Area(left.right - minutes_w, y, minutes_w,
                                                row_h).rect,
                                (text_para(row.note, 18, align="r"),),
                                colour=ink(info, muted=True), anchor="ctr",
                                name=f"Agenda {index + 1} minutes"))
    if right is not None:
        card = _goals(spec.label, goals, right, info)
        if card is None:
            return None
        pieces.append(card)
    return tuple(pieces)


def _goals(label: str, goals: list[Bullet], area: Area, info: LayoutInfo) -> Piece | None:
    inner = area.w - 2 * PAD

    def make(size: float) -> tuple[Para, ...]:
        return (text_para(label, size, bold=True),
                *(Para(runs(g.spans), size - 2, bullet="•", indent=size, before=size * 0.5)
                  for g in goals))

    paras = next((p for s in sizes(24, 18) if height(p := make(s), inner) <= area.h - 2 * PAD),
                 None)
    if paras is None:
        return None
    tall = min(area.h, height(paras, inner) + 2 * PAD + 8)
    fill = tint(info)
    return Piece("goals", area.centred(height=tall).rect, paras, shape="rect", fill=fill,
                 colour=on(fill, info), inset=PAD, name="Goals")


def headed(spec: SlideSpec, info: LayoutInfo, levels) -> tuple[Piece, ...] | None:
    """Level-0 bullets as column headings, the level-1 bullets after each as its items: two
    lists side by side (a comparison), or the course's modules with their chapters."""
    groups: list[tuple[Bullet, list[Bullet]]] = []
    for bullet in spec.bullets:
        if bullet.level == 0 or not groups:
            groups.append((bullet, []))
        else:
            groups[-1][1].append(bullet)
    area = Area.of(info.body)
    columns = area.columns(len(groups), GAP)
    fills = _fills(len(groups), info, spec.kind == "comparison")

    def make(index: int, size: float) -> tuple[tuple[Para, ...], tuple[Para, ...]]:
        head, items = groups[index]
        return ((Para(runs(head.spans, bold=True), size),),
                tuple(Para((*runs(b.spans), *_note(b)), size - 2, bullet="•", indent=size - 2,
                           before=(size - 2) * 0.5) for b in items))

    for size in sizes(26, 18):
        made = [make(i, size) for i in range(len(groups))]
        head_h = max(height(h, c.w - 2 * PAD) for (h, _), c in zip(made, columns, strict=True))
        body_h = max(height(b, c.w - 2 * PAD) for (_, b), c in zip(made, columns, strict=True))
        if head_h + body_h + 4 * PAD <= area.h:
            break
    else:
        return None
    head_h += 2 * PAD
    tall = min(area.h - head_h, max(body_h + 2 * PAD + 8, area.h * 0.5))
    block = area.centred(height=head_h + tall)
    pieces = []
    for index, ((head, body), column, (strong, light)) in enumerate(
            zip(made, columns, fills, strict=True), start=1):
        pieces.append(Piece("heading", Area(column.x, block.y, column.w, head_h).rect, head,
                            shape="rect", fill=strong, colour=on(strong, info), inset=PAD,
                            anchor="ctr", name=f"Column {index} heading"))
        pieces.append(Piece("column", Area(column.x, block.y + head_h, column.w, tall).rect,
                            body, shape="rect", fill=light, colour=on(light, info), inset=PAD,
                            name=f"Column {index}"))
    return tuple(pieces)


def _note(bullet: Bullet) -> tuple:
    from handbook.slides.pieces import Run

    return (Run(f" · {bullet.note}"),) if bullet.note else ()


def _fills(count: int, info: LayoutInfo, contrast: bool) -> list[tuple[str, str]]:
    """(heading, body) fills per column: the accent for all, or two accents side by side
    for a comparison (what agrees and what does not)."""
    first = accent(info)
    if not contrast or count != 2:
        return [(first, tint(info))] * count
    return [(first, tint(info)), ("accent2", "accent2:20")]


def reading(spec: SlideSpec, info: LayoutInfo, levels) -> tuple[Piece, ...] | None:
    """Each link with its QR code at its left: one column of up to three, else two."""
    links: list[tuple[Bullet, str]] = []
    for bullet in spec.bullets:
        if bullet.level == 0:
            links.append((bullet, ""))
        elif links:
            links[-1] = (links[-1][0], bullet.text)
    area = Area.of(info.body)
    columns = area.columns(2, GAP * 2) if len(links) > 4 else [area]
    per = -(-len(links) // len(columns))
    row_h = min(QR_PT + 24, (area.h - (per - 1) * GAP) / per)
    qr = min(QR_PT, row_h)
    text_w = columns[0].w - qr - GAP

    def make(link: tuple[Bullet, str], size: float) -> tuple[Para, ...]:
        title, address = link
        shown = (Para(runs(title.spans, bold=True), size),)
        return shown + ((text_para(address, max(14.0, size - 4), before=4),) if address else ())

    size = next((s for s in sizes(24, 16) if all(height(make(x, s), text_w) <= row_h
                                                 for x in links)), None)
    if size is None:
        return None
    block = area.centred(height=per * row_h + (per - 1) * GAP)
    pieces = []
    for index, link in enumerate(links):
        column = columns[index // per]
        y = block.y + (index % per) * (row_h + GAP)
        url = next((s.href for s in link[0].spans if s.href), None)
        if url and url.startswith(("http://", "https://")):
            pieces.append(Piece("qr", Area(column.x, y + (row_h - qr) / 2, qr, qr).rect,
                                link=url, name=f"QR code {index + 1}"))
        pieces.append(Piece("link", Area(column.x + qr + GAP, y, text_w, row_h).rect,
                            make(link, size), colour=ink(info), anchor="ctr",
                            name=f"Link {index + 1}"))
    return tuple(pieces)


COMPOSERS: dict[str, Composer] = {"agenda": agenda, "comparison": headed, "modules": headed,
                                  "reading": reading}
