"""`handbook build` when nothing changed, answered before click is imported.

Most builds in CI and in an author's day change nothing; the full command imports click (and,
on a terminal, rich for the status line), a third of such a build's time. For `handbook build
[PROJECT_DIR] [-o OUT] [-q]`, the outputs are checked against the cache first (pipeline.build
with `only_reuse`: every input's hash, through the memo of hashes.py); only if something has
to be rendered, or the command has other options, does the full command run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from handbook.errors import HandbookError


def unchanged_build(args: list[str]) -> int | None:
    """The exit code of `handbook ARGS` if it is a build whose outputs were all taken from the
    cache (the warnings and summary printed as the full command prints them); else None."""
    options = _options(args)
    if options is None:
        return None
    folder, out, quiet = options
    if not folder.is_dir():
        return None
    from handbook.build.pipeline import build

    try:
        result = build(folder, out, only_reuse=True)
    except HandbookError:  # said by the full command, with its usual words
        return None
    if result is None:
        return None
    for problem in result.problems.warnings:
        print(problem.format(Path.cwd()), file=sys.stderr)
    if not quiet:
        print(summary(result))
    return 0


def summary(result) -> str:
    """The line a build ends with."""
    return (f"{len(result.outputs)} files, {result.pages} pages, {result.slides} slides in "
            f"the course deck, {len(result.problems.warnings)} warnings, "
            f"{result.seconds:.1f} s")


def _options(args: list[str]) -> tuple[Path, Path | None, bool] | None:
    """(project, output folder, quiet) of `build [PROJECT_DIR] [-o OUT] [-q]`, else None."""
    if args[:1] != ["build"]:
        return None
    folder, out, quiet, rest = None, None, False, list(args[1:])
    while rest:
        arg = rest.pop(0)
        if arg in ("-q", "--quiet"):
            quiet = True
        elif arg in ("-o", "--output") and rest and out is None:
            out = Path(rest.pop(0))
        elif arg.startswith("--output=") and out is None:
            out = Path(arg.removeprefix("--output="))
        elif arg.startswith("-") or folder is not None or not arg:
            return None  # another option: the full command
        else:
            folder = Path(arg)
    return folder or Path("."), out, quiet
