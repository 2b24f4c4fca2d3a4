"""A chapter's slide plan kept between builds: the key of everything planning it reads.

`Planner.chapter` plans from the chapter itself (its every block, its number and metadata);
the book's glossary (its terms and which chapters use each: the key-terms slides); the next
chapter's number and metadata (the closing slide names it); the slide geometry measured from
the template, the language and its words, and whether answers get slides; and the project's
files other than the chapters and the tool, which the keeper sums up as its BASE. The key is a
hash of all of them, so a kept plan is the plan planning would give (with its warnings).
"""

from __future__ import annotations

from typing import Protocol

from handbook.source.memory import digest


class PlanMemory(Protocol):
    base: str  # the hash of the tool and of the project's files other than the chapters

    def get(self, key: str) -> object | None:
        """The (slides, warnings) kept under KEY, if any and sound."""

    def put(self, key: str, plan: object) -> None:
        """Keep PLAN, a chapter's (slides, warnings), under KEY (if the build succeeds)."""


def plan_key(planner, chapter) -> str:
    """The key of PLANNER's plan of CHAPTER (planner: plan.Planner, with its book)."""
    after = planner.following(chapter)
    following = repr((after.number, after.meta)) if after is not None else ""
    return digest(context(planner), repr(chapter), following)


def sound(kept: object) -> bool:
    """Whether KEPT has the shape of a kept plan: (a list of slides, a tuple of warnings)."""
    from handbook.slides.spec import SlideSpec

    return (isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], list)
            and isinstance(kept[1], tuple) and all(isinstance(s, SlideSpec) for s in kept[0])
            and all(isinstance(w, str) for w in kept[1]))


def context(planner) -> str:
    """What every chapter's plan depends on, worked out once per planner and book."""
    book = planner.book
    known = planner.__dict__.get("_kept_context")
    if known is None or known[0] is not book:
        said = repr((planner.geometry, planner.language, planner.labels, planner.answer_slides,
                     planner.glossary))
        known = planner.__dict__["_kept_context"] = (book, digest(planner.memory.base, said))
    return known[1]
