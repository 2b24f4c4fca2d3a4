"""From blocks to bullets: the points a section's slide shows, made short without losing
their sense, and shared over columns."""

from __future__ import annotations

import re

from handbook.links import short_url
from handbook.model import Block, Callout, DefinitionList, Inline, ListBlock, Paragraph, Span, plain
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
    for block in blocks:
        if isinstance(block, Callout) and block.kind in KEY_POINT_KINDS:
            found = _list_bullets(block.blocks) or paragraph_points(block.blocks)
            if found:
                return found
    lists = _list_bullets(blocks)
    terms = [_term_bullet(d) for b in blocks if isinstance(b, DefinitionList) for d in b.items]
    if lists or terms:
        return lists + terms
    return paragraph_points(blocks) or _box_points(blocks)


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
    """A glossary entry as 'Term: the first words of its definition'."""
    term = tuple(Span(s.text, bold=True) for s in definition.term)
    if not definition.definitions:
        return Bullet(term)
    meaning = first_sentence(plain(definition.definitions[0]), MAX_TERM_WORDS)
    return Bullet((*term, Span(": " + meaning)))


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
    text = plain(spans)
    if len(text.split()) <= MAX_POINT_WORDS + 5:
        return Bullet(spans, level)
    return Bullet((Span(first_sentence(text)),), level)


def paragraph_points(blocks: tuple[Block, ...], whole: bool = False) -> list[Bullet]:
    points = []
    for block in blocks:
        if isinstance(block, Paragraph):
            text = plain(block.spans)
            points.append(Bullet(block.spans if whole and len(text.split()) <= MAX_WORDS
                                 else (Span(first_sentence(text)),)))
        elif isinstance(block, ListBlock) and whole:
            points.extend(_list_bullets((block,)))
    return points


def reading_bullets(spans: Inline) -> list[Bullet]:
    link = next((s for s in spans if s.href), None)
    if link is None:
        return [_short_bullet(spans, 0)]
    linked = tuple(s for s in spans if s.href == link.href)
    return [Bullet(linked, 0), Bullet((Span(short_url(link.href or "")),), 1)]


def first_sentence(text: str, limit: int = MAX_POINT_WORDS) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    return first_words(sentence, limit)


def first_words(text: str, count: int) -> str:
    words = text.split()
    if len(words) <= count:
        return text
    return " ".join(words[:count]).rstrip(",;:") + " …"


def continued_notes(bullets: list[Bullet], labels: dict[str, str]) -> str:
    """The notes of a continued slide: its points, marked as continued."""
    points = "\n".join(f"- {b.text}" for b in bullets)
    return f"({labels['continued']})\n{points}"
