"""`handbook build` when nothing changed, and `handbook --version`, answered before click is
imported.

Most builds in CI and in an author's day change nothing; the full command imports click (and,
on a terminal, rich for the status line), the pipeline and the model, most of such a build's
time. For `handbook build [PROJECT_DIR] [-o OUT] [-q]`, the outputs are checked against the
cache first (build/reuse.py: every input's hash, through the memo of hashes.py); only if
something has to be rendered or written, or the command has other options, does the full
command run. What this path imports is kept light (tests/test_cache.py says what it must not).
"""

from __future__ import annotations

import os
import sys
import time

# build options of `handbook build` without flags, as cli/build.py passes them to
# pipeline.build (pdf, decks, extra, chapter): part of every cache key (build/inputs.py)
DEFAULT_OPTIONS = (True, True, (), None)


def unchanged_build(args: list[str]) -> int | None:
    """The exit code of `handbook ARGS` if it is a build whose outputs were all taken from the
    cache (the warnings and summary printed as the full command prints them); else None."""
    options = _options(args)
    if options is None:
        return None
    folder, out, quiet = options
    if not os.path.isdir(folder):
        return None
    started = time.perf_counter()
    from pathlib import Path

    from handbook.build.reuse import unchanged  # no pipeline: nothing heavy is imported

    try:
        found = unchanged(Path(folder), Path(out) if out is not None else None, DEFAULT_OPTIONS)
    except Exception as error:
        from handbook.errors import HandbookError

        if isinstance(error, HandbookError):  # said by the full command, with its usual words
            return None
        raise
    if found is None:
        return None
    if found.problems:
        from handbook.build.cache import problems_from

        for problem in problems_from(found.problems):
            print(problem.format(Path.cwd()), file=sys.stderr)
    if not quiet:
        print(summary(len(found.outputs), found.pages, found.slides, len(found.problems),
                      time.perf_counter() - started))
    return 0


def version(args: list[str]) -> int | None:
    """`handbook --version` (or -V) alone: click's line (commands.py), without click."""
    if args not in (["--version"], ["-V"]):
        return None
    from handbook import __version__

    print(f"handbook, version {__version__}")
    return 0


def summary(files: int, pages: int, slides: int, warnings: int, seconds: float) -> str:
    """The line a build ends with."""
    return (f"{files} files, {pages} pages, {slides} slides in the course deck, {warnings} "
            f"warnings, {seconds:.1f} s")


def _options(args: list[str]) -> tuple[str, str | None, bool] | None:
    """(project, output folder, quiet) of `build [PROJECT_DIR] [-o OUT] [-q]`, else None."""
    if args[:1] != ["build"]:
        return None
    folder, out, quiet, rest = None, None, False, list(args[1:])
    while rest:
        arg = rest.pop(0)
        if arg in ("-q", "--quiet"):
            quiet = True
        elif arg in ("-o", "--output") and rest and out is None:
            out = rest.pop(0)
        elif arg.startswith("--output=") and out is None:
            out = arg.removeprefix("--output=")
        elif arg.startswith("-") or folder is not None or not arg:
            return None  # another option: the full command
        else:
            folder = arg
    return folder or ".", out, quiet
