"""What a project is made of, however it is written: its chapter files in order, their parts,
what its project file says about the book, and the syntax its chapters use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handbook.errors import Collector
from handbook.source.dialects.syntax import Syntax
from handbook.source.paths import Refused, inside, read_text

# folders that hold no chapters: tools', builds' and caches' (never watched or listed)
IGNORED = frozenset({".git", ".hg", ".svn", ".venv", "venv", ".tox", "node_modules",
                     ".handbook-cache", "output", "_book", "_site", "site", "_freeze",
                     ".quarto", "__pycache__", "_extensions", "renv", ".github"})
CHAPTER_SUFFIXES = (".md", ".qmd", ".markdown", ".rmd")


@dataclass(frozen=True)
class ChapterFile:
    path: Path  # resolved, inside the project
    stem: str  # unique in the book: names its deck and identifies it for --chapter
    part: str | None = None  # the part the project file puts it in


@dataclass(frozen=True)
class Layout:
    tool: str  # "handbook", "quarto" or "mkdocs"
    root: Path
    folder: Path  # where chapters live; handbook.toml's `chapters` are relative to it
    chapters: tuple[ChapterFile, ...] = ()
    config: Path | None = None  # _quarto.yml or mkdocs.yml
    meta: dict[str, Any] = field(default_factory=dict)  # BookMeta values from the project file
    syntax: Syntax = field(default_factory=Syntax)
    watched: tuple[Path, ...] = ()  # what the preview watches (folders and files)

    def reordered(self, names: tuple[str, ...], problems: Collector) -> Layout:
        """The chapters handbook.toml lists, in its order (parts kept where known); each
        chapter it leaves out is a warning in PROBLEMS."""
        known = {c.path: c for c in self.chapters}
        chosen = []
        for name in names:
            path = (self.folder / name).resolve()
            chosen.append(known.get(path) or ChapterFile(path, stem_of(path, self.folder)))
        for left_out in sorted(set(known) - {c.path for c in chosen}):
            problems.warning(left_out, None, "not listed in handbook.toml's 'chapters'; "
                             "left out of the book")
        return Layout(self.tool, self.root, self.folder, tuple(chosen), self.config, self.meta,
                      self.syntax, self.watched)


def listed_file(path: Path, root: Path, what: str, missing: str, config: Path,
                line: int | None, problems: Collector) -> Path | None:
    """PATH, a page a project file lists (WHAT names it in messages), if it is a file inside
    ROOT; else None, with an error at the project file's LINE (MISSING ends the 'no such
    file' one)."""
    if not inside(path, root):
        problems.error(config, line, f"{what} is outside the project folder; left out")
    elif not path.is_file():
        problems.error(config, line, f"{what}: no such file{missing}")
    else:
        return path
    return None


def stem_of(path: Path, folder: Path) -> str:
    """A chapter's name in the book: 'sessions/functions.qmd' → 'sessions-functions'."""
    try:
        relative = path.resolve().relative_to(folder.resolve())
    except ValueError:
        relative = Path(path.name)
    parts = [*relative.parent.parts, relative.stem]
    return re.sub(r"[^\w.-]+", "-", "-".join(parts)).strip("-") or "chapter"


def chapter_files(folder: Path, suffixes: tuple[str, ...] = CHAPTER_SUFFIXES) -> list[Path]:
    """Chapter files below FOLDER in reading order: each folder's index or README first, then
    files by name, then subfolders by name; tool and hidden folders skipped."""
    found: list[Path] = []
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError:
        return found
    files = [p for p in entries if p.is_file() and p.suffix.lower() in suffixes
             and not p.name.startswith(("_", "."))]
    files.sort(key=lambda p: (p.stem.lower() not in ("index", "readme"), p.name))
    found.extend(files)
    for sub in entries:
        if sub.is_dir() and not sub.name.startswith((".", "_")) and sub.name not in IGNORED:
            found.extend(chapter_files(sub, suffixes))
    return found


def title_of(path: Path) -> str | None:
    """A chapter file's title without parsing it: `title:` in its front matter, or its first
    `# ` heading (for part files and nav entries)."""
    try:
        text = read_text(path)[:4000]
    except Refused:
        return None
    front = re.match(r"---\s*\n(.*?)\n(?:---|\.\.\.)\s*\n", text, re.S)
    if front:
        found = re.search(r"(?m)^title:\s*['\"]?(.+?)['\"]?\s*$", front.group(1))
        if found:
            return found.group(1)
        text = text[front.end():]
    heading = re.search(r"(?m)^#\s+(.+?)(?:\s+\{[^}]*\})?\s*#*\s*$", text)
    return heading.group(1) if heading else None
