"""The exceptions and problem reports that the CLI turns into `path:line: message` lines."""

from __future__ import annotations

import re
from pathlib import Path

FIELDS = ("path", "line", "message", "severity")


class Problem:
    """One thing wrong with the input, located as precisely as we can.

    Immutable, compared, hashed and pickled by its fields, as a frozen dataclass would be; it
    is written out because importing dataclasses (and, through it, inspect) would be half of
    what a build with nothing changed imports to report a cached warning (cli/fast.py).
    """

    __slots__ = FIELDS
    __match_args__ = FIELDS
    path: Path | None
    line: int | None
    message: str
    severity: str  # "error" or "warning"

    def __init__(self, path: Path | None, line: int | None, message: str,
                 severity: str = "error"):
        for name, value in zip(FIELDS, (path, line, message, severity), strict=True):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def _fields(self) -> tuple:
        return (self.path, self.line, self.message, self.severity)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return "Problem(" + ", ".join(f"{n}={v!r}" for n, v in zip(FIELDS, self._fields(),
                                                                    strict=True)) + ")"

    def __reduce__(self) -> tuple:
        return (Problem, self._fields())

    def replace(self, **changes: object) -> Problem:
        """A copy with CHANGES (field names) made: dataclasses.replace for a Problem."""
        return Problem(**{**dict(zip(FIELDS, self._fields(), strict=True)), **changes})

    def format(self, root: Path | None = None) -> str:
        """Render as `path:line: severity: message`, the path relative to `root` if inside it."""
        where = ""
        if self.path is not None:
            shown = self.path
            if root is not None:
                try:
                    shown = self.path.resolve().relative_to(root.resolve())
                except ValueError:
                    shown = self.path
            where = f"{shown}:{self.line}: " if self.line else f"{shown}: "
        return f"{where}{self.severity}: {self.message}"


class HandbookError(Exception):
    """Base class of every error we expect and report without a traceback."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):  # "path: error: what" or "error: what"
            found = re.match(r"^(?:(?P<path>.+?): )?(?P<severity>error|warning): (?P<text>.*)$",
                             problems, re.S)
            problems = [Problem(Path(found["path"]) if found["path"] else None, None,
                                found["text"], found["severity"])] if found else \
                [Problem(None, None, problems)]
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


class ContentError(HandbookError):
    """Something in content/ (a chapter, its front matter or a referenced file) is wrong."""


class ConfigError(HandbookError):
    """handbook.toml is missing something or has a wrong value."""


class ThemeError(HandbookError):
    """A stylesheet or slide template cannot be used."""


class RenderError(HandbookError):
    """A renderer failed, or an output could not be written."""


class Collector:
    """Collects problems so that a build reports all of them at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, path: Path | None, line: int | None, message: str) -> None:
        self.problems.append(Problem(path, line, message, "error"))

    def warning(self, path: Path | None, line: int | None, message: str) -> None:
        self.problems.append(Problem(path, line, message, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def raise_errors(self, kind: type[HandbookError] = ContentError) -> None:
        """Raise `kind` with every problem so far if any of them is an error."""
        if self.errors:
            raise kind(self.problems)
