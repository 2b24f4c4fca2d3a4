"""A session's frame: the agenda after a chapter's divider (its sections with their minutes and
the learning goals), its key terms, the recap ("Key takeaways") and the close ("Questions?",
what comes next) at its end; the course's agenda of modules; the glossary chapter's few
slides (the full glossary goes into the handout). Pure: SlideSpecs, composed by the planner."""

from __future__ import annotations

import re

from handbook.model import (
    Book,
    Callout,
    Chapter,
    DefinitionList,
    ListBlock,
    Paragraph,
    Part,
    Span,
    plain,
)
from handbook.slides.points import definition_text, key_points, paragraph_points
from handbook.slides.sentences import sentences, shortened
from handbook.slides.spec import KEY_POINT_KINDS, QUESTION_KINDS, Bullet, SlideSpec

MAX_AGENDA = 8  # sections an agenda lists
MAX_TAKEAWAYS = 6
MAX_TERMS = 6  # on a chapter's key-terms slide
TAKEAWAY_WORDS = 16
LONGEST_TAKEAWAY = 3 * TAKEAWAY_WORDS  # a point that cannot be shortened to this is no recap
QUESTION_WEIGHT = 250  # a question to discuss counts as this many words of a section


def section_minutes(chapter: Chapter, total: int) -> list[int]:
    """Whole minutes per section, at least one each, adding up to TOTAL: shared out by each
    section's words, a question counting extra (largest remainder)."""
    from handbook.plaintext import blocks_text

    weights = []
    for section in chapter.sections:
        words = len(blocks_text(section.blocks).split())
        asks = sum(1 for b in section.blocks if isinstance(b, Callout)
                   and b.kind in QUESTION_KINDS)
        weights.append(max(1, words + QUESTION_WEIGHT * asks))
    count = len(weights)
    if not count:
        return []
    spare = max(0, total - count)
    shares = [spare * w / sum(weights) for w in weights]
    minutes = [1 + int(s) for s in shares]
    order = sorted(range(count), key=lambda i: -(shares[i] - int(shares[i])))
    for index in order[: total - sum(minutes)]:
        minutes[index] += 1
    return minutes


def agenda(chapter: Chapter, total: int, labels: dict[str, str]) -> SlideSpec | None:
    """The chapter's sections with their minutes (a glossary's: how many terms each has), its
    goals beside them."""
    if not chapter.sections or len(chapter.sections) > MAX_AGENDA:
        return None
    notes = [f"{m} {labels['minutes']}" for m in section_minutes(chapter, total)]
    if chapter.meta.glossary:
        notes = [f"{sum(len(b.items) for b in s.blocks if isinstance(b, DefinitionList))} "
                 f"{labels['terms_count']}" for s in chapter.sections]
    rows = [Bullet((Span(s.title),), 0, note=note)
            for s, note in zip(chapter.sections, notes, strict=True)]
    goals = [Bullet((Span(goal),), 1) for goal in chapter.meta.goals]
    title = f"{labels['chapter']} {chapter.number} {labels['overview']}"
    return SlideSpec("agenda", title, bullets=(*rows, *goals), label=labels["goals"])


def takeaways(chapter: Chapter, labels: dict[str, str]) -> SlideSpec | None:
    """One point per section: the first of its "In short" box, else the point of its first
    paragraph, else its first key point."""
    found: list[Bullet] = []
    for section in chapter.sections:
        summary = next((b for b in section.blocks if isinstance(b, Callout)
                        and b.kind in KEY_POINT_KINDS), None)
        first = next((p for b in section.blocks if isinstance(b, Paragraph)
                      and not _lead_in(plain(b.spans)) for p in paragraph_points((b,))
                      if not SHOWN.match(p.text)), None)
        points = key_points(summary.blocks) if summary is not None else \
            [first] if first is not None else key_points(section.blocks)
        if points and not any(isinstance(b, DefinitionList) for b in section.blocks):
            text = shortened(points[0].text, TAKEAWAY_WORDS)
            if len(text.split()) <= LONGEST_TAKEAWAY:  # else no clause to end it at: left out
                found.append(Bullet((Span(text),)))
    if len(found) < 2:
        return None
    notes = "\n".join(f"- {b.text}" for b in found)
    return SlideSpec("recap", labels["takeaways"], bullets=tuple(found[:MAX_TAKEAWAYS]),
                     notes=notes)


SHOWN = re.compile(r"(?:the|this|these)\s+(?:table|figure|list|chart|diagram|picture|drawing)s?"
                   r"\b", re.I)  # "The table shows …": no takeaway without the table


def _lead_in(text: str) -> bool:
    """A paragraph that only leads in to a list ("… in three areas:"); one that says
    something first keeps its topic sentence."""
    return text.rstrip().endswith(":") and len(sentences(text)) < 2


def closing(chapter: Chapter, following: Chapter | None, labels: dict[str, str]) -> SlideSpec:
    """"Questions?", and what comes next: the next chapter, this one in the handbook."""
    lines = []
    if following is not None:
        lines.append(Bullet((Span(f"{labels['next']}: ", bold=True),
                             Span(f"{labels['chapter']} {following.number}, "
                                  f"{following.meta.title}"))))
    else:
        lines.append(Bullet((Span(labels["the_end"], bold=True),)))
    lines.append(Bullet((Span(f"{labels['in_handbook']}: ", bold=True),
                         Span(f"{labels['chapter']} {chapter.number}, {chapter.meta.title}"))))
    notes = "\n".join(b.text for b in lines)
    return SlideSpec("closing", labels["questions"], bullets=tuple(lines), notes=notes)


def course_agenda(book: Book, minutes, labels: dict[str, str], part_label: str
                  ) -> SlideSpec | None:
    """The course's modules side by side, each with its chapters and their minutes."""
    groups = book.parts()
    if not 2 <= len(groups) <= 4 or not all(isinstance(g, Part) for g in groups):
        return None
    bullets: list[Bullet] = []
    for part in groups:
        bullets.append(Bullet((Span(f"{part_label} {part.number}: {part.title}"),)))
        bullets.extend(Bullet((Span(f"{c.number}. {c.meta.title}"),), 1,
                              note=f"{minutes(c)} {labels['minutes']}") for c in part.chapters)
    notes = "\n".join(("" if b.level == 0 else "- ") + b.text for b in bullets)
    return SlideSpec("modules", labels["course_agenda"], bullets=tuple(bullets), notes=notes)


# ------------------------------------------------------------------------------ glossary
def glossary_terms(book: Book) -> dict[str, tuple[str, str]]:
    """Every term the book's glossary defines: its name → (name, definition on a slide)."""
    found = {}
    for chapter in book.chapters:
        if not chapter.meta.glossary:
            continue
        for section in chapter.sections:
            for block in section.blocks:
                if isinstance(block, DefinitionList):
                    for item in block.items:
                        name = "".join(s.text for s in item.term).strip()
                        found[name] = (name, definition_text(item))
    return found


def term_usage(book: Book, defined: dict[str, tuple[str, str]]
               ) -> dict[str, dict[str, tuple[int, int]]]:
    """For each defined term, the chapters that use it: stem → (uses, where first)."""
    from handbook.plaintext import blocks_text
    from handbook.source.terms import term_pattern

    texts = {c.stem: " ".join(blocks_text(s.blocks) for s in c.sections)
             for c in book.chapters if not c.meta.glossary}
    usage: dict[str, dict[str, tuple[int, int]]] = {}
    for name in defined:
        pattern = term_pattern(name)
        found = {}
        for stem, text in texts.items():
            hits = [m.start() for m in pattern.finditer(text)]
            if hits:
                found[stem] = (len(hits), hits[0])
        usage[name] = found
    return usage


def key_terms(chapter: Chapter, defined: dict[str, tuple[str, str]],
              usage: dict[str, dict[str, tuple[int, int]]]) -> list[tuple[str, str]]:
    """The chapter's key terms: the glossary's terms it uses most (twice at least), those
    that few other chapters use first, in the order the chapter brings them up."""
    if chapter.meta.glossary:
        return []
    scored = []
    for name, pair in defined.items():
        uses, first = usage.get(name, {}).get(chapter.stem, (0, 0))
        if uses >= 2:
            scored.append((uses / len(usage[name]), first, pair))
    chosen = sorted(scored, key=lambda s: -s[0])[:MAX_TERMS]
    return [pair for _, _, pair in sorted(chosen, key=lambda s: s[1])]


def terms_slide(title: str, pairs: list[tuple[str, str]]) -> SlideSpec:
    bullets = tuple(Bullet((Span(name, bold=True),), note=meaning) for name, meaning in pairs)
    notes = "\n".join(f"- {name}: {meaning}" for name, meaning in pairs)
    return SlideSpec("terms", title, bullets=bullets, notes=notes)


def glossary_slides(chapter: Chapter, popular: list[tuple[str, str]],
                    labels: dict[str, str]) -> list[SlideSpec]:
    """The glossary chapter: the terms most of the course uses, and where the rest are."""
    count = sum(len(b.items) for s in chapter.sections for b in s.blocks
                if isinstance(b, DefinitionList))
    slides = [terms_slide(labels["key_terms"], popular[i:i + MAX_TERMS])
              for i in range(0, len(popular), MAX_TERMS)]
    letters = [s.title for s in chapter.sections]
    notes = f"{count} {labels['terms_count']}: " + ", ".join(letters)
    where = f"{labels['glossary_handout']}: {count} {labels['terms_count']}."
    slides.append(SlideSpec("statement", labels["full_glossary"],
                            bullets=(Bullet((Span(where),)),), notes=notes))
    return slides


def popular_terms(defined: dict[str, tuple[str, str]],
                  usage: dict[str, dict[str, tuple[int, int]]], count: int = MAX_TERMS
                  ) -> list[tuple[str, str]]:
    """The COUNT terms the most chapters use, in the glossary's order."""
    spread = {name: len(usage.get(name, {})) for name in defined}
    chosen = sorted(defined, key=lambda n: -spread[n])[:count]
    return [defined[n] for n in defined if n in chosen and spread[n] > 1]


def ordered_lists(blocks) -> list[ListBlock]:
    return [b for b in blocks if isinstance(b, ListBlock) and b.ordered and len(b.items) >= 3]
