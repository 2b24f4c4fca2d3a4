"""A handbook project: one Markdown file per chapter in content/, ordered by name."""

from __future__ import annotations

from pathlib import Path

from handbook.source.paths import listing
from handbook.source.projects.layout import ChapterFile, Layout

CONTENT_DIR = "content"


def open_native(root: Path) -> Layout:
    content = root / CONTENT_DIR
    files = listing(content, {".md"})  # hidden, lock and backup files left out
    chapters = tuple(ChapterFile(path, path.stem) for path in files)
    return Layout("handbook", root, content, chapters, watched=(content,))
