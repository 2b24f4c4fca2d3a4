"""Text a chapter pulls in from other files: Quarto's `{{< include file >}}` and MkDocs'
snippets (`--8<-- "file"`), read only from regular files inside the project."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from handbook.source.paths import Refused, inside, project_file, read_text

MAX_INCLUDE = 1024 * 1024  # an included file is a piece of a chapter, never more than this
MAX_DEPTH = 8  # includes inside includes

Report = Callable[[int, str], None]


class Includes:
    """Resolves and reads included files for one chapter, each problem reported at its line."""

    def __init__(self, root: Path | None, site_root: Path | None, report: Report):
        self.root, self.site_root, self.report = root, site_root, report

    def path(self, name: str, base: Path) -> Path:
        """Where NAME points, written in a file of folder BASE ("/x" from the site root)."""
        if name.startswith("/") and self.site_root is not None:
            return (self.site_root / name.lstrip("/")).resolve()
        return (base / name).resolve()

    def read(self, name: str, bases: list[Path], line: int, what: str) -> str | None:
        """The text of NAME, looked for in BASES in turn; None (reported) if it cannot be
        read. WHAT names the construct in messages ("include", "snippet")."""
        if self.root is None:
            self.report(line, f"{what} '{name}' left out: only a Quarto or MkDocs project "
                        "reads other files into a chapter")
            return None
        candidates = [self.path(name, base) for base in bases]
        found = next((p for p in candidates if inside(p, self.root) and p.is_file()), None)
        if found is None:
            outside = all(not inside(p, self.root) for p in candidates)
            reason = "is outside the project folder" if outside else "not found"
            self.report(line, f"{what} '{name}' {reason}; left out")
            return None
        try:
            return read_text(project_file(self.root, found, limit=MAX_INCLUDE), MAX_INCLUDE)
        except Refused as refused:
            self.report(line, f"{what} '{name}' {refused}; left out")
            return None


def without_front_matter(text: str) -> list[str]:
    """An included file's lines, its own YAML header (if any) left out."""
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() in ("---", "..."):
                return lines[index + 1:]
    return lines
