"""From blocks to bullets: the points a section's slide shows, made short without losing
their sense, and shared over columns."""

from __future__ import annotations

from handbook.links import short_url
from handbook.model import Block, Callout, DefinitionList, Inline, ListBlock, Paragraph, Span, plain
from handbook.slides.sentences import collapse, point_spans, sentences, shortened
from handbook.slides.spec import (
    KEY_POINT_KINDS,
    MAX_POINT_WORDS,
    MAX_TERM_WORDS,
    MAX_WORDS,
    NOTES_KINDS,
    OWN_SLIDE_KINDS,
    Bullet,
)


def key_points(blocks: tuple[Block, ...]) -> list[Bullet]:
    """The "In short" bullets, else the section's lists, else a short point per paragraph."""
    return key_points_from(blocks)[0]


def key_points_from(blocks: tuple[Block, ...]) -> tuple[list[Bullet], str]:
    """The key points and where they came from: "summary", "ordered" (an ordered list),
    "list", "terms" (a definition list) or "paragraphs"."""
    for block in blocks:
        if isinstance(block, Callout) and block.kind in KEY_POINT_KINDS:
            found = _list_bullets(block.blocks) or paragraph_points(block.blocks)
            if found:
                return found, "summary"
    lists = _list_bullets(blocks)
    terms = [_term_bullet(d) for b in blocks if isinstance(b, DefinitionList) for d in b.items]
    if terms and not lists:
        return terms, "terms"
    if lists or terms:
        kinds = {b.ordered for b in blocks if isinstance(b, ListBlock)}
        return lists + terms, "ordered" if kinds == {True} and not terms else "list"
    found = paragraph_points(blocks)
    return (found, "paragraphs") if found else (_box_points(blocks), "list")


def _box_points(blocks: tuple[Block, ...]) -> list[Bullet]:
    """A section of nothing but boxes (notes, tips): their points, so its slide says
    something; questions, tabs and further reading have slides of their own, answers and
    trainer notes stay in the notes."""
    found: list[Bullet] = []
    for block in blocks:
        if isinstance(block, Callout) and block.kind not in OWN_SLIDE_KINDS | NOTES_KINDS:
            found.extend(_list_bullets(block.blocks) or paragraph_points(block.blocks))
    return found


def in_columns(bullets: list[Bullet] | tuple[Bullet, ...], columns: int) -> list[list[Bullet]]:
    """Share bullets (with their sub-points) out over columns, the first ones fullest."""
    units = bullet_units(list(bullets))
    per = -(-len(units) // max(1, columns)) if units else 0
    groups = [units[i : i + per] for i in range(0, len(units), per)] if per else []
    return [[b for unit in group for b in unit] for group in groups] or [[]]


def top_level(bullets: list[Bullet] | tuple[Bullet, ...]) -> int:
    """Bullets that count towards the limit: sub-points belong to their parent."""
    return sum(1 for b in bullets if b.level == 0)


def bullet_units(bullets: list[Bullet]) -> list[list[Bullet]]:
    """Group each top-level bullet with its sub-bullets: they move to a slide together."""
    units: list[list[Bullet]] = []
    for bullet in bullets:
        if bullet.level > 0 and units:
            units[-1].append(bullet)
        else:
            units.append([bullet])
    return units


def _term_bullet(definition) -> Bullet:
    """A glossary entry: the term in bold, its first sentence as the note (on a terms slide
    beside it; on bullets after a colon)."""
    term = tuple(Span(s.text, bold=True) for s in definition.term)
    if not definition.definitions:
        return Bullet(term)
    meaning = definition_text(definition)
    return Bullet((*term, Span(": " + meaning)), note=meaning)


def definition_text(definition) -> str:
    """A definition's first sentence, shortened at a clause if it is long: never cut."""
    text = plain(definition.definitions[0]) if definition.definitions else ""
    return shortened((sentences(text) or [text])[0], MAX_TERM_WORDS)


def _list_bullets(blocks: tuple[Block, ...]) -> list[Bullet]:
    bullets: list[Bullet] = []
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                bullets.append(_short_bullet(item.spans, 0))
                for child in item.children:
                    bullets.extend(_short_bullet(sub.spans, 1) for sub in child.items)
    return bullets


def _short_bullet(spans: Inline, level: int) -> Bullet:
    """A list item as a point: whole when short, else its lead-in and first sentence (a
    question included: in a list it is the point), shortened at a clause."""
    if len(plain(spans).split()) <= MAX_POINT_WORDS:
        return Bullet(spans, level)
    lead, rest = lead_in(spans)
    limit = MAX_POINT_WORDS - len(plain(lead).split())
    shown = point_spans(rest, limit, questions=True)
    return Bullet((*lead, *shown) if lead else shown, level)


def lead_in(spans: Inline) -> tuple[Inline, Inline]:
    """An item's bold lead-in ("**Drafting.** A first version …") and the rest; () and the
    spans when it has none."""
    spans = collapse(spans)
    count = 0
    while count < len(spans) and spans[count].bold:
        count += 1
    if not count or count == len(spans):
        return (), spans
    lead, rest = spans[:count], spans[count:]
    head = rest[0].text.lstrip()
    if head and head[0] in ".:–—":  # **Role**: who …
        lead = (*lead[:-1], Span(lead[-1].text + head[0], bold=True))
        rest = (Span(head[1:], rest[0].bold, rest[0].italic, rest[0].code, rest[0].href),
                *rest[1:])
    if not plain(lead).rstrip().endswith((".", ":", "?", "!")):
        return (), spans
    rest = (Span(rest[0].text.lstrip(), rest[0].bold, rest[0].italic, rest[0].code,
                 rest[0].href), *rest[1:])
    lead = tuple(Span(s.text.strip(), True, s.italic, s.code, s.href) for s in lead)
    last = lead[-1]
    return (*lead[:-1], Span(last.text + " ", True, last.italic, last.code, last.href)), rest


def paragraph_points(blocks: tuple[Block, ...], whole: bool = False) -> list[Bullet]:
    points = []
    for block in blocks:
        if isinstance(block, Paragraph):
            text = plain(block.spans)
            points.append(Bullet(block.spans if whole and len(text.split()) <= MAX_WORDS
                                 else point_spans(block.spans, MAX_POINT_WORDS)))
        elif isinstance(block, ListBlock) and whole:
            points.extend(_list_bullets((block,)))
    return points


def reading_bullets(spans: Inline) -> list[Bullet]:
    link = next((s for s in spans if s.href), None)
    if link is None:
        return [_short_bullet(spans, 0)]
    linked = tuple(s for s in spans if s.href == link.href)
    return [Bullet(linked, 0), Bullet((Span(short_url(link.href or "")),), 1)]


def first_words(text: str, count: int) -> str:
    """TEXT's first COUNT words, "…" marking a cut: for talking points in the speaker notes
    (slides/talking.py), never for a slide, whose points are cut at clauses (sentences.py)."""
    words = text.split()
    if len(words) <= count:
        return text
    return " ".join(words[:count]).rstrip(",;:") + " …"


def continued_notes(bullets: list[Bullet], labels: dict[str, str]) -> str:
    """The notes of a continued slide: its points, marked as continued."""
    points = "\n".join(f"- {b.text}" for b in bullets)
    return f"({labels['continued']})\n{points}"
