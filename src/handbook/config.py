"""Read the optional handbook.toml into BookMeta, reporting every wrong key at once."""

from __future__ import annotations

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


def load_config(root: Path) -> BookMeta:
    """BookMeta from ROOT/handbook.toml, or defaults made from the folder's name."""
    path = root / CONFIG_FILE
    if not path.exists():
        return BookMeta(title=title_from_folder(root))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: error: not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: error: not valid TOML: {error}") from None
    problems = Collector()
    values: dict[str, str] = {}
    for key, value in data.items():
        if key not in TEXT_KEYS:
            problems.error(path, None, f"unknown key '{key}' (known keys: {', '.join(TEXT_KEYS)})")
        elif not isinstance(value, str | int | float) or isinstance(value, bool):
            problems.error(path, None, f"'{key}' must be text, got {type(value).__name__}")
        else:
            values[key] = str(value).strip()
    problems.raise_errors(ConfigError)
    values.setdefault("title", title_from_folder(root))
    return BookMeta(**values)
