"""Choosing a slide's layout from the shape of its content, as smart-layout tools do, at build
time: one point → a statement (or a fact, for a number that matters); two to four short points,
or up to six with bold lead-ins → cards; an ordered list → steps; terms → a terms grid; a
two-column table of words → a comparison; a quotation → a quote; a worked prompt → a prompt
box; five or more points → bullets, balanced. An author's `{: .layout-cards }` wins.

Every choice is composed (compose.py) and measured; a layout the content does not fit falls back
to the next one, at last to bullets, so a slide is never cut or shrunk below its limits.
"""

from __future__ import annotations

import re
from dataclasses import replace

from handbook.model import Callout, Code, Image, ListBlock, Paragraph, Quote, Span, Table, plain
from handbook.slides.compose import compose
from handbook.slides.points import bullet_units, lead_in, paragraph_points
from handbook.slides.spec import Bullet, SlideSpec, role_of

KINDS = {"statement", "fact", "cards", "steps", "points", "quote", "terms", "comparison",
         "bullets"}  # what an author may name: {: .layout-cards }
FACT = re.compile(
    r"(?:US\$|€|\$|£)\s?\d[\d.,]*(?:\s?(?:million|billion|bn))?"
    r"|\b\d[\d.,]*\s?(?:%|per cent|percent)"
    r"|\b\d+\s(?:hours|days|weeks|months|years)\b"
    r"|\b\d{1,2}\s(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s\d{4}\b")
MAX_STEPS = 8  # on one slide
SHORT_CARD = 25  # words a plain point may have to go on a card
LEGIBLE = {"cards": 22.0}  # pt the main text of a layout must reach for it to be chosen
FALLBACK = {"fact": ("fact", "statement", "points"), "statement": ("statement", "points"),
            "cards": ("cards", "points"), "steps": ("steps", "points"),
            "terms": ("terms", "points"), "quote": ("quote", "points"),
            "comparison": ("comparison", "table"), "figure": ("figure",),
            "points": ("points",)}


def choose(bullets: list[Bullet], source: str) -> str:
    """The layout for a section's points, from their shape and where they came from
    (summary, list, ordered, terms, paragraphs)."""
    units = bullet_units(bullets)
    flat = all(len(u) == 1 for u in units)
    count = len(units)
    if source == "terms":
        return "terms"
    if count == 1 and flat:
        return "fact" if FACT.search(units[0][0].text) else "statement"
    if source == "ordered" and flat:
        return "steps"
    if flat and 2 <= count <= 4 and all(u[0].words <= SHORT_CARD for u in units):
        return "cards"
    if flat and 2 <= count <= 6 and all(lead_in(u[0].spans)[0] for u in units):
        return "cards"
    return "points"


def wanted(layout: str | None) -> str | None:
    """The kind an author named on a heading (`layout-cards`), or None for a template layout."""
    name = (layout or "").removeprefix("layout-")
    return ("points" if name == "bullets" else name) if name in KINDS else None


def design(planner, spec: SlideSpec, kind: str) -> SlideSpec | None:
    """SPEC laid out as KIND, else as the layouts KIND falls back to; None if none fits."""
    for choice in FALLBACK.get(kind, (kind,)):
        candidate = _as(spec, choice)
        if candidate is None:
            continue
        geometry = planner.geometry
        key = candidate.layout or geometry.role_key(role_of(choice, True))
        info = geometry.info(key)
        if info is None:
            return None
        pieces = compose(candidate, info, geometry.levels)
        if pieces and _legible(choice, pieces):
            return replace(candidate, pieces=pieces)
    return None


def _legible(kind: str, pieces) -> bool:
    """Whether a layout's text comes out large enough to choose it over plain bullets (which
    are set at the template's size): cards whose text would be small are no improvement."""
    least = LEGIBLE.get(kind)
    if least is None:
        return True
    main = max((p.size for piece in pieces if piece.role == "card" for p in piece.paras),
               default=least)
    return main >= least


def _as(spec: SlideSpec, kind: str) -> SlideSpec | None:
    """SPEC as a slide of KIND: a fact's figure and meaning, a table's columns as lists."""
    if kind == "fact":
        found = FACT.search(spec.bullets[0].text) if spec.bullets else None
        if found is None:
            return None
        return replace(spec, kind=kind, bullets=(Bullet((Span(found.group()),)),),
                       label=spec.bullets[0].text)
    if kind == "comparison":
        return _columns(spec)
    if kind == "table" and spec.table is None:
        return None
    return replace(spec, kind=kind)


def _columns(spec: SlideSpec) -> SlideSpec | None:
    """A two-column table of words as two headed lists."""
    table = spec.table
    if table is None or len(table.header) != 2:
        return None
    bullets = []
    for column in (0, 1):
        bullets.append(Bullet(table.header[column]))
        bullets.extend(Bullet(row[column], 1) for row in table.rows if column < len(row)
                       and plain(row[column]))
    return replace(spec, kind="comparison", bullets=tuple(bullets))


def comparable(table: Table) -> bool:
    """A table of two columns of words (no numbers or dates) with few, short rows."""
    if len(table.header) != 2 or not 2 <= len(table.rows) <= 6:
        return False
    cells = [plain(cell) for row in table.rows for cell in row]
    numeric = sum(bool(re.fullmatch(r"[\d.,%€$£ –-]+", c)) for c in cells)
    return numeric == 0 and all(len(c.split()) <= 12 for c in cells)


# --------------------------------------------------------------------------- key content
def quote_slide(planner, quote: Quote, title: str, before: Paragraph | None) -> SlideSpec:
    """A quotation with its source, or, when it is a worked prompt (introduced with a colon,
    or long), the prompt in a monospace box."""
    from handbook import plaintext

    paragraphs = [b for b in quote.blocks if isinstance(b, Paragraph)]
    texts = [plain(p.spans) for p in paragraphs]
    words = sum(len(t.split()) for t in texts)
    introduced = before is not None and plain(before.spans).rstrip().endswith(":")
    notes = plaintext.blocks_text((quote,))
    if introduced or words > 60 or len(paragraphs) > 2:
        code = Code("\n\n".join(texts), "prompt")
        spec = SlideSpec("code", title, code=code, notes=notes, label=planner.labels["prompt"])
        return design(planner, spec, "code") or spec
    source = ""
    if len(texts) > 1 and re.match(r"^[–—-]{1,2}\s*", texts[-1]):
        source = re.sub(r"^[–—-]{1,2}\s*", "", texts.pop())
        paragraphs.pop()
    spec = SlideSpec("quote", title, bullets=tuple(Bullet(p.spans) for p in paragraphs),
                     notes=notes, label=source)
    return design(planner, spec, "quote") or spec


def step_slides(planner, block: ListBlock, title: str) -> list[SlideSpec]:
    """An ordered list (a procedure, a checklist) as numbered steps, continued if long."""
    from handbook import plaintext
    from handbook.slides.points import _list_bullets

    bullets = [b for b in _list_bullets((block,)) if b.level == 0]
    return steps(planner, title, bullets, plaintext.list_text(block))


def steps(planner, title: str, bullets: list[Bullet], notes: str) -> list[SlideSpec]:
    """Numbered steps, up to eight a slide, evened out, numbered on from slide to slide."""
    count = -(-len(bullets) // MAX_STEPS)
    per = -(-len(bullets) // count)
    found = []
    for start in range(0, len(bullets), per):
        chunk = bullets[start:start + per]
        spec = SlideSpec("steps", title, bullets=tuple(chunk), notes=notes, first=start + 1)
        found.append(design(planner, spec, "steps")
                     or planner._balanced(planner.points(title, chunk, notes, "points")[0]))
    return found


def question_bullets(callout: Callout) -> list[Bullet]:
    return paragraph_points(tuple(b for b in callout.blocks if not isinstance(b, Callout)),
                            whole=True)


def figure_beside(planner, points: SlideSpec, image: Image, caption: str) -> SlideSpec | None:
    """The section's points beside its figure, when both fit and the labels stay legible."""
    if len(points.bullets) > 4 or any(b.level for b in points.bullets):
        return None
    spec = replace(points, kind="figure", image=image, caption=caption, pieces=())
    return design(planner, spec, "figure")


def code_box(planner):
    """The box code is measured in: a designed slide's body, less its padding."""
    from handbook.slides.textfit import Box

    info = planner.geometry.info(planner.geometry.role_key("title-only"))
    if info is None:
        return planner.geometry.body
    body = info.body.box()
    return Box(body.width_pt - 36 + 14.4, body.height_pt - 36 + 7.2 - 44)
