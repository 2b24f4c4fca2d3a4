"""Read every layout of every slide master into a `LayoutInfo`: its placeholders by type, the
structure they make (title + subtitle, title + body, …), its logos and rules, its colours."""

from __future__ import annotations

import re

from handbook.slides.colours import P, Palette, background, text_colour
from handbook.slides.geometry import EMU_PER_INCH, LayoutInfo, Rect, bounding, free_area

TITLES = {"title", "ctrTitle"}
TEXTS = {"body", "subTitle", "obj"}  # a placeholder without a type is "obj"
CONTENT = {"pic", "tbl", "chart", "dgm", "media", "clipArt"}
FOOTERS = {"dt": "date", "ftr": "footer", "sldNum": "number"}
MIN_TEXT = (EMU_PER_INCH, EMU_PER_INCH // 2)  # a text box smaller than 1 × 0.5 in holds no text
BACKDROP = 0.4  # a shape over this share of the slide is a backdrop, not a logo to avoid
SLOTS = ("bg1", "tx1", "bg2", "tx2", "accent1", "accent2", "accent3", "accent4", "accent5",
         "accent6", "hlink")
SECTION_BODY = 0.4  # a title + body layout whose body is under this share of the height


def layout_slug(name: str) -> str:
    """'Two Content' → 'two-content', as authors write it: `{: .layout-two-content }`; letters
    of any script are kept ('标题和内容' stays as it is)."""
    return re.sub(r"[\W_]+", "-", name.casefold()).strip("-")


def read_layouts(prs) -> tuple[LayoutInfo, ...]:
    """Every layout of every master, in the template's order, each with a unique key."""
    size = (prs.slide_width, prs.slide_height)
    found: list[LayoutInfo] = []
    keys: set[str] = set()
    for m, master in enumerate(prs.slide_masters):
        for i, layout in enumerate(master.slide_layouts):
            key = base = layout_slug(layout.name) or f"layout-{m + 1}-{i + 1}"
            count = 1
            while key in keys:
                count += 1
                key = f"{base}-{count}"
            keys.add(key)
            found.append(read_layout(master, layout, key, (m, i), size))
    return tuple(found)


def read_layout(master, layout, key: str, where: tuple[int, int],
                size: tuple[int, int]) -> LayoutInfo:
    slots = _placeholders(layout)
    logos = tuple(_obstacles(layout, size) + (_obstacles(master, size)
                                                if _shows_master(layout) else []))
    width, height = size
    titles = [rect for kind, _, rect, _ in slots if kind in TITLES]
    text_shapes = text_placeholders(layout)
    texts = [_rect(shape) for shape in text_shapes]
    pictures = [rect for kind, _, rect, _ in slots if kind == "pic"]
    title_idx = next((idx for kind, idx, _, _ in slots if kind in TITLES), None)
    title = titles[0] if titles else Rect(width // 20, height // 20, width * 9 // 10,
                                          height * 3 // 20)
    region = bounding(texts + [r for k, _, r, _ in slots if k in CONTENT]) \
        or _under(title, slots, size)
    footers = {FOOTERS[k]: rect for k, _, rect, _ in slots if k in FOOTERS}
    palette = Palette(master, layout)
    title_ph = next((s for s in layout.placeholders if _type(s) in TITLES), None)
    text_ph = next((s for s in layout.placeholders if _type(s) in TEXTS), None)
    clear = [free_area(t, logos) for t in texts]
    ids = tuple(s.placeholder_format.idx for s in text_shapes)
    moved = [idx for idx, old, new in zip(ids, texts, clear, strict=True) if old != new]
    if title_idx is not None and free_area(title, logos) != title:
        moved.append(title_idx)
    return LayoutInfo(
        key=key, name=layout.name, master=where[0], index=where[1],
        kind=_kind(slots, texts, pictures, height),
        title=free_area(title, logos), has_title=bool(titles),
        texts=tuple(clear), pictures=tuple(pictures), text_ids=ids, moved=tuple(moved),
        body=free_area(region, logos), logos=logos,
        footer=footers.get("footer"), date=footers.get("date"), number=footers.get("number"),
        background=background(master, layout, palette),
        title_colour=text_colour(master, layout, title_ph, True, palette),
        text_colour=text_colour(master, layout, text_ph, False, palette),
        scheme=tuple((slot, found) for slot in SLOTS
                     if (found := palette.slots.get(palette.mapping.get(slot, slot)))),
    )


def _kind(slots, texts: list[Rect], pictures: list[Rect], height: int) -> str:
    """The role a layout's placeholders make it fit (see roles.ROLES), or "other"."""
    kinds = {kind for kind, _, _, _ in slots}
    vertical = any(v for k, _, _, v in slots if k in TITLES | TEXTS)
    titled = bool(kinds & TITLES)
    if vertical:
        return "other"
    if not titled and not texts and not pictures:
        return "blank"
    if titled and pictures:
        return "picture" if texts else "other"
    if titled and ("ctrTitle" in kinds or "subTitle" in kinds) and len(texts) <= 1:
        return "title"
    if titled and not texts:
        return "title-only"
    if titled and len(texts) == 1:
        return "section" if texts[0].height < SECTION_BODY * height else "content"
    if titled and len(texts) == 2 and _side_by_side(*texts):
        return "two-content"
    return "other"


def _side_by_side(first: Rect, second: Rect) -> bool:
    similar = abs(first.width - second.width) <= 0.2 * max(first.width, second.width)
    return similar and abs(first.top - second.top) < EMU_PER_INCH // 2 and \
        (first.right <= second.left or second.right <= first.left)


def _under(title: Rect, slots, size: tuple[int, int]) -> Rect:
    """The area under the title and above the footers (or above a title low on the slide),
    within the title's left and right."""
    width, height = size
    footers = [rect.top for kind, _, rect, _ in slots if kind in FOOTERS and rect.top > height / 2]
    margin = height // 12
    bottom = min(footers, default=height - margin) - EMU_PER_INCH // 10
    left = title.left if title.width < width * 0.95 else width // 20
    right = min(title.right, width - width // 20)
    below = Rect(left, title.bottom + EMU_PER_INCH // 8, right - left,
                 bottom - title.bottom - EMU_PER_INCH // 8)
    above = Rect(left, margin, right - left, title.top - EMU_PER_INCH // 8 - margin)
    return below if below.height >= above.height else above


def text_placeholders(owner) -> list:
    """The placeholders of a layout or slide that take text (subtitle, body, object), in
    index order; not vertical ones, not ones too small to hold a line."""
    found = []
    for shape in owner.placeholders:
        rect = _rect(shape)
        if _type(shape) in TEXTS and rect is not None and _holds_text(rect) \
                and not _vertical(shape):
            found.append(shape)
    return sorted(found, key=lambda shape: shape.placeholder_format.idx)


def _placeholders(layout) -> list[tuple[str, int, Rect, bool]]:
    """(type, idx, rectangle, vertical?) of each placeholder with a size, in index order."""
    slots = []
    for shape in layout.placeholders:
        rect = _rect(shape)
        if rect is None or rect.width <= 0 or rect.height <= 0:
            continue
        slots.append((_type(shape), shape.placeholder_format.idx, rect, _vertical(shape)))
    return sorted(slots, key=lambda slot: slot[1])


def _type(shape) -> str:
    ph = shape._element.find(f".//{P}ph")
    return ph.get("type", "obj") if ph is not None else ""


def _vertical(shape) -> bool:
    ph = shape._element.find(f".//{P}ph")
    body = shape._element.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}bodyPr")
    return (ph is not None and ph.get("orient") == "vert") or \
        (body is not None and (body.get("vert") or "horz") != "horz")


def _holds_text(rect: Rect) -> bool:
    return rect.width >= MIN_TEXT[0] and rect.height >= MIN_TEXT[1]


def _obstacles(owner, size: tuple[int, int]) -> list[Rect]:
    """The pictures, rules, text and small shapes of a master or layout (not placeholders,
    not backdrops that cover much of the slide)."""
    found = []
    for shape in owner.shapes:
        if shape.is_placeholder:
            continue
        rect = _rect(shape)
        if rect is None or (rect.width <= 0 and rect.height <= 0):
            continue
        if rect.area > BACKDROP * size[0] * size[1]:
            continue
        found.append(rect)
    return found


def _shows_master(layout) -> bool:
    return layout._element.get("showMasterSp", "1") not in ("0", "false")


def _rect(shape) -> Rect | None:
    try:
        values = (shape.left, shape.top, shape.width, shape.height)
    except (AttributeError, KeyError):
        return None
    return Rect(*(int(v) for v in values)) if None not in values else None
