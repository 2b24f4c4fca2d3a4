"""Which callout kind each dialect's name means: one vocabulary for every way of writing a box.

The kinds are the ones `!!! kind` has always had (summary, tip, note, warning, question, more,
…); other tools' names map onto them where they mean the same, and keep their own name where
they do not (the print styles and the slide planner fall back to a note-like box).
"""

from __future__ import annotations

import re

from handbook.model import TRAINER_KINDS

# names written as `!!! kind`, `::: kind`, `::: {.callout-kind}`, ```{kind}``` or `> [!KIND]`
KNOWN = {
    "note", "tip", "hint", "important", "warning", "caution", "attention", "danger", "error",
    "info", "summary", "abstract", "tldr", "question", "answer", "exercise", "example",
    "discuss", "more", "seealso", "further", "reading", "solution", "notes", "success",
    "failure", "bug", "quote", "todo", "details", "objectives", "prerequisites", "keypoints",
    "instructor", "testimonial", "checklist", "questions", "aside", "margin", "sidebar",
    "dropdown", "topic", "epigraph", "definition", "theorem", "proof", "remark", "tab",
    "trainer",
}
# a box that answers the exercise before it: printed in place, on slides in the notes only
ANSWER_KINDS = {"solution"}
_TRAINER_TITLE = re.compile(r"^\W*(?:(?:instructor|teacher|trainer|facilitator|tutor)s?'?s?"
                            r"(?:\s+(?:notes?|guide|tips?|only))?|notes?\s+for\s+(?:the\s+)?"
                            r"(?:instructors?|teachers?|trainers?))\b", re.I)
_ANSWER_TITLE = re.compile(r"(?<![\w-])(?:answers?|solutions?|antwoord(?:en)?|oplossing(?:en)?|"
                           r"l\u00f6sung(?:en)?|r\u00e9ponses?|soluci\u00f3n)\b", re.I)

# other tools' names for the same thing (Carpentries, Quarto, MyST, Sphinx)
ALIASES = {
    "callout": "note",
    "challenge": "exercise",
    "discussion": "discuss",
    "keypoints": "summary",
    "key-points": "summary",
    "prereq": "prerequisites",
    "spoiler": "details",
    "admonition": "note",
    "versionadded": "note",
    "versionchanged": "note",
    "deprecated": "warning",
    "see-also": "seealso",
    "pull-quote": "quote",
    "highlights": "summary",
    "instructor": "trainer",
    "instructor-note": "trainer",
    "teacher": "trainer",
}

# Quarto/Pandoc classes that lay out or show content rather than box it: kept as plain divs
LAYOUT_CLASSES = {
    "columns", "column", "incremental", "nonincremental", "fragment", "r-stack", "cell",
    "cell-output", "cell-output-stdout", "cell-output-display", "cell-output-stderr",
    "content-visible", "panel-tabset", "tab-content", "group-tab", "tab", "center",
    "text-center", "lead", "small", "smaller", "r-fit-text", "absolute", "quarto-figure",
    "figure", "border", "unnumbered", "unlisted",
}


def kind_of(name: str) -> str | None:
    """The callout kind NAME stands for, or None if it is no box we know."""
    name = name.strip().lower()
    name = name.removeprefix("callout-")
    if name in ALIASES:
        return ALIASES[name]
    return name if name in KNOWN else None


def kind_for_title(kind: str, title: str | None) -> str:
    """A box's kind given its title: "Instructor note" boxes are for the trainer, "Answer"
    and "Solution" boxes answer an exercise; other boxes keep KIND."""
    title = (title or "").strip()
    if _TRAINER_TITLE.match(title):
        return "trainer"
    if _ANSWER_TITLE.search(title) and kind not in TRAINER_KINDS:
        return "solution"
    return kind
