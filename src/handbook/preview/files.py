"""Which files the preview serves: those inside the package defaults and the project, by URL."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from handbook.source.paths import inside
from handbook.source.theme import DEFAULTS

PROJECT_PREFIX = "/__project/"
DEFAULTS_PREFIX = "/__defaults/"
FILE_URI = re.compile(r'\b(src|href)="(file:[^"]*)"')  # how print_tree writes image sources


class Files:
    """Maps files to URLs and back, for files inside the package defaults and the project only."""

    def __init__(self, root: Path):
        self.bases = ((DEFAULTS_PREFIX, DEFAULTS.resolve()), (PROJECT_PREFIX, root.resolve()))

    def url(self, path: Path) -> str | None:
        path = path.resolve()
        for prefix, base in self.bases:
            if inside(path, base):
                return prefix + quote(path.relative_to(base).as_posix())
        return None

    def path(self, url_path: str) -> Path | None:
        """The file a request path names, or None unless it is a file inside a base folder."""
        for prefix, base in self.bases:
            if not url_path.startswith(prefix):
                continue
            parts = unquote(url_path[len(prefix):]).split("/")
            if any(not p or p.startswith(".") or "\0" in p for p in parts):
                return None  # "..", ".", "//", hidden files, NUL
            candidate = base.joinpath(*parts)
            return candidate if inside(candidate, base) and candidate.is_file() else None
        return None

    def rewrite(self, document: str) -> str:
        """file:// URIs (images) → the URLs this server answers."""
        def local(match: re.Match[str]) -> str:
            url = self.url(Path(unquote(urlsplit(match.group(2)).path)))
            return f'{match.group(1)}="{url}"' if url else match.group(0)

        return FILE_URI.sub(local, document)
