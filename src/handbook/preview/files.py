"""Which files the preview serves: those inside the package defaults and the project, by URL."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from handbook.source.paths import (
    DEFAULTS,
    DEFAULTS_URL,
    MAX_FILE,
    PROJECT_URL,
    Refused,
    inside,
    project_file,
    read_bytes,
)

PROJECT_PREFIX = "/__project/"
DEFAULTS_PREFIX = "/__defaults/"
FILE_URI = re.compile(r'\b(src|href)="(file:[^"]*)"')  # what an older project template writes
STABLE_URL = re.compile(r'\b(src|href)="(' + re.escape(PROJECT_URL) + "|" +
                        re.escape(DEFAULTS_URL) + ")")  # how print_tree names images


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
            try:
                return project_file(base, base.joinpath(*parts), limit=MAX_FILE)
            except Refused:
                return None
        return None

    def read(self, path: Path) -> bytes | None:
        """The bytes of a file path() returned, or None if it changed into something else."""
        try:
            return read_bytes(path, MAX_FILE)
        except Refused:
            return None

    def rewrite(self, document: str) -> str:
        """file:// URIs (images) → the URLs this server answers."""
        def local(match: re.Match[str]) -> str:
            url = self.url(Path(unquote(urlsplit(match.group(2)).path)))
            return f'{match.group(1)}="{url}"' if url else match.group(0)

        prefixes = {PROJECT_URL: PROJECT_PREFIX, DEFAULTS_URL: DEFAULTS_PREFIX}
        document = STABLE_URL.sub(lambda m: f'{m.group(1)}="{prefixes[m.group(2)]}', document)
        return FILE_URI.sub(local, document)
