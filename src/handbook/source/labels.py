"""Words the tool itself prints into outputs, from one TOML file per language.

The package ships defaults/languages/en.toml and nl.toml; a project adds or overrides a
language with styles/languages/<code>.toml. English fills any missing word.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from handbook.errors import Problem, ThemeError
from handbook.source.paths import DEFAULTS, Refused, project_file, read_text

LANGUAGES = DEFAULTS / "languages"
PROJECT_LANGUAGES = Path("styles") / "languages"


def labels_for(language: str, root: Path | None = None) -> dict[str, str]:
    """The labels for `language` ('nl', 'nl-BE' …), the project's file winning."""
    base = re.sub(r"[^a-z]", "", language.split("-")[0].lower()) or "en"
    project = (root / PROJECT_LANGUAGES / f"{base}.toml") if root is not None else None
    own = _read(project, root) if project is not None and _exists(project) else {}
    return {**_packaged("en"), **_packaged(base), **own}


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


@lru_cache(maxsize=16)
def _packaged(base: str) -> dict[str, str]:
    path = LANGUAGES / f"{base}.toml"
    return _read(path, DEFAULTS) if path.is_file() else {}


def _read(path: Path, root: Path) -> dict[str, str]:
    try:
        text = read_text(project_file(root, path))
        data = tomllib.loads(text)
    except Refused as refused:
        raise ThemeError([Problem(path, refused.line, str(refused))]) from None
    except tomllib.TOMLDecodeError as error:
        raise ThemeError(f"{path}: error: not a valid TOML file ({error})") from None
    wrong = [key for key, value in data.items() if not isinstance(value, str)]
    if wrong:
        raise ThemeError(f"{path}: error: every label must be text in quotes; "
                         f"{', '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} not")
    return dict(data)


def known_languages() -> list[str]:
    return sorted(p.stem for p in LANGUAGES.glob("*.toml"))
