"""A project folder, whichever tool it was written for: a handbook project (content/*.md), a
Quarto book or website (`_quarto.yml`) or an MkDocs site (`mkdocs.yml`), opened as it is.

`open_project` finds the chapter files in the order the project file gives them, their parts,
the book's title and authors, and the syntax the chapters use (`dialects.syntax.Syntax`);
handbook.toml, when there is one, wins where both say something (the loader applies it).
"""

from __future__ import annotations

from pathlib import Path

from handbook.errors import Collector
from handbook.source.projects.layout import IGNORED, ChapterFile, Layout, stem_of
from handbook.source.projects.native import CONTENT_DIR, open_native

QUARTO_FILES = ("_quarto.yml", "_quarto.yaml")
MKDOCS_FILES = ("mkdocs.yml", "mkdocs.yaml")

__all__ = ["CONTENT_DIR", "IGNORED", "ChapterFile", "Layout", "chapter_folder", "ignored",
           "open_project", "stem_of", "watched"]


def _found(root: Path, names: tuple[str, ...]) -> Path | None:
    return next((root / name for name in names if (root / name).is_file()), None)


def kind_of(root: Path) -> tuple[str, Path | None]:
    """("handbook", None), ("quarto", _quarto.yml) or ("mkdocs", mkdocs.yml): a content/
    folder makes a handbook project even beside another tool's file."""
    if (root / CONTENT_DIR).is_dir():
        return "handbook", None
    for tool, names in (("quarto", QUARTO_FILES), ("mkdocs", MKDOCS_FILES)):
        config = _found(root, names)
        if config is not None:
            return tool, config
    return "handbook", None


def open_project(root: Path, problems: Collector | None = None) -> Layout:
    """ROOT's layout; problems with the project file go to PROBLEMS."""
    problems = problems if problems is not None else Collector()
    root = root.resolve()
    tool, config = kind_of(root)
    if tool == "quarto" and config is not None:
        from handbook.source.projects.quarto import open_quarto

        return open_quarto(root, config, problems)
    if tool == "mkdocs" and config is not None:
        from handbook.source.projects.mkdocs import open_mkdocs

        return open_mkdocs(root, config, problems)
    return open_native(root)


def watched(root: Path, also: tuple[Path, ...] = ()) -> tuple[Path, ...]:
    """What a preview watches: content/ (and ALSO: styles/, handbook.toml) in a handbook
    project; the whole folder of a Quarto or MkDocs one (`ignored` says what to skip)."""
    tool, _ = kind_of(root)
    return (root / CONTENT_DIR, *also) if tool == "handbook" else (root,)


def ignored(path: str | Path, root: Path) -> bool:
    """True for a path below ROOT in a tool's, build's or hidden folder (never a source)."""
    try:
        parts = Path(path).relative_to(root).parts[:-1]
    except ValueError:
        return False
    return any(part in IGNORED or part.startswith(".") for part in parts)


def chapter_folder(root: Path) -> Path:
    """The folder handbook.toml's `chapters` names files in (without reading the project)."""
    tool, config = kind_of(root.resolve())
    if tool == "mkdocs" and config is not None:
        from handbook.source.projects.mkdocs import docs_dir

        return docs_dir(root.resolve(), config)
    return root.resolve() if tool == "quarto" else root.resolve() / CONTENT_DIR
