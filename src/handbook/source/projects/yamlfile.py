"""Project files in YAML (`_quarto.yml`, `mkdocs.yml`, `_variables.yml`), read as plain data.

`yaml.safe_load` refuses MkDocs' `!!python/name:` and `!ENV` tags; a build must neither refuse
the file nor import what such a tag names. Every tag that YAML itself does not define is read
as the plain value it is written on (text, a list or a mapping): data, never code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from handbook.errors import Collector
from handbook.source.paths import Refused, project_file, read_text


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader that reads unknown tags as their untagged value."""


def _untagged(loader: _PlainLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)


_PlainLoader.add_multi_constructor("", _untagged)
_PlainLoader.add_multi_constructor("tag:yaml.org,2002:python/", _untagged)


def parse(text: str) -> Any:
    """TEXT as YAML data; yaml.YAMLError if it is not YAML."""
    return yaml.load(text, Loader=_PlainLoader)


def read(path: Path, root: Path, problems: Collector, required: bool = False) -> dict:
    """The mapping in PATH (a file inside ROOT), or {} with the problem reported."""
    if not path.is_file() and not path.is_symlink():
        if required:
            problems.error(path, None, "no such file")
        return {}
    try:
        data = parse(read_text(project_file(root, path)))
    except Refused as refused:
        problems.error(path, refused.line, str(refused))
        return {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or "not valid YAML"
        problems.error(path, mark.line + 1 if mark is not None else None,
                       f"not valid YAML: {reason}")
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.error(path, 1, "must be 'key: value' lines")
        return {}
    return data


def line_of(path: Path, needle: str) -> int | None:
    """The first line of PATH containing NEEDLE (for messages)."""
    try:
        text = read_text(path)
    except Refused:
        return None
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    return None


def lookup(data: Any, dotted: str) -> Any:
    """DATA["a"]["b"] for "a.b" (None when a key is missing)."""
    for key in dotted.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data
