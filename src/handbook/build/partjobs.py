"""Parts of the book laid out alone, on the machine's cores (pdfparts.py decides which).

When an edit moves the first page of the chapters after it, each of them is laid out again
alone. Two or more such parts are shared between this process and a forked one (processes.py),
balanced by the size of their HTML: the child starts from this process's WeasyPrint session
(stylesheets parsed, fonts loaded) and sends back each part's PDF with its warnings. The cache
entries are written here, by the parent, which alone commits them.
"""

from __future__ import annotations

from handbook.errors import Collector, Problem

Wanted = tuple[int, int, dict[str, int]]  # (part index, first page, pages of outside targets)


def lay_out_alone(layout, split, wanted: list[Wanted], problems: Collector,
                  jobs: int | None) -> list:
    """A PartPdf for each of WANTED, in order, each with the warnings its layout gave (kept out
    of PROBLEMS: the parts a build uses report theirs). Raises PartMismatch as render_alone."""
    from handbook.build.processes import can_fork, run_both

    if len(wanted) < 2 or not can_fork(jobs):
        return [alone(layout, split, item, problems) for item in wanted]
    mine, theirs = halves(split, wanted)

    def there(send) -> tuple[list | None, list[str]]:
        from handbook.book.partpdf import PartMismatch

        refused = len(layout.refused)
        try:
            made = [alone(layout, split, wanted[n], problems) for n in theirs]
        except PartMismatch:
            made = None
        return made, layout.refused[refused:]

    here, (there_made, refused) = run_both(
        lambda receive: [alone(layout, split, wanted[n], problems) for n in mine], there)
    layout.refused.extend(u for u in refused if u not in layout.refused)
    if there_made is None:
        from handbook.book.partpdf import PartMismatch

        raise PartMismatch(split.parts[wanted[theirs[0]][0]].name)
    found = dict(zip(mine, here, strict=True)) | dict(zip(theirs, there_made, strict=True))
    return [found[n] for n in range(len(wanted))]


def alone(layout, split, item: Wanted, problems: Collector):
    """One part laid out alone, with its refs and the warnings of its layout."""
    from handbook.book.partpdf import render_alone

    index, page, refs = item
    before = len(problems.problems)
    part = render_alone(layout, split, index, page, refs)
    part.refs = refs
    part.problems = taken(problems, before)
    return part


def halves(split, wanted: list[Wanted]) -> tuple[list[int], list[int]]:
    """WANTED's positions in two shares of about the same HTML size (the largest first, each
    to the lighter share); each share in book order."""
    shares: tuple[list[int], list[int]] = ([], [])
    sizes = [0, 0]
    for n in sorted(range(len(wanted)), key=lambda n: -len(split.parts[wanted[n][0]].html)):
        lighter = 0 if sizes[0] <= sizes[1] else 1
        shares[lighter].append(n)
        sizes[lighter] += len(split.parts[wanted[n][0]].html)
    return sorted(shares[0]), sorted(shares[1])


def taken(problems: Collector, before: int) -> list[Problem]:
    """The problems PROBLEMS got since BEFORE, each once, taken out of it (they go with the
    parts, and are reported for the parts a build uses)."""
    found: list[Problem] = []
    for problem in problems.problems[before:]:
        if problem not in found:
            found.append(problem)
    del problems.problems[before:]
    return found
