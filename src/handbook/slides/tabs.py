"""Slides for the boxes other tools write: a tab of a tabset (Quarto's panel-tabset, MkDocs'
content tabs) gets its own slides, titled "Section: Tab"; a section whose only content has
slides of its own starts with them rather than with an empty slide."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from handbook import plaintext as notes_text
from handbook.model import Callout
from handbook.slides.points import key_points_from
from handbook.slides.spec import TAB_KINDS, SlideSpec

if TYPE_CHECKING:
    from handbook.slides.plan import Planner


def is_tab(block: object) -> bool:
    return isinstance(block, Callout) and block.kind in TAB_KINDS


def tab_slides(planner: Planner, tab: Callout, title: str) -> list[SlideSpec]:
    """The tab's points (if it has text), then its figures, tables and code."""
    name = f"{title}: {tab.title}" if tab.title else title
    from handbook.slides.extras import extras

    bullets, source = key_points_from(tab.blocks)
    slides = planner.designed_points(name, bullets, notes_text.blocks_text(tab.blocks), source) \
        if bullets else []
    return slides + extras(planner, tab.blocks, name, source)


def joined(points: list[SlideSpec], extras: list[SlideSpec]) -> list[SlideSpec]:
    """A section's slides: its points, then the slides of its figures, tables, code and tabs;
    without an empty first slide when the section has no points and the next slide is titled
    after it (its code, its tabs), the section's notes then going to that slide."""
    if extras and len(points) == 1 and not points[0].bullets and points[0].layout is None \
            and extras[0].title.startswith(points[0].title):  # still titled after the section
        notes = "\n\n".join(n for n in (points[0].notes, extras[0].notes) if n)
        return [replace(extras[0], notes=notes), *extras[1:]]
    return points + extras
