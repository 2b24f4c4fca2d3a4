"""The decks of one build: planned (slideplan), then each taken from the cache or drawn, and
the course deck assembled from them.

Each chapter deck is drawn once per change of its slides; the course deck is not drawn again
but assembled (slides/assemble.py) from the chapter decks' slides and from "fragments": small
decks of the course's own slides (title, overview, part dividers, each chapter's retitled
closing slides), one per run of them, so an edit of one chapter redraws that chapter's deck and
fragment only. A deck's (and a fragment's) cache key is its planned slides (every word, bullet,
note, table and picture path on them) plus the hash of every project file other than the
chapters' Markdown (pictures, the slide template, handbook.toml, styles/) and of the tool; the
assembled course deck is cached under the key of all its slides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handbook.build.cache import Cache, digest
from handbook.errors import HandbookError, Problem

DECK_NAME = "slides.pptx"
CHAPTER_DECKS = "slides"
_NOT_ASSEMBLED = ("the course deck was drawn whole, as the chapter decks' slides could not be "
                  "carried over into it ({}); the deck is complete, but this is a bug in "
                  "handbook: please report it")


@dataclass
class DeckOutput:
    # in the order of the build: the bytes, or the name of the cache blob that holds them (so
    # that a second process sends back a few names and ends, instead of megabytes, and waits)
    outputs: dict[Path, bytes | str] = field(default_factory=dict)
    slides: int = 0  # in the course deck
    problems: list[Problem] = field(default_factory=list)  # what planning found (as check)
    used: set[Path] = field(default_factory=set)  # cache files read or written
    pending: list = field(default_factory=list)  # cache entries to write if the build succeeds
    trouble: str | None = None  # why the cache could not be written, if it could not


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
        """Plan every deck, reuse the cached ones, draw the others (on two cores if SPLIT), and
        assemble the course deck from the chapter decks and its own slides' fragments."""
        result = DeckOutput()
        problems = self.check() if self.builder is None else []
        if self.builder is None:
            raise HandbookError(problems)
        course, chapters = self._plan(result)
        pieces: dict[Path | str, list] = dict(chapters) if self.chapters else {}
        course_key = self._key(course) if course is not None else ""
        course_blob = self._cached(course_key) if course is not None else None
        order: list[tuple[Path | str, int]] = []
        if course is not None and course_blob is None:
            fragments, order = course_pieces(course, chapters)
            pieces.update(chapters)
            pieces.update(fragments)
        keys = {piece: self._key(slides) for piece, slides in pieces.items()}
        made: dict[Path | str, bytes | str | None] = {p: self._cached(keys[p]) for p in pieces}
        made.update(self._draw_all([p for p in pieces if made[p] is None], pieces, keys, split))
        if course is not None:
            result.outputs[self.out / DECK_NAME] = course_blob or \
                self._assemble(course, order, pieces, made, course_key, result.problems)
        if self.chapters:
            result.outputs.update((path, made[path]) for path in chapters)
        from handbook.build.check import deck_problem

        result.problems.extend(deck_problem(self.book, message)  # at a picture's line
                               for message in dict.fromkeys(self.builder.warnings))
        result.used, result.pending = set(self.store.used), list(self.store.pending)
        result.trouble = self.store.trouble
        return result

    def _key(self, slides: list) -> str:
        return digest("deck", self.others, repr(slides)) if self.store.enabled else ""

    def _plan(self, result: DeckOutput) -> tuple[list | None, dict[Path, list]]:
        """The course deck's slides (None if it is not made) and each chapter deck's, planned
        when either is made (the course deck is assembled from the chapter decks)."""
        book = self.book
        planner = self.builder.planner(book.meta.language, book.root, book)
        if self.store.enabled:  # each chapter's plan kept between builds
            from handbook.build.kept import PlanCache

            planner.memory = PlanCache(self.store, self.others)
        course = planner.course(book) if self.course else None
        result.slides = len(course) if course is not None else 0
        chapters = {self.out / CHAPTER_DECKS / f"{chapter.stem}.pptx":
                    planner.chapter_deck(chapter) for chapter in book.chapters}
        from handbook.build.check import slide_problems

        result.problems = slide_problems(book, planner)  # the planner's warnings among them
        return course, chapters

    def _cached(self, key: str) -> str | None:
        entry = self.store.entry("deck", key) if key else None
        sound = entry is not None and self.store.get(entry["blobs"].get("deck", "")) is not None
        return entry["blobs"]["deck"] if sound else None

    def _draw_all(self, missing: list, pieces: dict, keys: dict,
                  split: bool) -> dict[Path | str, bytes | str]:
        """The MISSING decks drawn, here or half of them in a second process."""
        if not (split and len(missing) > 1):
            return self._draw(missing, pieces, keys)
        from handbook.build.processes import run_both

        first, second = _halves(missing, pieces)
        drawn, (more, used, pending, warned, trouble) = run_both(
            lambda _: self._draw(first, pieces, keys),
            lambda _: (self._draw(second, pieces, keys), self.store.used,
                       self.store.pending, self.builder.warnings, self.store.trouble))
        drawn.update(more)
        self.store.trouble = self.store.trouble or trouble
        self.builder.warnings.extend(warned)
        self.store.used.update(used)
        self.store.pending.extend(p for p in pending if p not in self.store.pending)
        return drawn

    def _draw(self, paths: list, plans: dict, keys: dict) -> dict[Path | str, bytes | str]:
        """Each deck drawn: the name of its cache blob, or its bytes if it is not cached (no
        cache, or drawn with warnings: drawn again, and said again, next time)."""
        drawn: dict[Path | str, bytes | str] = {}
        for path in paths:
            warned = len(self.builder.warnings)
            data = self.builder.build(plans[path], self.book, self.when)
            drawn[path] = self._kept(keys[path], data, len(self.builder.warnings) == warned)
        return drawn

    def _kept(self, key: str, data: bytes, clean: bool) -> bytes | str:
        """DATA stored in the cache under KEY (its blob's name) if it was made CLEAN (without
        warnings) and there is a cache, else DATA itself."""
        stored = self.store.store("deck", key, {}, {"deck": data}) if key and clean else None
        return stored["deck"] if stored else data

    def _assemble(self, course: list, order: list, pieces: dict, made: dict,
                  key: str, problems: list[Problem]) -> bytes | str:
        """The course deck made of the drawn decks' slides, cached under KEY when every deck
        it is made of is (none was drawn with warnings). If they cannot be assembled (a bug),
        it is drawn directly, and PROBLEMS get a warning that asks for a report."""
        from handbook.slides.assemble import AssemblyError

        data = {piece: self._bytes(piece, pieces, made) for piece, _ in order}
        try:
            deck = self.builder.assemble(course, [(data[p], i) for p, i in order], self.book,
                                         self.when)
        except AssemblyError as error:  # something drawn that cannot be carried over
            deck = self.builder.build(course, self.book, self.when)
            problems.append(Problem(self.out / DECK_NAME, None, _NOT_ASSEMBLED.format(error),
                                    "warning"))
            return deck  # not cached: said again by the next build
        return self._kept(key, deck, all(isinstance(made[piece], str) for piece, _ in order))

    def _bytes(self, piece: Path | str, pieces: dict, made: dict) -> bytes:
        """A drawn deck's bytes: from the cache, else (a blob that could not be written, or
        was pruned by another build meanwhile) drawn again."""
        value = made[piece]
        data = self.store.get(value) if isinstance(value, str) else value
        return data if data is not None else self.builder.build(pieces[piece], self.book,
                                                                self.when)


def course_pieces(course: list, chapters: dict[Path, list]
                  ) -> tuple[dict[str, list], list[tuple[Path | str, int]]]:
    """What the course deck is made of: each slide as drawn in a chapter deck with the same
    spec, and the others (title, overview, part dividers, each chapter's retitled closing
    slides) in fragments, one per run of them (the front slides; each chapter's own and a part
    divider after them), so an edit of one chapter redraws only its fragment. Returns the
    fragments by name and, for each course slide, (deck, index of the slide in it)."""
    found: dict[str, tuple[Path | str, int]] = {}
    for path, slides in chapters.items():
        for index, spec in enumerate(slides):
            found.setdefault(repr(spec), (path, index))
    fragments: dict[str, list] = {}
    order: list[tuple[Path | str, int]] = []
    run: list | None = None
    for spec in course:
        where = found.get(repr(spec))
        if where is None:
            if run is None:
                run = fragments.setdefault(f"fragment-{len(fragments) + 1}", [])
            where = (f"fragment-{len(fragments)}", len(run))
            run.append(spec)
        else:
            run = None
        order.append(where)
    return fragments, order


def _halves(paths: list, plans: dict) -> tuple[list, list]:
    """Two groups of decks with about as many slides each."""
    groups: tuple[list, list] = ([], [])
    sizes = [0, 0]
    for path in sorted(paths, key=lambda p: -len(plans[p])):
        lighter = sizes.index(min(sizes))
        groups[lighter].append(path)
        sizes[lighter] += len(plans[path])
    return groups
