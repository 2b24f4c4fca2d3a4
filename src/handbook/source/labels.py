"""Words the tool itself prints into outputs, from one TOML file per language.

The package ships defaults/languages/en.toml and nl.toml; a project adds or overrides a
language with styles/languages/<code>.toml. English fills any missing word.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from handbook.errors import ThemeError

LANGUAGES = Path(__file__).parent.parent / "defaults" / "languages"
PROJECT_LANGUAGES = Path("styles") / "languages"


def labels_for(language: str, root: Path | None = None) -> dict[str, str]:
    """The labels for `language` ('nl', 'nl-BE' …), the project's file winning."""
    base = language.split("-")[0].lower()
    project = (root / PROJECT_LANGUAGES / f"{base}.toml") if root is not None else None
    return {**_read(LANGUAGES / "en.toml"), **_read(LANGUAGES / f"{base}.toml"),
            **(_read(project) if project is not None else {})}


@lru_cache(maxsize=16)
def _read(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ThemeError(f"{path}: error: not a valid UTF-8 TOML file ({error})") from None
    return {str(k): str(v) for k, v in data.items()}


def known_languages() -> list[str]:
    return sorted(p.stem for p in LANGUAGES.glob("*.toml"))
