"""Split YAML front matter from a chapter and validate it, with file:line on every problem."""

from __future__ import annotations

import reprlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from handbook.errors import Collector

FENCE = "---"

# key: (accepted types, description used in messages)
CHAPTER_KEYS: dict[str, tuple[tuple[type, ...], str]] = {
    "title": ((str,), "text"),
    "author": ((str,), "text"),
    "summary": ((str,), "text"),
    "part": ((str,), "text"),
    "reading_time": ((int,), "a whole number of minutes"),
    "duration": ((int,), "a whole number of minutes"),
    "goals": ((list,), "a list of learning goals, one '- ' line each"),
    "glossary": ((bool,), "true or false"),
    "slide_level": ((int,), "a heading level from 2 to 6: the headings that start slides"),
}


# other tools' keys that mean one of ours: (their keys) → our key, how to combine the values
SYNONYMS: dict[str, tuple[tuple[str, ...], Any]] = {
    "duration": (("teaching", "exercises"), sum),  # Carpentries: minutes of each
    "summary": (("description", "abstract", "subtitle"), lambda values: values[0]),
    "author": (("authors",), lambda values: _names(values[0])),
}


def _names(value: Any) -> Any:
    if isinstance(value, list) and all(isinstance(v, str | dict) for v in value):
        return ", ".join(v if isinstance(v, str) else str(v.get("name", "")) for v in value)
    return value


@dataclass(frozen=True)
class FrontMatter:
    data: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the file where the body starts
    key_lines: dict[str, int]
    broken: bool = False  # the YAML could not be read, so its keys (the title) are unknown


def split(text: str, path: Path, problems: Collector) -> FrontMatter:
    """Separate the `---` fenced YAML header (if any) from the Markdown body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        return FrontMatter({}, text, 1, {})
    for index in range(1, len(lines)):
        if lines[index].strip() in (FENCE, "..."):
            header = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            data = _load_yaml(header, path, problems)
            key_lines = _key_lines(lines[1:index])
            return FrontMatter(data or {}, body, index + 2, key_lines, data is None)
    problems.error(path, 1, "front matter starts with '---' but has no closing '---' line")
    return FrontMatter({}, text, 1, {})


def _load_yaml(header: str, path: Path, problems: Collector) -> dict[str, Any] | None:
    """The front matter's values; None (after reporting why) if it cannot be read."""
    try:
        alias = next((e for e in yaml.parse(header, Loader=yaml.SafeLoader)
                      if isinstance(e, yaml.AliasEvent)), None)
        if alias is not None:  # "billion laughs": a few aliases expand to gigabytes
            problems.error(path, alias.start_mark.line + 2, "front matter uses a YAML alias "
                           f"(*{alias.anchor}); write the value out instead")
            return None
        data = yaml.safe_load(header)
    except yaml.YAMLError as error:
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(error, "problem", None) or "not valid YAML"
        context = getattr(error, "context", None)
        problems.error(path, line, "front matter is not valid YAML: " +
                       (f"{context}: {reason}" if context else reason))
        return None
    except RecursionError:
        problems.error(path, 2, "front matter is nested too deeply to read")
        return None
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.error(path, 2, "front matter must be 'key: value' lines")
        return {}
    return data


def _key_lines(header_lines: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for offset, line in enumerate(header_lines):
        if line[:1].isalpha() and ":" in line:
            found.setdefault(line.split(":", 1)[0].strip(), offset + 2)
    return found


def _mapped(data: dict[str, Any]) -> dict[str, Any]:
    """DATA with other tools' keys turned into ours where ours is not given."""
    data = dict(data)
    if isinstance(data.get("author"), list):  # Quarto, Pandoc: a list of names
        data["author"] = _names(data["author"])
    for ours, (theirs, combine) in SYNONYMS.items():
        given = [data.pop(key) for key in theirs if key in data]
        if ours not in data and given:
            try:
                data[ours] = combine(given)
            except TypeError:  # e.g. minutes that are not numbers: reported as ours
                data[ours] = given[0]
    return data


def validate(front: FrontMatter, path: Path, problems: Collector,
             foreign: bool = False) -> dict[str, Any]:
    """Keep the known keys with the right types; an unknown key is a warning, a wrong type an
    error. Other tools' keys that mean the same as ours are read as ours. In a FOREIGN
    project (Quarto, MkDocs) the other keys are that tool's settings: left alone."""
    clean: dict[str, Any] = {}
    for key, value in _mapped(front.data).items():
        line = front.key_lines.get(str(key), 2)
        if key not in CHAPTER_KEYS and foreign:
            continue
        if key not in CHAPTER_KEYS:
            known = ", ".join(CHAPTER_KEYS)
            problems.warning(path, line, f"unknown front matter key '{key}' ignored (known "
                             f"keys: {known})")
            continue
        types, description = CHAPTER_KEYS[key]
        wrong_bool = isinstance(value, bool) and bool not in types
        if wrong_bool or not isinstance(value, types) or (
                isinstance(value, list) and not all(isinstance(v, str) and v.strip()
                                                    for v in value)):
            problems.error(
                path, line, f"'{key}' must be {description}, got {type(value).__name__} "
                f"{reprlib.repr(value)}"
            )
            continue
        if key == "slide_level" and not 2 <= value <= 6:
            problems.error(path, line, f"'slide_level' must be 2 to 6, got {value}")
            continue
        if isinstance(value, int) and not isinstance(value, bool) and value <= 0:
            problems.error(path, line, f"'{key}' must be a positive number of minutes")
            continue
        if isinstance(value, list):
            value = tuple(v.strip() for v in value)
        clean[key] = value.strip() if isinstance(value, str) else value
    return clean
