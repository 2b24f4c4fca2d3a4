"""What a trainer says while a slide is up, and for how long: the top of the speaker notes.

The planner hands over a chapter's planned slides (`timed`); each gets two to four talking
points (sentences of the text it presents that the slide does not show, or its own content:
a table's rows, a figure's caption and description, a question's trainer notes), its whole
minutes of the chapter's session (adding up to the session) and notes in this order: the
points, the minutes, what is for the trainer (`::: notes`, `!!! trainer`), then the text.
A section's text is shared over its slides of points (`share`): no slide's notes hold what
the next slide shows. Pure functions of the model; the guide prints the same points.
"""

from __future__ import annotations

import re
from dataclasses import replace

from handbook import plaintext
from handbook.model import (
    Block,
    Callout,
    Chapter,
    Code,
    DefinitionList,
    Image,
    ListBlock,
    Paragraph,
    Quote,
    Table,
    plain,
)
from handbook.slides.points import first_words, top_level
from handbook.slides.spec import (
    FURTHER_READING_KINDS,
    KEY_POINT_KINDS,
    QUESTION_KINDS,
    Bullet,
    SlideSpec,
)

SLIDE_MINIMUM = 1.0  # minutes a slide gets at least (scaled down when there are too many)
QUESTION_MINIMUM = 3.0  # a question to discuss takes time its short notes do not show
MAX_POINTS, MIN_POINTS = 4, 2
POINT_WORDS = 30  # a talking point is a sentence, cut at this many words
OPENERS = ("overview", "agenda")  # a chapter's slides that present its introduction
OWN_SLIDES = QUESTION_KINDS | FURTHER_READING_KINDS  # boxes shown on slides of their own
SENTENCE = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z0-9“\"(])")


# ------------------------------------------------------------------------------ the text
def share(slides: list[SlideSpec], blocks: tuple[Block, ...]) -> list[SlideSpec]:
    """BLOCKS' text over a section's slides of points, in order and by their share of the
    bullets; each slide's talking points from the text it presents; the boxes for the
    trainer to the first slide. Figures, tables, questions and further reading are left out:
    they have slides (and notes) of their own; "In short" is what the slide shows."""
    text = [piece for b in blocks if not _own_slide(b) for piece in _pieces(b)]
    trainer = plaintext.trainer_text(blocks, skip=OWN_SLIDES)
    groups = _shares(text, [max(1, top_level(s.bullets)) for s in slides])
    shared = []
    for index, (slide, group) in enumerate(zip(slides, groups, strict=True)):
        shown = [b.text for b in slide.bullets if not _label(b)]
        shared.append(replace(slide, notes=plaintext.blocks_text(_joined(group)),
                              talking=_points(group, shown),
                              trainer=trainer if index == 0 else slide.trainer))
    return shared


def question(slides: list[SlideSpec], callout: Callout) -> list[SlideSpec]:
    """A question's slides: what is for the trainer becomes the talking points."""
    trainer = plaintext.trainer_text(callout.blocks)
    if not slides or not trainer:
        return slides
    points = tuple(first_words(s, POINT_WORDS) for s in _sentences(trainer))[:MAX_POINTS]
    return [replace(slides[0], trainer=trainer, talking=points), *slides[1:]]


def _own_slide(block: Block) -> bool:
    if isinstance(block, Callout):
        return block.for_trainer or block.kind in OWN_SLIDES | KEY_POINT_KINDS
    return isinstance(block, Image | Table | Code)


def _pieces(block: Block) -> list[Block]:
    """A list item by item, a glossary term by term: a long one spreads over its slides
    (a numbered list stays whole, so that its numbers stay right)."""
    if isinstance(block, DefinitionList):
        return [DefinitionList((item,)) for item in block.items]
    if isinstance(block, ListBlock) and not block.ordered:
        return [ListBlock(False, (item,)) for item in block.items]
    return [block]


def _joined(blocks: list[Block]) -> tuple[Block, ...]:
    """Pieces of one list together again."""
    joined: list[Block] = []
    for block in blocks:
        last = joined[-1] if joined else None
        if isinstance(block, ListBlock) and isinstance(last, ListBlock) and not last.ordered \
                and not block.ordered:
            joined[-1] = ListBlock(False, last.items + block.items)
        else:
            joined.append(block)
    return tuple(joined)


def _shares(blocks: list[Block], weights: list[int]) -> list[list[Block]]:
    """BLOCKS cut into len(WEIGHTS) runs, each about its weight's share of them."""
    total, seen, start, runs = sum(weights), 0, 0, []
    for weight in weights:
        seen += weight
        end = round(len(blocks) * seen / total)
        runs.append(blocks[start:end])
        start = end
    return runs


def _points(blocks: list[Block], shown: list[str]) -> tuple[str, ...]:
    """A sentence from each block that the slide does not show (more from the first blocks
    if that makes fewer than two), else the slide's bullets."""
    unseen = [[s for text in _texts(block)[:2] for s in _sentences(text)
               if not _on_slide(s, shown)] for block in blocks]
    points = [sentences[0] for sentences in unseen if sentences][:MAX_POINTS]
    for sentence in (s for sentences in unseen for s in sentences[1:]):
        if len(points) >= MIN_POINTS:
            break
        points.append(sentence)
    for bullet in shown:
        if len(points) >= MIN_POINTS:
            break
        if bullet not in points:
            points.append(bullet)
    return tuple(first_words(p, POINT_WORDS) for p in points)


def _label(bullet: Bullet) -> bool:
    """A bullet in bold that heads the ones below it ("In this session")."""
    return all(s.bold for s in bullet.spans if s.text.strip())


def _texts(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [plaintext.block_text(block)]
    if isinstance(block, ListBlock):
        return [plain(item.spans) for item in block.items]
    if isinstance(block, Callout | Quote):
        return [t for inner in block.blocks for t in _texts(inner)]
    return []


def _sentences(text: str) -> list[str]:
    lines = [line.removeprefix("- ").strip() for line in text.splitlines() if line.strip()]
    return [s for line in lines for s in SENTENCE.split(line) if s]


def _on_slide(sentence: str, shown: list[str]) -> bool:
    key = _key(sentence)
    return any(key.startswith(_key(b)) or _key(b).startswith(key) for b in shown if _key(b))


def _key(text: str) -> str:
    return " ".join(text.replace("…", "").lower().split()).rstrip(" .,:;!?")


# ------------------------------------------------------------------------------ the minutes
def timed(slides: list[SlideSpec], chapter: Chapter, total: int,
          labels: dict[str, str]) -> list[SlideSpec]:
    """A chapter's slides with their minutes (adding up to TOTAL) and finished notes, each
    named after the chapter and pointing at its section (or the chapter) in the book."""
    slides = _overview(slides, chapter)
    minutes = slide_minutes(slides, total)
    done, start = [], 0
    for slide, spent in zip(slides, minutes, strict=True):
        slide = replace(slide, minutes=spent, start=start, chapter=chapter.meta.title,
                        anchor=slide.anchor or chapter.anchor,
                        talking=slide.talking or own_points(slide, chapter, labels["topics"]))
        done.append(replace(slide, notes=notes(slide, labels)))
        start += spent
    return done


def framing(slides: list[SlideSpec], labels: dict[str, str]) -> list[SlideSpec]:
    """The course's title, overview and module slides: a minute each, their own lines as points."""
    return [_framed(s, labels) if s.kind in ("title", "part", "modules") else s for s in slides]


def _framed(slide: SlideSpec, labels: dict[str, str]) -> SlideSpec:
    slide = replace(slide, minutes=1, talking=own_points(slide, None))
    return replace(slide, notes=notes(slide, labels, in_session=False))


def _overview(slides: list[SlideSpec], chapter: Chapter) -> list[SlideSpec]:
    """The chapter's introduction shared over its overview slides."""
    overview = [s for s in slides if s.kind in OPENERS]
    if not overview:
        return slides
    shared = iter(share(overview, chapter.intro))
    return [next(shared) if s.kind in OPENERS else s for s in slides]


def slide_minutes(slides: list[SlideSpec] | tuple[SlideSpec, ...], total: int) -> list[int]:
    """Whole minutes per slide that add up to `total`: a minimum each, the rest by the length
    of the notes, rounded by largest remainder."""
    if not slides:
        return []
    floors = [QUESTION_MINIMUM if s.kind in QUESTION_KINDS else SLIDE_MINIMUM for s in slides]
    if sum(floors) > total:
        floors = [f * total / sum(floors) for f in floors]
    weights = [len(s.notes) for s in slides]
    spare = total - sum(floors)
    exact = [f + spare * (w / sum(weights) if sum(weights) else 1 / len(slides))
             for f, w in zip(floors, weights, strict=True)]
    return largest_remainder(exact, total)


def largest_remainder(exact: list[float], total: int) -> list[int]:
    """Round down, then give the minutes left to the largest fractions (earlier ones on a tie)."""
    whole = [int(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - whole[i]), i))
    for index in order[: total - sum(whole)]:
        whole[index] += 1
    return whole


def clock(minutes: int) -> str:
    """Minutes into the session as h:mm."""
    return f"{minutes // 60}:{minutes % 60:02d}"


# ------------------------------------------------------------------------------ the notes
def own_points(slide: SlideSpec, chapter: Chapter | None, topic: str = "") -> tuple[str, ...]:
    """Talking points from what the slide itself shows, for slides without a text to share."""
    if slide.kind == "chapter" and chapter is not None:  # what the session is for
        goals = list(chapter.meta.goals)
        topics = ", ".join(s.title for s in chapter.sections)
        found = goals if len(goals) >= MIN_POINTS else \
            [*_sentences(slide.notes), *goals, *([f"{topic}: {topics}"] if topics else [])]
    elif slide.kind == "picture" and slide.image is not None:
        found = [slide.title, *_sentences(slide.image.alt)]
    elif slide.table is not None and len(slide.table.rows) == 1:  # its cells, one by one
        row, header = slide.table.rows[0], slide.table.header
        found = [f"{plain(row[0])} – {plain(h)}: {plain(c)}".lstrip(" –")
                 for h, c in zip(header[1:], row[1:], strict=False)]
    elif slide.table is not None:
        found = [plaintext.row_text(slide.table.header, row) for row in slide.table.rows]
    elif slide.kind == "modules":  # the course's modules, their chapters in the notes below
        found = [line for line in slide.notes.splitlines() if line.strip()
                 and not line.startswith("- ")]
    elif slide.kind in ("reading", "title", "part"):
        found = [line.removeprefix("- ") for line in slide.notes.splitlines()
                 if line.strip() and not line.startswith("  ")]
        if slide.kind == "title" or len(found) < MIN_POINTS:
            found = list(dict.fromkeys([*found, *slide.lines]))
    elif slide.kind in ("question", "answer", "code"):
        found = _sentences(slide.notes)
    elif slide.kind in ("terms", "closing"):  # each term with its meaning; what comes next
        found = [f"{b.text}: {b.note}" if b.note else b.text for b in slide.bullets]
    else:
        found = [b.text for b in slide.bullets if b.level == 0 and not _label(b)]
        if len(found) < MIN_POINTS:  # a statement: its notes say more
            found += _sentences(slide.notes)
    unique: list[str] = []
    for point in (f for f in found if f.strip()):
        if not _on_slide(point, unique):
            unique.append(point)
    return tuple(first_words(p, POINT_WORDS) for p in unique[:MAX_POINTS])


def notes(slide: SlideSpec, labels: dict[str, str], *, in_session: bool = True) -> str:
    """The finished notes: talking points, minutes, what is for the trainer, the text."""
    when = f"{slide.minutes} {labels.get('minutes', 'min')}"
    if in_session:
        when += f" · {clock(slide.start)}–{clock(slide.start + slide.minutes)}"
    head = "\n".join([*(f"- {p}" for p in slide.talking), when])
    trainer = ""
    if slide.trainer and not covered(slide.trainer, slide.talking):
        trainer = f"{labels.get('for_trainer', 'For the trainer')}: {slide.trainer}"
    body = "" if covered(slide.notes, slide.talking) else slide.notes
    return "\n\n".join(part for part in (head, trainer, body) if part)


def covered(text: str, points: tuple[str, ...]) -> bool:
    """Whether the points say all of TEXT (no line or sentence of it cut or left out)."""
    said = " ".join(_key(p) for p in points)
    return all(_key(s) in said for s in _sentences(text)) and "…" not in "".join(points)
