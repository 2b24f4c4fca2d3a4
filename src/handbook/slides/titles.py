"""Slide titles: a section's continued slides numbered "Title (2/3)", and every title in a
deck unique."""

from __future__ import annotations

import re
from dataclasses import replace

from handbook.slides.spec import SlideSpec


def numbered(slides: list[SlideSpec], title: str) -> list[SlideSpec]:
    """Number a section's slides titled with its heading as one sequence: "Title (2/3)"."""
    own = [i for i, s in enumerate(slides) if s.kind not in ("question", "reading", "answer")
           and re.sub(r" \(\d+/\d+\)$", "", s.title) == title]
    if len(own) < 2:
        return slides
    result = list(slides)
    for position, index in enumerate(own, start=1):
        result[index] = replace(slides[index], title=f"{title} ({position}/{len(own)})")
    return result


def unique_titles(slides: list[SlideSpec], labels: dict[str, str]) -> list[SlideSpec]:
    """Every slide title unique: repeats get their chapter, then a running number."""
    def repeated(items: list[SlideSpec]) -> set[str]:
        seen: dict[str, int] = {}
        for slide in items:
            seen[slide.title] = seen.get(slide.title, 0) + 1
        return {title for title, count in seen.items() if count > 1}

    twice = repeated(slides)
    slides = [replace(s, title=f"{s.title} – {s.chapter}")
              if s.title in twice and s.chapter and s.kind != "chapter" else s
              for s in slides]
    counts: dict[str, int] = {}
    result = []
    for slide in slides:
        counts[slide.title] = counts.get(slide.title, 0) + 1
        if counts[slide.title] > 1:
            slide = replace(slide, title=f"{slide.title} ({counts[slide.title]})")
        result.append(slide)
    return result


def edition(meta, labels: dict[str, str]) -> str:
    """The title slide's edition line: "Version 2.0, December 2026"."""
    version = f"{labels['version']} {meta.version}" if meta.version else None
    return ", ".join(part for part in (version, meta.date) if part)
