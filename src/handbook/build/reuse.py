"""The outputs of an earlier build from exactly the same inputs: how every build begins, and all
that a build with nothing changed does (cli/fast.py answers it before click is imported), the
outputs it leaves in place dated as every build dates them (date_kept).

So that such a build takes a few hundredths of a second, this module and what it imports (cache,
inputs, hashes, source/paths) import only light modules of the standard library at their top:
no dataclasses (errors.py), tempfile, datetime or renderer. A cached warning becomes a Problem
(cache.problems_from) only where it is reported.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from handbook.build.cache import Cache
from handbook.build.inputs import Inputs


class Earlier:
    """What an earlier build from the same inputs made, as its cache entry keeps it: each
    output's bytes (None where OUT already holds them), its page and slide counts, and its
    problems as the entry keeps them ([path, line, message, severity])."""

    def __init__(self, outputs: dict[Path, bytes | None], entry: dict):
        self.outputs = outputs
        self.pages: int = entry.get("pages", 0)
        self.slides: int = entry.get("slides", 0)
        self.problems: list[list] = entry.get("problems", [])


def start(root: Path, out: Path | None, options: tuple,
          cache: bool = True) -> tuple[Path, Path, Cache, Inputs | None]:
    """ROOT and OUT (default ROOT/output) resolved, ROOT's cache, and what the build with
    OPTIONS reads (None without a cache: nothing to compare with)."""
    root = root.resolve()
    out = (out or root / "output").resolve()
    store = Cache.for_project(root, cache)
    inputs = Inputs.of(root, out, options, store.folder) if store.folder is not None else None
    return root, out, store, inputs


def earlier(store: Cache, inputs: Inputs, out: Path) -> Earlier | None:
    """The outputs of an earlier build from exactly the same inputs (None for those already in
    OUT with the same bytes), or None (no such build, or its outputs are damaged)."""
    entry = store.entry("build", inputs.key)
    if entry is None:
        return None
    outputs: dict[Path, bytes | None] = {}
    for name, blob in entry["blobs"].items():
        if inputs.memo.digest(out / name) == blob:
            outputs[out / name] = None
            continue
        data = outputs[out / name] = store.get(blob)
        if data is None:  # damaged: build afresh
            return None
    return Earlier(outputs, entry)


def unchanged(root: Path, out: Path | None, options: tuple) -> Earlier | None:
    """The earlier build of ROOT into OUT with OPTIONS if every output is in OUT with the bytes
    it made and it reported no error; else None (a build has something to render or write)."""
    root, out, store, inputs = start(root, out, options)
    found = earlier(store, inputs, out) if inputs is not None else None
    if found is None or any(data is not None for data in found.outputs.values()) \
            or any(problem[3] != "warning" for problem in found.problems):
        return None
    date_kept(list(found.outputs), inputs)
    inputs.memo.save()  # what was hashed again (a file touched, or no longer racy)
    return found


def date_kept(kept: list[Path], inputs: Inputs | None) -> None:
    """Date now the outputs this build left in place (their bytes were already right) if a
    source is newer than them: they are as up to date as those it wrote, and the preview,
    which compares the PDF's time with the sources', says so. With nothing saved since the
    last build, nothing is touched (and the next build trusts the outputs' hashes)."""
    newest = _newest(inputs) if inputs and kept else None
    for path in kept:
        with contextlib.suppress(OSError):
            if newest is None or path.stat().st_mtime_ns < newest:
                os.utime(path, follow_symlinks=False)


def _newest(inputs: Inputs) -> int:
    """The latest modification time of the project's files (ns), as the build found them."""
    return max((inputs.memo.modified(real) for real, _name, kind, _target, _sha in inputs.files
                if kind == "file"), default=0)
