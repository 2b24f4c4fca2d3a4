"""Read the optional handbook.toml into BookMeta, reporting every wrong key at once."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from handbook.errors import Collector, ConfigError
from handbook.model import BookMeta, PrintSettings
from handbook.palette import contrast
from handbook.source.fonts import font_warnings
from handbook.source.images import image_problem
from handbook.source.paths import MAX_FILE, RASTER, VECTOR, Refused, project_file, read_text

CONFIG_FILE = "handbook.toml"
TEXT_KEYS = ("title", "subtitle", "organisation", "author", "language", "version", "date",
             "part_label", "edition", "licence", "contact", "copyright")
PAPER_SIZES = {"a3": "A3", "a4": "A4", "a5": "A5", "letter": "letter", "legal": "legal"}
OUTPUTS = ("pdf", "slides", "chapter-slides", "handout", "guide")
COLOUR_NAMES = ("accent", "heading", "ink")
FONT_ROLES = ("body", "headings")
OTHER_KEYS = ("authors", "paper", "logo", "template", "outputs", "chapters", "colours", "fonts",
              "answer_slides", "slide_level", "layouts", "print")
LAYOUT_ROLES = ("title", "section", "content", "two-content", "title-only", "picture", "blank")
PRINT_KEYS = ("sides", "bleed", "crop_marks")
SIDES = ("duplex", "simplex")
MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
MAX_BLEED_MM = 10.0
FIELDS = {"print": "printing"}  # handbook.toml key → BookMeta field, where they differ
ALL_KEYS = TEXT_KEYS + OTHER_KEYS
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")  # BCP 47, as the PDF's /Lang


def title_from_folder(root: Path) -> str:
    """A readable title from the project folder's name: 'ai-literacy' → 'Ai literacy'."""
    words = root.resolve().name.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize() or "Handbook"


def load_config(root: Path, problems: Collector | None = None,
                defaults: dict[str, Any] | None = None) -> BookMeta:
    """BookMeta from ROOT/handbook.toml over DEFAULTS (a Quarto or MkDocs project file's).

    Problems go to `problems` (the build reports them with the rest); without a collector
    they raise ConfigError.
    """
    own = problems is None
    problems = problems if problems is not None else Collector()
    path = root / CONFIG_FILE
    values = _read(path, root, problems) if path.exists() or path.is_symlink() else {}
    if own:
        problems.raise_errors(ConfigError)
    values = {**(defaults or {}), **values}
    values.setdefault("title", title_from_folder(root))
    return BookMeta(**values)


def _read(path: Path, root: Path, problems: Collector) -> dict[str, Any]:
    try:
        text = read_text(project_file(root, path))
        data = tomllib.loads(text)
    except Refused as refused:
        problems.error(path, refused.line, str(refused))
        return {}
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column \d+\)", str(error))
        reason = re.sub(r"\s*\(at [^)]*\)", "", str(error))
        problems.error(path, int(found.group(1)) if found else None, f"not valid TOML: {reason}")
        return {}
    values: dict[str, Any] = {}
    for key, value in data.items():
        line = _line_of_key(text, key)

        def report(message: str, line: int | None = line, key: str | None = None) -> None:
            """KEY: a key inside this table, reported at its own line."""
            if key is not None:
                line = _line_of_key(text, key, after=line or 0) or line
            problems.error(path, line, message)

        if key in TEXT_KEYS:
            if not isinstance(value, str | int | float) or isinstance(value, bool):
                report(f"'{key}' must be text, got {type(value).__name__}")
            elif key == "language" and not LANGUAGE_TAG.fullmatch(str(value).strip()):
                report(f"'language' must be a language tag such as \"en\" or \"nl-BE\", "
                       f"got {str(value)[:40]!r}")
            else:
                values[key] = str(value).strip()
        elif key in READERS:
            result = READERS[key](value, root, report)
            if result is not None:
                values[FIELDS.get(key, key)] = result
        else:
            report(f"unknown key '{key}' (known keys: {', '.join(ALL_KEYS)})")
    _check_contrast(dict(values.get("colours", ())), path, text, problems)
    for message in font_warnings(dict(values.get("fonts", ())), root):
        problems.warning(path, _line_of_key(text, "fonts"), message)
    return values


def _line_of_key(text: str, key: str, after: int = 0) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if number <= after:
            continue
        if stripped.split("=", 1)[0].strip() == key or stripped == f"[{key}]":
            return number
    return None


Report = Callable[..., None]  # report(message) or report(message, key="key in a table")


def _text_list(value: Any, name: str, report: Report) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        report(f"'{name}' must be a list of text, e.g. {name} = [\"…\", \"…\"]")
        return None
    return tuple(v.strip() for v in value)


def _authors(value: Any, root: Path, report: Report) -> tuple[str, ...] | None:
    return _text_list(value, "authors", report)


def _paper(value: Any, root: Path, report: Report) -> str | None:
    if not isinstance(value, str) or value.strip().lower() not in PAPER_SIZES:
        report(f"'paper' must be one of {', '.join(PAPER_SIZES.values())}, got {value!r}")
        return None
    return PAPER_SIZES[value.strip().lower()]


def _project_file(value: Any, root: Path, report: Report, name: str,
                  suffixes: set[str], limit: int) -> Path | None:
    if not isinstance(value, str):
        report(f"'{name}' must be a path inside the project, e.g. \"styles/{name}…\"")
        return None
    try:
        return project_file(root, root / value, suffixes, limit)
    except Refused as refused:
        report(f"'{name}' = \"{value}\": {refused}")
        return None


def _logo(value: Any, root: Path, report: Report) -> Path | None:
    path = _project_file(value, root, report, "logo", RASTER | VECTOR, MAX_FILE)
    reason = image_problem(path) if path is not None else None
    if reason is not None:
        report(f"'logo' = \"{value}\" {reason}")
        return None
    return path


def _template(value: Any, root: Path, report: Report) -> Path | None:
    return _project_file(value, root, report, "template", {".pptx", ".potx"}, MAX_FILE)


def _outputs(value: Any, root: Path, report: Report) -> tuple[str, ...] | None:
    chosen = _text_list(value, "outputs", report)
    if chosen is None:
        return None
    unknown = [o for o in chosen if o not in OUTPUTS]
    if unknown or not chosen:
        report(f"'outputs' may list {', '.join(OUTPUTS)}; got {', '.join(unknown) or 'none'}")
        return None
    return tuple(o for o in OUTPUTS if o in chosen)


def _chapters(value: Any, root: Path, report: Report) -> tuple[str, ...] | None:
    names = _text_list(value, "chapters", report)
    if names is None:
        return None
    from handbook.source.projects import chapter_folder
    from handbook.source.projects.layout import CHAPTER_SUFFIXES

    folder = chapter_folder(root)
    wrong = []
    for name in names:
        try:
            project_file(root, folder / name, CHAPTER_SUFFIXES)
        except Refused as refused:
            wrong.append(f"{name} ({refused})")
    if wrong:
        report(f"'chapters' names files that are not chapters in the project: "
               f"{', '.join(wrong)}")
        return None
    return names


def _table(value: Any, name: str, allowed: tuple[str, ...], report: Report) -> dict | None:
    if not isinstance(value, dict):
        report(f"'{name}' must be a table: [{name}] followed by lines such as "
               f"{allowed[0]} = \"…\"")
        return None
    unknown = [k for k in value if k not in allowed]
    if unknown:
        report(f"unknown key in [{name}]: {', '.join(unknown)} (known: {', '.join(allowed)})")
        return None
    return value


def _colours(value: Any, root: Path, report: Report) -> tuple[tuple[str, str], ...] | None:
    table = _table(value, "colours", COLOUR_NAMES, report)
    if table is None:
        return None
    result = []
    for name, colour in table.items():
        if not isinstance(colour, str) or not re.fullmatch(r"#?[0-9A-Fa-f]{6}", colour.strip()):
            report(f"colour '{name}' must be a hex colour such as \"#0B6E6E\", got {colour!r}")
            return None
        result.append((name, colour.strip().lstrip("#").upper()))
    return tuple(result)


def _fonts(value: Any, root: Path, report: Report) -> tuple[tuple[str, str], ...] | None:
    table = _table(value, "fonts", FONT_ROLES, report)
    if table is None:
        return None
    if not all(isinstance(v, str) and re.fullmatch(r"[\w .-]+", v.strip()) for v in
               table.values()):
        report("font names must be family names such as \"Source Sans 3\"")
        return None
    return tuple((k, v.strip()) for k, v in table.items())


def _layouts(value: Any, root: Path, report: Report) -> tuple[tuple[str, str], ...] | None:
    table = _table(value, "layouts", LAYOUT_ROLES, report)
    if table is None:
        return None
    if not all(isinstance(v, str) and v.strip() for v in table.values()):
        report("[layouts] maps a role to a layout's name, e.g. section = \"Section Header\"")
        return None
    return tuple((role, name.strip()) for role, name in table.items())


def _flag(value: Any, root: Path, report: Report) -> bool | None:
    if not isinstance(value, bool):
        report(f"must be true or false, got {value!r}")
        return None
    return value


def _slide_level(value: Any, root: Path, report: Report) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 2 <= value <= 6:
        report(f"'slide_level' must be a heading level from 2 to 6, got {value!r}")
        return None
    return value


def _print(value: Any, root: Path, report: Report) -> PrintSettings | None:
    """[print]: sides = "duplex" | "simplex", bleed = "3mm", crop_marks = true."""
    table = _table(value, "print", PRINT_KEYS, report)
    if table is None:
        return None
    sides = table.get("sides", "duplex")
    if sides not in SIDES:
        report(f"[print] sides must be \"duplex\" (double-sided) or \"simplex\", got {sides!r}",
               key="sides")
        return None
    bleed = _length_mm(table.get("bleed", "0mm"), report)
    marks = table.get("crop_marks", False)
    if not isinstance(marks, bool):
        report(f"[print] crop_marks must be true or false, got {marks!r}", key="crop_marks")
        return None
    return None if bleed is None else PrintSettings(sides, bleed, marks)


def _length_mm(value: Any, report: Report) -> float | None:
    """'3mm', '0.125in', '8.5pt', '0.3cm' → millimetres (0 to MAX_BLEED_MM)."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)\s*", str(value)) \
        if isinstance(value, str) else None
    millimetres = float(found.group(1)) * MM_PER_UNIT[found.group(2)] if found else None
    if millimetres is None or millimetres > MAX_BLEED_MM:
        report(f"[print] bleed must be a length with its unit up to {MAX_BLEED_MM:g}mm, "
               f"e.g. \"3mm\", got {value!r}", key="bleed")
        return None
    return round(millimetres, 3)


READERS: dict[str, Callable[[Any, Path, Report], Any]] = {
    "authors": _authors, "paper": _paper, "logo": _logo, "template": _template,
    "outputs": _outputs, "chapters": _chapters, "colours": _colours, "fonts": _fonts,
    "answer_slides": _flag, "slide_level": _slide_level, "layouts": _layouts,
    "print": _print,
}


def _check_contrast(colours: dict[str, str], path: Path, text: str,
                    problems: Collector) -> None:
    """Brand colours must stay readable: WCAG AA against white, both ways for the accent."""
    line = _line_of_key(text, "colours")
    needs = {"ink": (4.5, "body text on white"), "accent": (4.5, "links and labels on white"),
             "heading": (3.0, "headings on white")}
    for name, colour in colours.items():
        ratio = contrast(colour, "FFFFFF")
        minimum, what = needs[name]
        if ratio < minimum:
            problems.warning(path, line, f"colour {name} #{colour} has contrast {ratio:.1f}:1 "
                             f"for {what}; WCAG AA needs {minimum}:1")
