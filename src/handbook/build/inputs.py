"""What a build reads, hashed: the tool, every project file, the options (cache.py's keys).

The hashes go through the build's HashMemo (hashes.py): a file whose status has not changed
since it was last hashed is not read again, so that a build with nothing changed only walks
the folders and compares file statuses.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from handbook import __version__
from handbook.build.cache import SKIPPED_DIRS, STAGING, Hasher, digest, file_digest
from handbook.build.hashes import HashMemo
from handbook.source.paths import inside

PACKAGE = Path(__file__).resolve().parent.parent

# changed when system packages (Pango, HarfBuzz, …) are installed. Not the fonts: a build uses
# only defaults/fonts (source/fonts.py), and fontconfig's cache folders change whenever any
# project anywhere on the machine is built, which emptied every cache.
SYSTEM_MARKERS = ("/var/lib/dpkg/status",)


def tool_fingerprint(hash_file=file_digest) -> str:
    """handbook's version, code and defaults, Python's version and the installed packages
    (worked out once per process; HASH_FILE may remember files' hashes: hashes.py)."""
    if not _TOOL:
        _TOOL.append(_fingerprint(hash_file))
    return _TOOL[0]


_TOOL: list[str] = []


def _fingerprint(hash_file) -> str:
    hasher = Hasher(__version__, sys.version, *_machine())
    package, start = str(PACKAGE), len(str(PACKAGE)) + 1
    for path, kind, _link in _walk(package, set(), SKIPPED_DIRS):
        if kind == "file":
            hasher.add(path[start:].replace(os.sep, "/"), hash_file(path))
    for folder in sorted({p for p in sys.path if p and os.path.isdir(p)}):
        with contextlib.suppress(OSError):  # "weasyprint-70.0.dist-info" names the version
            hasher.add(*sorted(n for n in os.listdir(folder)
                               if n.endswith((".dist-info", ".egg-info"))))
    for marker in SYSTEM_MARKERS:  # fonts and libraries installed on the machine
        with contextlib.suppress(OSError):
            found = Path(marker).expanduser()
            hasher.add(marker, repr(_stat(found)))
            if found.is_dir():
                hasher.add(*(f"{p.name}:{_stat(p)}" for p in sorted(found.iterdir())))
    return hasher.hexdigest()


def _machine() -> tuple[str, ...]:
    """The system, its release and processor, and the C library (what platform.platform()
    says, without the 10 ms it takes)."""
    libc = ""
    with contextlib.suppress(ValueError, OSError, AttributeError):
        libc = os.confstr("CS_GNU_LIBC_VERSION") or ""
    return (*os.uname()[:1], *os.uname()[2:], libc)


def _stat(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


def project_entries(root: Path, skip: tuple[Path, ...] = (),
                    hash_file=file_digest) -> list[tuple[str, ...]]:
    """(real path, name, kind, link target, SHA-256) of every file and link in ROOT, in a
    stable order, except the SKIP folders (the output folder) and SKIPPED_DIRS. Links are not
    followed: a link is recorded with its target, and hashed only if it is a file in ROOT."""
    root = root.resolve()
    entries, start = [], len(str(root).rstrip(os.sep)) + 1
    for path, kind, link in _walk(str(root), {str(p.resolve()) for p in skip}):
        real = os.path.realpath(path) if link else path  # the folders walked are real
        target = os.readlink(path) if link else ""
        hashed = kind == "file" and (not target or inside(Path(real), root))
        entries.append((real, path[start:].replace(os.sep, "/"), kind, target,
                        hash_file(real) if hashed else ""))
    return entries


def _walk(root: str, skip_paths: set[str], skip: set[str] = SKIPPED_DIRS):
    """(path, "file" or "link", is a link) below ROOT, depth first in name order. Links to
    folders are reported, never walked into (one to / would take for ever); FIFOs and devices
    count as files, which file_digest leaves unread."""
    folders = [] if root in skip_paths else [root]
    while folders:
        try:
            with os.scandir(folders.pop()) as listing:
                found = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue
        dirs = [e for e in found if _is_dir(e)]
        kept = [e for e in dirs if e.name not in skip and e.path not in skip_paths
                and not e.name.startswith(STAGING)]
        yield from ((e.path, "link", True) for e in kept if e.is_symlink())
        yield from ((e.path, "file", e.is_symlink()) for e in found if not _is_dir(e))
        folders.extend(e.path for e in reversed(kept) if not e.is_symlink())


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # a link to a folder too (os.walk's rule)
    except OSError:
        return False

class Inputs:
    """What the build reads: every project file (hashed), the tool, the options."""

    def __init__(self, root: Path, out: Path, options: tuple, memo: HashMemo | None = None):
        self.root, self.skip = root, (out,) if out != root and out.is_relative_to(root) else ()
        self.memo = memo or HashMemo(None, file_digest)
        self.files = project_entries(root, self.skip, self.memo.digest)
        self.environment = digest(tool_fingerprint(self.memo.digest), repr(options),
                                  os.environ.get("SOURCE_DATE_EPOCH", "-"))
        self.key = digest(self.environment, *(d for entry in self.files for d in entry))

    @classmethod
    def of(cls, root: Path, out: Path, options: tuple, cache_folder: Path) -> Inputs:
        return cls(root, out, options, HashMemo(cache_folder, file_digest))

    def unchanged(self) -> bool:
        """True if no project file changed since the build began (each one read again)."""
        return project_entries(self.root, self.skip, self.memo.digest) == self.files

    def without(self, paths: set[Path], suffixes: tuple[str, ...] = ()) -> str:
        """A hash of the inputs other than PATHS and files ending in SUFFIXES: the chapters
        reach an output only through the parsed book (its HTML for the PDF, its planned slides
        for a deck), so they are left out of the keys of single outputs."""
        names = {str(p.resolve()) for p in paths}
        return digest(self.environment, *(d for entry in self.files if entry[0] not in names
                                          and not entry[1].lower().endswith(suffixes)
                                          for d in entry))
