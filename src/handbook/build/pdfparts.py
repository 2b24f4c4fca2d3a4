"""The handbook PDF made of parts (book/parts.py): only the parts an edit changes are laid out.

A part's PDF is cached under a key of everything its pages depend on: the tool and the project
files other than the chapters (styles, images, handbook.toml), the book's head, the part's own
HTML, the opening tag of the part after it (its trailing blank page), its first page number,
and the page numbers it prints of targets in other parts (contents, index, "on page 11").

A build starts from the page numbers of the latest build (the *plan*): each part in turn gets
its first page from the parts before it and its outside pages from the plan, and is taken from
the cache or laid out alone. The parts missing in one round are laid out together, on both
cores (partjobs.py): an edit that moves the chapters after it lays out the edited chapter in
one round and the moved ones, side by side, in the next. If a part then finds that a page it
printed has moved, it is laid out again with the new number, until nothing moves. With no
plan (a first build), or when most of the book has to be laid out anyway, the whole book is
laid out in one pass and written part by part: the same bytes, since a part is written from
the same pages either way.
"""

from __future__ import annotations

from handbook.build.cache import Cache, digest
from handbook.errors import Collector, Problem

PLAN_KEY = digest("pdf-plan")
ROUNDS = 6  # rounds of layouts before the whole book is laid out in one pass instead
WHOLE_SHARE = 0.5  # lay out the whole book when more than this share of its parts changed
# A longer book's parts are written in this process only: the forked writer shares the laid-out
# pages copy-on-write but touches many of them (100 chapters peaked at 1.08 GB with it)
FORK_PAGES = 300


class PartsBuild:
    """The parts of one book's PDF, from the cache or laid out, and merged."""

    def __init__(self, book, theme, html: str, store: Cache, others: str,
                 jobs: int | None = None):
        from handbook.book.parts import split_book

        self.book, self.theme, self.store = book, theme, store
        self.split = split_book(html)
        self.base = digest("pdf-part", others, self.split.head, self.split.tail)
        self.layout, self.jobs = None, jobs
        self.known = frozenset().union(*(p.ids for p in self.split.parts))

    @property
    def usable(self) -> bool:
        return len(self.split.parts) > 1

    def run(self, problems: Collector) -> tuple[bytes, int]:
        """The merged PDF and its page count; PROBLEMS gets WeasyPrint's warnings (those of
        parts taken from the cache included). Raises PartMismatch when a stylesheet does not
        start each part on a page of its own."""
        from handbook.book.merge import merge_parts
        from handbook.book.pdf import Layout

        with Layout(self.book, self.theme, problems) as self.layout:
            parts = self._parts(problems)
            for part in parts:  # the warnings of the parts used, each said once
                problems.problems.extend(p for p in part.problems if p not in problems.problems)
        return merge_parts(parts), sum(p.pages for p in parts)

    # ------------------------------------------------------------------------ the parts
    def _parts(self, problems: Collector) -> list:
        plan = self._plan()
        if plan is None:
            return self._whole(problems)
        from handbook.book.partpdf import PartMismatch

        try:  # a part that cannot be laid out alone: the whole book then decides
            parts = self._from_plan(plan, problems)
        except PartMismatch:
            parts = None
        if parts is None:  # what the parts laid out said, the whole book says again
            return self._whole(problems)
        self._keep_plan(parts)
        return parts

    def _from_plan(self, plan: dict[str, int], problems: Collector) -> list | None:
        """The parts, cached or laid out alone, with page numbers settled (None: lay out the
        whole book instead). Each round finds the parts missing at the pages known so far and
        lays them out together (on both cores: partjobs.py); a part whose first page depends
        on one missing from the plan waits for the next round."""
        if self._misses(plan) > WHOLE_SHARE * len(self.split.parts):
            return None
        from handbook.build.partjobs import lay_out_alone

        guess, parts, absent = dict(plan), {}, set()
        for _round in range(ROUNDS):
            page, made, wanted, sure = 1, [], {}, True
            for index in range(len(self.split.parts)):
                refs = self._refs(index, guess)
                key = self._key(index, page, refs)
                if key not in parts and key not in absent:
                    found = self._cached(key)
                    if found is None:
                        absent.add(key)
                    else:
                        parts[key] = found
                part = parts.get(key)
                made.append(part)
                if part is None:  # laid out this round, at the page the plan gives it
                    if sure:
                        wanted[key] = (index, page, refs)
                    planned = self._planned_pages(index, plan)
                    sure = sure and planned is not None
                    page += planned or 1
                    continue
                guess.update({a: page + n for a, n in part.anchors.items()})
                page += part.pages
            if wanted:
                laid = lay_out_alone(self.layout, self.split, list(wanted.values()), problems,
                                     self.jobs)
                for key, part in zip(wanted, laid, strict=True):
                    parts[key] = part
                    self._store(key, part)
            elif all(part.refs == self._refs(index, guess) for index, part in enumerate(made)):
                return made
        return None

    def _planned_pages(self, index: int, plan: dict[str, int]) -> int | None:
        """Part INDEX's page count in the latest build (None if the plan does not say)."""
        parts = self.split.parts
        start = plan.get(parts[index].opener_id) if index else 1
        end = plan.get(parts[index + 1].opener_id) if index + 1 < len(parts) else None
        return end - start if start and end and end > start else None

    def _misses(self, plan: dict[str, int]) -> int:
        """How many parts are not in the cache at the pages of the plan."""
        misses = 0
        for index, source in enumerate(self.split.parts):
            page = plan.get(source.opener_id, 0) if index else 1
            key = self._key(index, page, self._refs(index, plan))
            misses += self.store.entry("pdfpart", key) is None
        return misses

    def _refs(self, index: int, pages: dict[str, int]) -> dict[str, int]:
        """The pages part INDEX prints of targets in other parts, as PAGES has them."""
        return {t: pages.get(t, 1) for t in self.split.parts[index].external()
                if t in self.known}

    def _key(self, index: int, page: int, refs: dict[str, int]) -> str:
        source = self.split.parts[index]
        following = self.split.parts[index + 1].opener if index + 1 < len(self.split.parts) \
            else ""
        return digest(self.base, source.name, source.html, following, str(page),
                      *(f"{t}={n}" for t, n in sorted(refs.items())))

    def _whole(self, problems: Collector) -> list:
        """Every part from one layout of the whole book."""
        from handbook.book.partpdf import layout_whole

        before = len(problems.problems)
        document, ranges = layout_whole(self.layout, self.split)
        parts = self._write_all(document, ranges, problems)
        from handbook.book.origins import owner
        from handbook.build.partjobs import taken

        for problem in taken(problems, before):  # each kept with the part it is about
            parts[owner(problem, self.book, self.split)].problems.append(problem)
        anchors, page = {}, 1
        for part in parts:
            anchors.update({a: page + n for a, n in part.anchors.items()})
            page += part.pages
        page = 1
        for index, part in enumerate(parts):
            part.refs = self._refs(index, anchors)
            self._store(self._key(index, page, part.refs), part)
            page += part.pages
        self._keep_plan(parts)
        return parts

    def _write_all(self, document, ranges: list[tuple[int, int]], problems: Collector) -> list:
        """The parts of the whole book's DOCUMENT written, the last ones (half the pages) in
        a forked process on the second core when there is one: the decks are done by then."""
        from handbook.book.partpdf import write_parts
        from handbook.build.processes import can_fork, run_both

        count = len(ranges)
        half = next((n for n, (_start, end) in enumerate(ranges)
                     if end * 2 >= ranges[-1][1]), count - 1) + 1
        if not can_fork(self.jobs) or count < 4 or half >= count or \
                ranges[-1][1] > FORK_PAGES:
            return write_parts(self.layout, document, self.split, ranges, range(count))

        def there(send) -> tuple[list, list[Problem], list[str]]:
            before, refused = len(problems.problems), len(self.layout.refused)
            made = write_parts(self.layout, document, self.split, ranges, range(half, count))
            return made, problems.problems[before:], self.layout.refused[refused:]

        mine, (theirs, found, refused) = run_both(  # pictures in SVGs are read when drawn
            lambda receive: write_parts(self.layout, document, self.split, ranges,
                                        range(half)), there)
        problems.problems.extend(found)
        self.layout.refused.extend(u for u in refused if u not in self.layout.refused)
        return mine + theirs

    # ------------------------------------------------------------------------- the cache
    def _cached(self, key: str):
        from handbook.book.partpdf import PartPdf

        entry = self.store.entry("pdfpart", key)
        data = self.store.get(entry["blobs"].get("pdf", "")) if entry else None
        if entry is None or data is None:
            return None
        try:
            part = PartPdf.from_json(data, entry)
            part.refs = {str(t): int(n) for t, n in entry["refs"].items()}
            from handbook.build.cache import problems_from

            part.problems = problems_from(entry.get("problems", []))
        except (KeyError, TypeError, ValueError, AttributeError):
            return None  # a damaged or foreign entry: laid out again
        if not data.startswith(b"%PDF-") or part.pages < 1:
            return None
        return part

    def _store(self, key: str, part) -> None:
        from handbook.build.cache import problems_to

        if self.store.enabled and not any(p.severity == "error" for p in part.problems):
            self.store.store("pdfpart", key, dict(part.to_json(), refs=part.refs,
                                                  problems=problems_to(part.problems)),
                             {"pdf": part.data})

    def _plan(self) -> dict[str, int] | None:
        """The anchors' pages in the latest build of this book's parts (else of any book:
        a `--chapter` build, a chapter added or deleted)."""
        for key in (self._plan_key, PLAN_KEY):
            entry = self.store.entry("pdfplan", key) if self.store.enabled else None
            anchors = entry.get("anchors") if entry else None
            if isinstance(anchors, dict):
                return {str(a): n for a, n in anchors.items() if isinstance(n, int)}
        return None

    @property
    def _plan_key(self) -> str:
        return digest(PLAN_KEY, *(p.name for p in self.split.parts))

    def _keep_plan(self, parts: list) -> None:
        if not self.store.enabled:
            return
        anchors, page = {}, 1
        for part in parts:
            anchors.update({a: page + n for a, n in part.anchors.items()})
            page += part.pages
        for key in (self._plan_key, PLAN_KEY):
            self.store.store("pdfplan", key, {"anchors": anchors}, {})

def render_book_pdf(book, theme, html: str, store: Cache, others: str, problems: Collector,
                    jobs: int | None = None) -> tuple[bytes, int]:
    """The book's PDF and page count: made of parts where the template marks them (cached
    when STORE is enabled), else (or when a stylesheet does not start each part on a page of
    its own) laid out in one pass."""
    from handbook.book.partpdf import PartMismatch
    from handbook.book.pdf import render_pdf

    parts = PartsBuild(book, theme, html, store, others, jobs)
    if parts.usable:
        attempt = Collector()
        try:
            result = parts.run(attempt)
        except PartMismatch:
            pass
        else:
            problems.problems.extend(attempt.problems)
            return result
    return render_pdf(book, html, theme, problems)
