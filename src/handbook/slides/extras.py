"""Slides of their own for a section's key content, in the order the section has it: figures
(titled by the section, the caption under them), tables (or a comparison), worked prompts and
quotations, ordered lists beside an "In short" box (a procedure or checklist as steps), terms,
code, questions (label, minutes, room to think) and further reading (a QR code per link)."""

from __future__ import annotations

import re

from handbook import plaintext as notes_text
from handbook.model import (
    Block,
    Callout,
    Code,
    DefinitionList,
    Image,
    ListBlock,
    Paragraph,
    Quote,
    Table,
)
from handbook.slides import design as designer
from handbook.slides import talking
from handbook.slides.code import add_code
from handbook.slides.points import paragraph_points, reading_bullets
from handbook.slides.spec import (
    FURTHER_READING_KINDS,
    MAX_BULLETS,
    QR_COLUMN_PT,
    QR_PER_COLUMN,
    QUESTION_KINDS,
    Bullet,
    SlideSpec,
    shown_blocks,
)
from handbook.slides.tablefit import split_rows
from handbook.slides.tabs import is_tab, tab_slides

LINKS_PER_SLIDE = 6
FIGURE_LABEL = re.compile(r"^(Figure|Fig\.|Figuur|Afbeelding|Abbildung)\s*\d+(?:\.\d+)*[.:]?\s*")


def extras(planner, blocks: tuple[Block, ...], title: str, source: str = "") -> list[SlideSpec]:
    slides: list[SlideSpec] = []
    before: Paragraph | None = None
    top = {id(b) for b in blocks}
    for block in shown_blocks(blocks):
        if isinstance(block, Image):
            slides.append(picture(planner, block, title))
        elif isinstance(block, Table):
            slides.extend(tables(planner, title, block))
        elif isinstance(block, Callout) and block.kind in QUESTION_KINDS:
            slides.extend(talking.question(question(planner, block, title), block))
        elif isinstance(block, Callout) and block.kind in FURTHER_READING_KINDS:
            slides.extend(reading(planner, block))
        elif is_tab(block):
            slides.extend(tab_slides(planner, block, title))
        elif isinstance(block, Code):  # output only: into the notes of the slide before
            count = len(slides)
            add_code(slides, block, title, designer.code_box(planner), planner.labels)
            slides[count:] = [designer.design(planner, s, "code") or s for s in slides[count:]]
        elif isinstance(block, Quote) and id(block) in top:
            slides.append(designer.quote_slide(planner, block, title, before))
        elif isinstance(block, ListBlock) and id(block) in top and source == "summary" \
                and block.ordered and len(block.items) >= 3:
            slides.extend(designer.step_slides(planner, block, title))
        elif isinstance(block, DefinitionList) and id(block) in top and source == "summary":
            slides.extend(planner.designed_points(title, _terms(block), "", "terms"))
        if id(block) in top:
            before = block if isinstance(block, Paragraph) else None
    return slides


def _terms(block: DefinitionList) -> list[Bullet]:
    from handbook.slides.points import _term_bullet

    return [_term_bullet(d) for d in block.items]


def picture(planner, image: Image, title: str) -> SlideSpec:
    """A figure titled by its section, its caption under it, its alt text its description.
    A numbered figure's caption starts with its number, as in the handbook, so that "as
    Figure 2.1 shows" on another slide finds it."""
    caption = FIGURE_LABEL.sub("", image.caption) if image.caption else ""
    if image.number:
        label = f"{planner.labels.get('figure', 'Figure')} {image.number}"
        caption = f"{label}: {caption}" if caption else label
    notes = "\n\n".join(x for x in (image.caption, image.alt and f"({image.alt})") if x)
    spec = SlideSpec("picture", title, image=image, notes=notes, caption=caption)
    return designer.design(planner, spec, "picture") or spec


def tables(planner, title: str, table: Table) -> list[SlideSpec]:
    if designer.comparable(table):
        spec = SlideSpec("table", title, table=table, notes=notes_text.table_text(table))
        found = designer.design(planner, spec, "comparison")
        if found is not None:
            return [found]
    body = planner.geometry.free or planner.geometry.body
    groups = split_rows(table, body.width_pt, body.height_pt, planner.geometry.table_rows)
    slides = []
    for index, part in enumerate(groups, start=1):
        shown = f"{title} ({index}/{len(groups)})" if len(groups) > 1 else title
        spec = SlideSpec("table", shown, table=part, notes=notes_text.table_text(part))
        slides.append(designer.design(planner, spec, "table") or spec)
    return slides


def question(planner, callout: Callout, title: str) -> list[SlideSpec]:
    """A question's own slide; its answer in the notes, or next, if the book says so."""
    labels = planner.labels
    answer = next((b for b in callout.blocks if isinstance(b, Callout)
                   and b.kind == "answer"), None)
    label = callout.title or labels["question"]
    spec = SlideSpec("question", _labelled(label, title),
                     bullets=tuple(designer.question_bullets(callout)),
                     notes=notes_text.blocks_text(callout.blocks), label=label)
    found = designer.design(planner, spec, "question")
    slides = [found] if found is not None else planner.points(
        spec.title, list(spec.bullets), spec.notes, "question")
    if answer is not None and planner.answer_slides:
        slides += [planner._balanced(s) for s in planner.points(
            answer.title or labels["answer"], paragraph_points(answer.blocks, whole=True),
            notes_text.blocks_text(answer.blocks), "answer")]
    return slides


def _labelled(label: str, title: str) -> str:
    """"Try it yourself: Planning a meeting"; a dash when the section's title has a colon of its
    own ("Try it yourself – Iterate: the first answer…"), never two colons."""
    if title == label:
        return label
    return f"{label} – {title}" if ":" in title else f"{label}: {title}"


def reading(planner, callout: Callout) -> list[SlideSpec]:
    """The links, up to six a slide, each beside its QR code."""
    links: list[list[Bullet]] = []
    for block in callout.blocks:
        if isinstance(block, ListBlock):
            links.extend(reading_bullets(item.spans) for item in block.items)
    title = callout.title or planner.labels["more"]
    notes = notes_text.blocks_text(callout.blocks)
    chunks = [links[i:i + LINKS_PER_SLIDE] for i in range(0, len(links), LINKS_PER_SLIDE)]
    slides = []
    for index, chunk in enumerate(chunks, start=1):
        shown = f"{title} ({index}/{len(chunks)})" if len(chunks) > 1 else title
        spec = SlideSpec("reading", shown, bullets=tuple(b for link in chunk for b in link),
                         notes=notes)
        found = designer.design(planner, spec, "reading")
        slides.extend([found] if found is not None else _plain_reading(planner, spec))
    return slides


def _plain_reading(planner, spec: SlideSpec) -> list[SlideSpec]:
    planner._narrow, planner._max_top = QR_COLUMN_PT, QR_PER_COLUMN
    try:
        return planner.points(spec.title, list(spec.bullets), spec.notes, "reading")
    finally:
        planner._narrow, planner._max_top = 0.0, MAX_BULLETS
