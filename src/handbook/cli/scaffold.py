"""`handbook init` and `handbook new`: start a project, add a numbered chapter to it.

The files written come from package data in defaults/scaffold/; only handbook.toml and the
new-chapter template have values filled in ($title, $part), with string.Template.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from string import Template
from typing import NoReturn

import click

from handbook.errors import HandbookError, Problem
from handbook.source.config import CONFIG_FILE, title_from_folder

SCAFFOLD = Path(__file__).parent.parent / "defaults" / "scaffold"
CONTENT_DIR = "content"

# project file → template in SCAFFOLD (package data cannot hold dot-files, hence the renames)
PROJECT_FILES = {
    f"{CONTENT_DIR}/01-introduction.md": "introduction.md",
    f"{CONTENT_DIR}/images/from-markdown-to-handbook.svg": "from-markdown-to-handbook.svg",
    "styles/custom.css": "custom.css",
    CONFIG_FILE: "handbook.toml",
    ".gitignore": "gitignore",
    ".github/workflows/handbook.yml": "workflow.yml",
}

_NUMBER = re.compile(r"^(\d+)[-_. ]")
_SLUG_MAX = 60
# letters that Unicode decomposition does not reduce to ASCII
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o",
                       "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d",
                       "þ": "th", "Þ": "th", "ı": "i"})


class ScaffoldError(HandbookError):
    """A project or chapter cannot be created (it would overwrite something, or no project)."""


def init_project(root: Path) -> list[Path]:
    """Write a new project that builds as it is into ROOT; return the files written.

    ROOT may be missing or an empty folder; anything else is refused, so nothing is overwritten.
    """
    if root.exists() and not root.is_dir():
        _refuse(root, "exists and is not a folder; choose a new folder name")
    if root.is_dir() and any(root.iterdir()):
        _refuse(root, "the folder is not empty; `handbook init` only creates new projects "
                "(choose a new or empty folder)")
    title = title_from_folder(root)
    written = []
    for name, template in PROJECT_FILES.items():
        text = (SCAFFOLD / template).read_text(encoding="utf-8")
        if name == CONFIG_FILE:
            text = Template(text).substitute(title=_toml_string(title))
        written.append(_create(root / name, text))
    return written


def new_chapter(root: Path, title: str, part: str | None = None) -> Path:
    """Write ROOT/content/NN-<slug>.md, numbered after the highest NN- prefix; return it."""
    title = " ".join(title.split())
    if not title:
        _refuse(None, 'the chapter title is empty; give one, e.g. handbook new "Getting started"')
    content = root / CONTENT_DIR
    if not content.is_dir() and not (root / CONFIG_FILE).is_file():
        _refuse(root, f"not a handbook project (no {CONTENT_DIR}/ folder or {CONFIG_FILE}); "
                "create one with `handbook init`, or pass --project")
    existing = sorted(content.glob("*.md")) if content.is_dir() else []
    slug = slugify(title)
    for path in existing:
        if _slug_of(path.stem) == slug:
            _refuse(path, f"a chapter named '{slug}' already exists; choose another title")
    number, width = next_number(existing)
    path = content / f"{number:0{width}d}-{slug}.md"
    part_line = f"part: {_yaml_text(' '.join(part.split()))}\n" if part and part.strip() else ""
    text = (SCAFFOLD / "chapter.md").read_text(encoding="utf-8")
    return _create(path, Template(text).substitute(title=_yaml_text(title), part=part_line))


def next_number(chapters: list[Path]) -> tuple[int, int]:
    """(number after the highest NN- prefix, digits to write it with: at least two)."""
    prefixes = [found.group(1) for path in chapters if (found := _NUMBER.match(path.name))]
    highest = max((int(p) for p in prefixes), default=0)
    return highest + 1, max([2, *(len(p) for p in prefixes)])


def slugify(title: str) -> str:
    """'Über AI & ethics' → 'uber-ai-ethics': lower-case ASCII words joined by hyphens; a
    title in a script without ASCII letters keeps its own: 'Работа с ИИ' → 'работа-с-ии'."""
    folded = unicodedata.normalize("NFKD", title.translate(_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if not re.search(r"[a-z]", slug):
        slug = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFC", title).lower()).strip("-")
    if len(slug) > _SLUG_MAX:
        slug = slug[:_SLUG_MAX + 1].rsplit("-", 1)[0]
    return slug or "chapter"


def _slug_of(stem: str) -> str:
    """The chapter slug the build uses (loader.slug_of, which is not imported: it is heavy)."""
    slug = re.sub(r"^\d+[-_. ]*", "", stem).lower()
    return re.sub(r"[^a-z0-9]+", "-", slug).strip("-")


def _create(path: Path, text: str) -> Path:
    """Write a new file; never replace one (mode 'x')."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        _refuse(path, "already exists; not overwritten")
    return path


def _refuse(path: Path | None, message: str) -> NoReturn:
    raise ScaffoldError([Problem(path, None, message)])


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML)."""
    return json.dumps(text, ensure_ascii=False)


def _yaml_text(text: str) -> str:
    """TEXT as a YAML scalar: plain when YAML reads it back unchanged, else double-quoted."""
    import yaml

    try:
        plain = yaml.safe_load(f"key: {text}") == {"key": text}
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


@click.command("init")
@click.argument("project_dir", default=".", type=click.Path(path_type=Path))
def init_command(project_dir: Path) -> None:
    """Start a new project, with a sample chapter, that builds as it is.

    PROJECT_DIR (default: the current folder) must be new or empty: nothing is overwritten.
    """
    written = _run(init_project, project_dir)
    for path in written:
        click.echo(f"created {_shown(path)}")
    go = "" if project_dir.resolve() == Path.cwd().resolve() else f"cd {_shown(project_dir)} && "
    click.echo(f"Next: {go}handbook build   (then open output/handbook.pdf)")


@click.command("new")
@click.argument("title")
@click.option("-p", "--project", "project_dir", default=".", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The project folder.")
@click.option("--part", help="The part (module) the chapter belongs to.")
def new_command(title: str, project_dir: Path, part: str | None) -> None:
    """Add the next numbered chapter, titled TITLE, to PROJECT/content/."""
    click.echo(_shown(_run(new_chapter, project_dir, title, part)))


def _run(action, *args):
    try:
        return action(*args)
    except HandbookError as error:
        for problem in error.problems:
            click.echo(problem.format(Path.cwd()), err=True)
        raise SystemExit(1) from None


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
