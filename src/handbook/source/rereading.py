"""The book read whole, or read again after some chapters were saved (the preview's rereads).

`BookReader.load` is `load_book`: every chapter parsed once, in `load_order`. It keeps what
each chapter's parse gave (its text, its chapter, its problems, its numbered labels), so that
`reread` can parse again only the chapters whose text changed, and those that show something
of theirs: a Quarto reference to a label whose name or number changed. Each one is parsed with
exactly what a full load would give it (the labels known at its place in the load order, the
glossary's terms), so the book is the one `load` would make. What every chapter depends on
changing (the chapter list or order, handbook.toml, the project file, a glossary's terms,
which chapter is a glossary, the order chapters are parsed in, an included file) makes
`reread` return None: load the whole book.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from handbook.errors import Collector, ContentError, Problem
from handbook.model import Book, Chapter
from handbook.source.attachments import Attachments
from handbook.source.checks import book_ids, check_chapter_links
from handbook.source.images import ImageChecker
from handbook.source.loader import check_unique_titles, load_chapter
from handbook.source.memory import INCLUDE, ParseMemory, chapter_key, stable
from handbook.source.sources import Sources, gather
from handbook.source.terms import Term, term_pattern
from handbook.source.xrefs import Labels
from handbook.source.xrefs import numbered as numbered_labels


@dataclass(frozen=True)
class Parsed:
    """One chapter's parse: its text, the chapter (None if it had errors), its problems."""

    text: str
    chapter: Chapter | None
    problems: tuple[Problem, ...]
    labels: Labels  # its figures' and tables' labels, as numbered (xrefs.numbered)
    given: tuple[tuple[str, object], ...] = ()  # the labels its text names, as it was given them


@dataclass
class _Walk:
    """What one walk over the chapters knows: the labels so far, each chapter's terms."""

    sources: Sources
    syntax: object  # dialects.syntax.Syntax, its labels those below
    labels: Labels
    base: str | None  # the memory's (source/memory.py), or None
    terms: dict[Path, list[Term]] = field(default_factory=dict)  # at each chapter's place
    parsed: list[Path] = field(default_factory=list)
    shape: str = ""  # the memory's: `stable` of the sources' shape

    def __post_init__(self) -> None:
        self.shape = stable(self.sources.shape()) if self.base else ""


@dataclass
class BookReader:
    """Reads ROOT's book; `reread` reuses what the last `load` or `reread` parsed (with
    errors too), if it got as far as parsing. A MEMORY keeps parses between builds: a chapter
    whose key (source/memory.py) it knows is not parsed again."""

    root: Path
    memory: ParseMemory | None = None
    parsed: dict[Path, Parsed] = field(default_factory=dict)
    reparsed: tuple[Path, ...] = ()  # the chapters the last load or reread parsed
    _sources: Sources | None = None
    _links: dict[Path, tuple] = field(default_factory=dict)  # chapter → (it, targets, problems)
    _checkers: tuple[ImageChecker, Attachments] | None = None  # of the last full load

    def __post_init__(self) -> None:
        self.root = self.root.resolve()

    def chapter_files(self) -> list[Path]:
        """The chapter files of the last load or reread, as the project lists them."""
        return list(self._sources.keys) if self._sources else []

    def mentions(self, name: str) -> bool:
        """Whether a chapter's text (as last read) has NAME in it (a file it may refer to)."""
        return self._sources is None or any(name in text for text in
                                            self._sources.texts.values())

    def load(self, problems: Collector | None = None) -> Book:
        """The whole book, every chapter parsed; raises ContentError if anything is wrong."""
        problems = problems if problems is not None else Collector()
        self._sources = None
        sources = gather(self.root, problems)
        parsed = self._walk(sources, {}, set(sources.texts))
        assert parsed is not None  # nothing to reuse, nothing to give up on
        return self._finish(sources, parsed, problems)

    def reread(self, changed: Iterable[Path], problems: Collector | None = None) -> Book | None:
        """The book after CHANGED (chapter files) were saved, parsing only what they touch;
        None when a full `load` is needed. Raises ContentError like `load`."""
        old = self._sources
        changed = {Path(p).resolve() for p in changed}
        if old is None or not changed <= set(old.slugs):  # chapter files only
            return None
        gathered = Collector()
        try:
            sources = gather(self.root, gathered)
        except ContentError:
            return None
        if sources.shape() != old.shape() or gathered.errors:
            return None
        edited = {p for p, text in sources.texts.items() if text != old.texts[p]}
        if any(_includes(text, p) for p in edited for text in sources.texts.values()):
            return None
        relabelled = {k for k in old.labels.keys() | sources.labels.keys()
                      if old.labels.get(k) != sources.labels.get(k)}
        parsed = self._walk(sources, self.parsed, edited | _referring(sources, relabelled))
        if parsed is None:
            return None
        problems = problems if problems is not None else Collector()
        problems.problems.extend(gathered.problems)
        return self._finish(sources, parsed, problems)

    def _walk(self, sources: Sources, reuse: dict[Path, Parsed],
              parse: set[Path]) -> dict[Path, Parsed] | None:
        """Each chapter in load order: reused, or parsed (those in PARSE, and those that
        refer to a label a parsed chapter numbers otherwise); then, parsed again, each chapter
        that was given a label of a chapter parsed after it (in a cycle of references) before
        that label had its number. None: a glossary changed."""
        syntax = sources.layout.syntax
        if not reuse or self._checkers is None:  # what they know of images holds till then
            self._checkers = (ImageChecker(self.root, Collector(), site_root=syntax.site_root),
                              Attachments(self.root, Collector(), site_root=syntax.site_root))
        labels = dict(sources.labels)  # completed as chapters are parsed, as load_book did
        walk = _Walk(sources, replace(syntax, labels=labels), labels,
                     self.memory.base(sources.keys) if self.memory is not None else None)
        terms: list[Term] = []
        done: dict[Path, Parsed] = {}
        for place, position in enumerate(sources.order):
            path = sources.keys[position]
            result = reuse.get(path)
            walk.terms[path] = list(terms)
            if result is None or path in parse:
                result = self._parse(walk, position)
                before = reuse.get(path)
                if before is not None:
                    if _defined(before) != _defined(result):
                        return None  # the glossary's terms: every later chapter links them
                    renamed = {k for k in before.labels.keys() | result.labels.keys()
                               if before.labels.get(k) != result.labels.get(k)}
                    later = {sources.keys[p] for p in sources.order[place + 1:]}
                    parse |= _referring(sources, renamed) & later
            done[path] = result
            if result.chapter is not None:
                labels.update(result.labels)
                terms.extend(Term(name, anchor, term_pattern(name))
                             for name, anchor in result.chapter.terms)
        for position in sources.order:  # the labels each was given, against the final ones
            path = sources.keys[position]
            if any(labels.get(k) != v for k, v in done[path].given):
                done[path] = self._parse(walk, position)
        self.reparsed = tuple(dict.fromkeys(walk.parsed))
        return done

    def _parse(self, walk: _Walk, position: int) -> Parsed:
        """The chapter at POSITION parsed with the labels and terms WALK knows now (or as the
        memory keeps that parse)."""
        sources, labels = walk.sources, walk.labels
        number, entry = sources.numbered[position]
        path = sources.keys[position]
        text = sources.texts[path]
        terms = walk.terms[path]
        key = chapter_key(walk.base, walk.shape, path, text, labels,
                          [(t.name, t.anchor) for t in terms], sources.slugs,
                          sources.texts) if walk.base else ""
        result = self._remembered(key, text)
        if result is None:
            images, attachments = self._checkers
            collector = Collector()
            images.problems = attachments.problems = collector
            chapter = load_chapter(entry.path, number, images, collector, sources.titles,
                                   terms, sources.slugs, sources.meta.slide_level, entry=entry,
                                   syntax=walk.syntax, attachments=attachments)
            own = numbered_labels(chapter, sources.titles) if chapter else {}
            given = tuple((k, v) for k, v in labels.items() if k not in own and k in text)
            result = Parsed(text, chapter, tuple(collector.problems), own, given)
            if key:
                self.memory.put(key, result)
        walk.parsed.append(path)
        return result

    def _remembered(self, key: str, text: str) -> Parsed | None:
        """The parse the memory keeps under KEY, if it is one of TEXT."""
        found = self.memory.get(key) if key else None
        return found if isinstance(found, Parsed) and found.text == text else None

    def _finish(self, sources: Sources, parsed: dict[Path, Parsed],
                problems: Collector) -> Book:
        """The book of PARSED chapters, checked as a whole, and kept for `reread` (with
        errors too: a chapter's parse is reused with its problems while its text is the same).
        """
        for position in sources.order:
            problems.problems.extend(parsed[sources.keys[position]].problems)
        chapters = sorted((p.chapter for p in parsed.values() if p.chapter is not None),
                          key=lambda c: c.number)
        check_unique_titles(chapters, problems, sources.layout.tool == "handbook")
        book = Book(sources.meta, tuple(chapters), self.root)
        self._check_links(book, sources.real, problems)
        self.parsed, self._sources = parsed, sources
        problems.raise_errors()
        return book

    def _check_links(self, book: Book, real: dict[Path, Path], problems: Collector) -> None:
        """`check_links`, each chapter's links checked again only if the chapter or what
        links may reach (every id, every chapter file) changed."""
        ids = book_ids(book)
        slugs = {real[chapter.path]: chapter.slug for chapter in book.chapters}
        targets = (frozenset(ids), tuple(slugs.items()))
        checked = {}
        for chapter in book.chapters:
            known = self._links.get(chapter.path)
            if known is not None and known[0] is chapter and known[1] == targets:
                found = known[2]
            else:
                collector = Collector()
                check_chapter_links(chapter, ids, slugs, collector)
                found = tuple(collector.problems)
            problems.problems.extend(found)
            checked[chapter.path] = (chapter, targets, found)
        self._links = checked


def _referring(sources: Sources, labels: set[str]) -> set[Path]:
    """The chapters whose text may refer to one of LABELS: that has it anywhere (`@fig-x`,
    a MyST role's `<fig-x>`, a link), so none is missed."""
    return {path for path, text in sources.texts.items()
            if any(label in text for label in labels)}


def _defined(parsed: Parsed) -> tuple:
    return parsed.chapter.terms if parsed.chapter is not None else ()


def _includes(text: str, path: Path) -> bool:
    """Whether TEXT may include the chapter file PATH (an include naming its file)."""
    return path.name in text and any(INCLUDE.search(line) for line in text.splitlines()
                                     if path.name in line)
