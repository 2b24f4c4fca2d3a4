"""Read the optional handbook.toml into BookMeta, reporting every wrong key at once."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from handbook.errors import Collector, ConfigError
from handbook.model import BookMeta

CONFIG_FILE = "handbook.toml"
TEXT_KEYS = ("title", "subtitle", "organisation", "author", "language", "version", "date",
             "part_label")


def title_from_folder(root: Path) -> str:
    """A readable title from the project folder's name: 'ai-literacy' → 'Ai literacy'."""
    words = root.resolve().name.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize() or "Handbook"


def load_config(root: Path, problems: Collector | None = None) -> BookMeta:
    """BookMeta from ROOT/handbook.toml, or defaults made from the folder's name.

    Problems go to `problems` (the build reports them with the rest); without a collector
    they raise ConfigError.
    """
    own = problems is None
    problems = problems if problems is not None else Collector()
    values = _read(root / CONFIG_FILE, problems) if (root / CONFIG_FILE).exists() else {}
    if own:
        problems.raise_errors(ConfigError)
    values.setdefault("title", title_from_folder(root))
    return BookMeta(**values)


def _read(path: Path, problems: Collector) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        problems.error(path, None, "not UTF-8 text; save it as UTF-8")
        return {}
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column \d+\)", str(error))
        reason = re.sub(r"\s*\(at [^)]*\)", "", str(error))
        problems.error(path, int(found.group(1)) if found else None, f"not valid TOML: {reason}")
        return {}
    except OSError as error:
        problems.error(path, None, f"cannot be read ({error.strerror})")
        return {}
    values: dict[str, str] = {}
    for key, value in data.items():
        line = _line_of_key(text, key)
        if key not in TEXT_KEYS:
            problems.error(path, line, f"unknown key '{key}' (known keys: {', '.join(TEXT_KEYS)})")
        elif not isinstance(value, str | int | float) or isinstance(value, bool):
            problems.error(path, line, f"'{key}' must be text, got {type(value).__name__}")
        else:
            values[key] = str(value).strip()
    return values


def _line_of_key(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.split("=", 1)[0].strip() == key:
            return number
    return None
