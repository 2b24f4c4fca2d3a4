"""One build: the outputs wanted, the two processes that render them, the cache, atomic
writes, the JSON report, the progress line, and `check` (everything a build validates,
without rendering). Knows every folder but `cli`."""

from handbook.build.pipeline import BuildResult, build

__all__ = ["BuildResult", "build"]
