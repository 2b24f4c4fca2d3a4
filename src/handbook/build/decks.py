"""The decks of one build: planned (slideplan), then each taken from the cache or drawn.

A deck's cache key is its planned slides (every word, bullet, note, table and picture path on
them) plus the hash of every project file other than the chapters' Markdown (pictures, the
slide template, handbook.toml, styles/) and of the tool: a chapter's deck is reused when an
edit elsewhere leaves its slides as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handbook.build.cache import Cache, digest
from handbook.errors import HandbookError, Problem

DECK_NAME = "slides.pptx"
CHAPTER_DECKS = "slides"


@dataclass
class DeckOutput:
    # in the order of the build: the bytes, or the name of the cache blob that holds them (so
    # that a second process sends back a few names and ends, instead of megabytes, and waits)
    outputs: dict[Path, bytes | str] = field(default_factory=dict)
    slides: int = 0  # in the course deck
    problems: list[Problem] = field(default_factory=list)  # what planning found (as check)
    used: set[Path] = field(default_factory=set)  # cache files read or written
    pending: list = field(default_factory=list)  # cache entries to write if the build succeeds


def open_template(template: Path, layouts: tuple[tuple[str, str], ...] = ()):
    """(a DeckBuilder, what is wrong with the template): any template gives decks."""
    from handbook.slides.deck import DeckBuilder

    builder = DeckBuilder(template, layouts)
    return builder, builder.problems


class DeckJob:
    def __init__(self, book, template: Path, when, store: Cache, others: str, out: Path,
                 course: bool = True, chapters: bool = True):
        self.book, self.template, self.when, self.store = book, template, when, store
        self.others, self.out = others, out
        self.course, self.chapters = course, chapters
        self.builder = None

    def check(self) -> list[Problem]:
        """Open the slide template; what is wrong with it (warnings)."""
        self.builder, problems = open_template(self.template, self.book.meta.layouts)
        return problems

    def run(self, split: bool = False) -> DeckOutput:
        """Plan every deck, reuse the cached ones, draw the others (on two cores if SPLIT)."""
        result = DeckOutput()
        problems = self.check() if self.builder is None else []
        if self.builder is None:
            raise HandbookError(problems)
        plans = self._plan(result)
        keys = {path: digest("deck", self.others, repr(slides)) if self.store.enabled else ""
                for path, slides in plans.items()}
        missing = []
        for path in plans:
            blob = self._cached(keys[path])
            result.outputs[path] = blob or b""
            if blob is None:
                missing.append(path)
        if split and len(missing) > 1:
            from handbook.build.processes import run_both

            first, second = _halves(missing, plans)
            drawn, (more, used, pending, warned) = run_both(
                lambda _: self._draw(first, plans, keys),
                lambda _: (self._draw(second, plans, keys), self.store.used,
                           self.store.pending, self.builder.warnings))
            drawn.update(more)
            self.builder.warnings.extend(warned)
            self.store.used.update(used)
            self.store.pending.extend(p for p in pending if p not in self.store.pending)
        else:
            drawn = self._draw(missing, plans, keys)
        result.outputs.update(drawn)
        result.problems.extend(Problem(None, None, f"slides: {message}", "warning")
                               for message in dict.fromkeys(self.builder.warnings))
        result.used, result.pending = set(self.store.used), list(self.store.pending)
        return result

    def _plan(self, result: DeckOutput) -> dict[Path, list]:
        book = self.book
        planner = self.builder.planner(book.meta.language, book.root, book)
        plans = {}
        if self.course:
            plans[self.out / DECK_NAME] = planner.course(book)
            result.slides = len(plans[self.out / DECK_NAME])
        if self.chapters:
            for chapter in book.chapters:
                plans[self.out / CHAPTER_DECKS / f"{chapter.stem}.pptx"] = \
                    planner.chapter_deck(chapter)
        from handbook.build.check import slide_problems

        result.problems = slide_problems(book, planner)  # the planner's warnings among them
        return plans

    def _cached(self, key: str) -> str | None:
        entry = self.store.entry("deck", key) if key else None
        sound = entry is not None and self.store.get(entry["blobs"].get("deck", "")) is not None
        return entry["blobs"]["deck"] if sound else None

    def _draw(self, paths: list[Path], plans: dict[Path, list],
              keys: dict[Path, str]) -> dict[Path, bytes | str]:
        drawn: dict[Path, bytes | str] = {}
        for path in paths:
            warned = len(self.builder.warnings)
            data = self.builder.build(plans[path], self.book, self.when)
            clean = len(self.builder.warnings) == warned  # else drawn again, and said again
            stored = self.store.store("deck", keys[path], {}, {"deck": data}) \
                if keys[path] and clean else None
            drawn[path] = stored["deck"] if stored else data
        return drawn


def _halves(paths: list[Path], plans: dict[Path, list]) -> tuple[list[Path], list[Path]]:
    """Two groups of decks with about as many slides each (the course deck is about half)."""
    groups: tuple[list[Path], list[Path]] = ([], [])
    sizes = [0, 0]
    for path in sorted(paths, key=lambda p: -len(plans[p])):
        lighter = sizes.index(min(sizes))
        groups[lighter].append(path)
        sizes[lighter] += len(plans[path])
    return groups
