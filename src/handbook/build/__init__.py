"""One build: the outputs wanted, the two processes that render them, the cache, atomic
writes, the JSON report, the progress line, and `check` (everything a build validates,
without rendering). Knows every folder but `cli`.

`build` and `BuildResult` are imported when asked for, so that a module of this folder (the
cache, the inputs) can be imported without the pipeline: a build with nothing changed needs
only those (cli/fast.py)."""

from __future__ import annotations

__all__ = ["BuildResult", "build"]


def __getattr__(name: str):
    if name in __all__:
        from handbook.build import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
