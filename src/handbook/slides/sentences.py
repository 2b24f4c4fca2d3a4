"""Sentences and clauses: a point made short without cutting a sentence.

A point is a paragraph's topic sentence (not a rhetorical question), shortened, when it is
long, at a clause boundary (";", ":", a dash, ", which", ", such as" …) that leaves a whole
clause, and ended with the sentence's own full stop or question mark. No boundary, no cut: the
whole sentence stays (the layout makes room). Never an ellipsis. Formatting is kept: the spans
are cut, not their text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from handbook.model import Inline, Span

ABBREVIATIONS = {"e.g.", "i.e.", "etc.", "vs.", "no.", "art.", "dr.", "mr.", "ms.", "mrs.",
                 "st.", "approx.", "cf.", "fig.", "p.", "pp.", "vol.", "jr.", "inc.", "ltd."}
SENTENCE_END = re.compile(r"([.!?][)\"”’»]*)\s+(?=[\"“‘«(\[]?[A-Z0-9À-ÖØ-Þ])")
STRONG = re.compile(r"\s*;\s+|:\s+|\s+[–—]\s+")
WEAK = re.compile(r",\s+(?=(?:which|who|whose|where|while|whereas|but|so|because|although|"
                  r"though|since|unless|such as|for example|for instance|including|"
                  r"especially|from|with|without|as well as|trillions|rather than)\b)")
POINTER = re.compile(r"(?:the|this|these)\s+(?:table|figure|list|chart|diagram|picture|"
                     r"examples?)s?\s+(?:below|above|here)\b|(?:see|as shown)\s+(?:below|above)",
                     re.I)
MIN_CLAUSE = 5
TEASER_WORDS = 6  # a first sentence this short only announces the next one
BOTH_WORDS = 28  # words a shortened point keeps at least
OPEN, CLOSE = "(“‘[«", ")”’]»"
TEASER = re.compile(r"\b(?:one|two|three|four|five|six|several|many|these|this|following|"
                    r"[0-9]+)\b(?:\s+\S+){0,2}\s*$", re.I)  # "builds on two developments:"


def sentences(text: str) -> list[str]:
    """TEXT split into sentences (abbreviations and initials do not end one)."""
    found, start = [], 0
    for match in SENTENCE_END.finditer(text):
        candidate = text[start:match.end(1)]
        last = candidate.split()[-1].lower() if candidate.split() else ""
        if last in ABBREVIATIONS or re.fullmatch(r"[a-z]\.", last):
            continue
        found.append(candidate.strip())
        start = match.end()
    rest = text[start:].strip()
    return [*found, rest] if rest else found


def topic(text: str) -> str:
    """The sentence a paragraph's point is made from: its first, unless that is a question
    the next sentence answers or points at a table or figure ("The table below …")."""
    parts = sentences(text)
    while len(parts) > 1 and (parts[0].endswith("?") or POINTER.match(parts[0])):
        parts = parts[1:]
    if len(parts) > 1 and len(parts[0].split()) < TEASER_WORDS:  # "AI has a physical side."
        both = f"{parts[0]} {parts[1]}"
        return both if len(both.split()) <= BOTH_WORDS else parts[1]
    return parts[0] if parts else text


def shortened(sentence: str, limit: int) -> str:
    """SENTENCE, or its first clauses up to LIMIT words, ended as the sentence ends."""
    end = _cut(sentence, limit)
    return sentence[:end].rstrip(" ,;:–—") + _end(sentence) if end < len(sentence) else sentence


def point(text: str, limit: int) -> str:
    """A paragraph's point as text: its topic sentence, shortened at a clause."""
    return shortened(topic(text), limit)


def _end(sentence: str) -> str:
    stripped = sentence.rstrip(")\"”’» ")
    return stripped[-1] if stripped and stripped[-1] in ".!?" else "."


def _cut(sentence: str, limit: int) -> int:
    """Where to end SENTENCE (a character offset): its length when it is short enough or has
    no clause boundary that leaves MIN_CLAUSE words and balanced brackets and quotes."""
    if len(sentence.split()) <= limit:
        return len(sentence)
    colon = sentence.find(": ")  # what follows a colon is one thing: no cut inside it
    candidates = []
    for pattern in (STRONG, WEAK):
        for match in pattern.finditer(sentence):
            head = sentence[: match.start()]
            words = len(head.split())
            teaser = match.group().strip() == ":" and TEASER.search(head) is not None
            if words >= MIN_CLAUSE and _balanced(head) and not teaser \
                    and (colon < 0 or match.start() <= colon):
                candidates.append((words, match.start()))
    within = [c for c in candidates if c[0] <= limit]
    if within:
        return max(within)[1]
    shortest = min(candidates, default=None)
    if shortest is not None and shortest[0] <= 1.5 * limit:
        return shortest[1]
    return len(sentence)


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        if char in OPEN:
            depth += 1
        elif char in CLOSE:
            depth -= 1
    return depth == 0 and text.count('"') % 2 == 0


# ------------------------------------------------------------------------------ spans
def collapse(spans: Inline) -> Inline:
    """SPANS with whitespace collapsed as `model.plain` does, so that offsets into the plain
    text are offsets into the spans."""
    found: list[Span] = []
    space = True
    for span in spans:
        text = re.sub(r"\s+", " ", span.text)
        if space:
            text = text.lstrip()
        if text:
            space = text.endswith(" ")
            found.append(replace(span, text=text))
    while found and not found[-1].text.rstrip():
        found.pop()
    if found:
        found[-1] = replace(found[-1], text=found[-1].text.rstrip())
    return tuple(found)


def cut(spans: Inline, start: int, end: int, ending: str = "") -> Inline:
    """The spans of plain-text characters START to END, with ENDING after them."""
    found: list[Span] = []
    position = 0
    for span in collapse(spans):
        left, right = max(start, position), min(end, position + len(span.text))
        if left < right:
            found.append(replace(span, text=span.text[left - position: right - position]))
        position += len(span.text)
    if found:
        found[0] = replace(found[0], text=found[0].text.lstrip())
        found[-1] = replace(found[-1], text=found[-1].text.rstrip(" ,;:–—") + ending)
    return tuple(s for s in found if s.text)


def point_spans(spans: Inline, limit: int, questions: bool = False) -> Inline:
    """A paragraph's point with its formatting: the topic sentence (the first, a question
    too, if QUESTIONS), shortened at a clause."""
    text = "".join(s.text for s in collapse(spans))
    chosen = (sentences(text) or [text])[0] if questions else topic(text)
    start = text.find(chosen)
    short = shortened(chosen, limit)
    if short == chosen:
        return cut(spans, start, start + len(chosen))
    kept = len(short) - 1  # without the ending added
    return cut(spans, start, start + kept, short[-1])
