"""One build: gather and validate the whole book, then render the PDF and the decks.

Outputs come from the build cache (cache.py) when what they are made from is unchanged: all of
them when no file of the project changed; otherwise the PDF when the book's HTML and every
other project file are unchanged, and each deck when its planned slides are. What is left to
render uses both cores: the decks in a forked process while this one lays out the PDF. Only
the outputs whose bytes changed are written; those left in place are dated now when a source
is newer than them (so they read as up to date, as the preview's note on the PDF asks).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from handbook.build.cache import CACHE_DIR, Cache
from handbook.build.dates import build_time
from handbook.build.inputs import Inputs
from handbook.build.reuse import date_kept, earlier, start
from handbook.errors import Collector

Progress = Callable[[str], None]

__all__ = ["BuildResult", "build"]


@dataclass
class BuildResult:
    outputs: list[Path] = field(default_factory=list)
    pages: int = 0
    slides: int = 0
    seconds: float = 0.0
    problems: Collector = field(default_factory=Collector)
    reused: list[Path] = field(default_factory=list)  # outputs taken from the cache


def build(root: Path, out: Path | None = None, *, pdf: bool = True, decks: bool = True,
          strict: bool = False, cache: bool = True, jobs: int | None = None,
          extra: tuple[str, ...] = (), chapter: str | None = None,
          progress: Progress | None = None, only_reuse: bool = False) -> BuildResult | None:
    """Build ROOT's outputs into OUT (default ROOT/output). Raises HandbookError on errors.

    With `strict`, warnings count as errors. Nothing is written unless the build succeeds.
    `cache=False` renders everything and leaves the cache alone; `jobs=1` uses one process.
    `extra` adds "handout" and/or "guide" to what handbook.toml asks for; `chapter` (a file
    stem) builds that chapter alone, as OUT/<stem>.pdf and OUT/slides/<stem>.pptx.
    `progress` is told, in a few words, what the build is doing. With `only_reuse`, a build
    that would have to render anything returns None instead (and has done nothing).
    """
    say = progress or (lambda message: None)
    started = time.perf_counter()
    result = BuildResult()
    when = build_time()
    root, out, store, inputs = start(root, out, (pdf, decks, extra, chapter), cache)
    say("checking the sources")
    outputs = _reuse(store, inputs, out, result) if inputs else None
    if outputs is None and only_reuse:
        return None
    if outputs is None:
        from handbook.build.jobs import Build, render

        rendered = render(Build(root, out, when, pdf, decks, store, inputs, result.problems,
                                extra=extra, chapter=chapter, progress=say), jobs)
        outputs, result.pages, result.slides = rendered.outputs, rendered.pages, rendered.slides
    problems = result.problems
    if strict:
        problems.problems = [p.replace(severity="error") for p in problems.problems]
    problems.raise_errors()
    changed = {path: data for path, data in outputs.items()  # all or none, once all rendered
               if data is not None and (not path.is_file() or _digest(inputs, path) != _sha(data))}
    if changed:
        from handbook.build.output import write_all

        say("writing the outputs")
        write_all(changed, out)
    result.outputs.extend(outputs)
    date_kept([path for path in outputs if path not in changed], inputs)
    if inputs and not result.reused:
        store.store("build", inputs.key, _entry(result), {
            p.relative_to(out).as_posix(): d for p, d in outputs.items() if d is not None})
        if inputs.unchanged():  # no file was saved while we built: what we made is theirs
            store.commit()
    if inputs:
        inputs.memo.save()
    if changed or not result.reused:  # a build with nothing changed keeps the cache as it is
        store.prune(sum(p.stat().st_size for p in result.outputs))
    if store.trouble is not None:  # said once, not kept with the build's warnings
        result.problems.warning(root / CACHE_DIR, None, f"could not keep the build cache "
                                f"({store.trouble}); the next build will not be faster")
    result.seconds = time.perf_counter() - started
    return result


def _digest(inputs: Inputs | None, path: Path) -> str:
    from handbook.build.cache import file_digest

    return inputs.memo.digest(path) if inputs else file_digest(path)


def _reuse(store: Cache, inputs: Inputs, out: Path,
           result: BuildResult) -> dict[Path, bytes | None] | None:
    """The outputs of an earlier build from exactly the same inputs (None for those already in
    OUT with the same bytes), or None; RESULT takes its counts and warnings."""
    found = earlier(store, inputs, out)
    if found is None:
        return None
    from handbook.build.cache import problems_from

    result.pages, result.slides = found.pages, found.slides
    result.problems.problems.extend(problems_from(found.problems))
    result.reused = list(found.outputs)
    return found.outputs


def _entry(result: BuildResult) -> dict:
    from handbook.build.cache import problems_to

    return {"pages": result.pages, "slides": result.slides,
            "problems": problems_to(result.problems.problems)}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
