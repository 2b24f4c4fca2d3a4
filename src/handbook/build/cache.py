"""The build cache: outputs of earlier builds, reused when nothing they are made from changed.

Every key is a SHA-256 over the bytes of what an output is made from, never over file times:

- the tool: handbook's version and the bytes of its code and packaged defaults (templates,
  CSS, fonts, slide template), the Python version and the installed distributions (names and
  versions of WeasyPrint, python-pptx, …);
- the project: every file in the project folder (chapters, images, handbook.toml, styles/, any
  file the configuration points at), skipping only the output folder, this cache and tool
  folders such as .git and .venv;
- the options (which outputs, SOURCE_DATE_EPOCH).

inputs.py gathers them; hashes.py remembers each file's hash by its status, so that a file
is read again only when it changed.

Layout of PROJECT/.handbook-cache/ (safe to delete at any time):

    .gitignore, CACHEDIR.TAG    keep the cache out of git and backups
    blobs/<sha256>              output bytes, named by their own hash (checked on every read)
    entries/<kind>-<key>.json   what a key produced: blob hashes, page and slide counts, and the
                                warnings of that build, which are reported again on reuse
    hashes.json                 each file's hash by its size, times and inode (hashes.py)

A cache that cannot be read or written never fails a build: the build then renders everything,
and a cache that could not be written (a full disk, a read-only folder) is said once, as a
warning (`trouble`, reported by pipeline.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
from pathlib import Path

from handbook.source.paths import Refused, read_bytes

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (cli/fast.py)
if TYPE_CHECKING:
    from handbook.errors import Problem

CACHE_DIR = ".handbook-cache"
STAGING = ".handbook-staging-"  # + "<pid>-<random>": output.py's folders, never walked
SKIPPED_DIRS = {CACHE_DIR, ".git", ".hg", ".svn", ".venv", ".tox", ".nox", ".mypy_cache",
                ".pytest_cache", ".ruff_cache", ".hypothesis", "__pycache__", ".idea", ".vscode"}
MIN_SIZE = 64 * 1024 * 1024  # the cache may always hold this much …
KEEP_BUILDS = 4  # … or this many times the outputs of the latest build
MAX_ENTRY = 16 * 1024 * 1024  # an entry's JSON: names, counts and warnings
MAX_BLOB = 1 << 34  # an output
BLOB_NAME = re.compile(r"[0-9a-f]{64}")


class Hasher:
    """SHA-256 over a sequence of parts, each length-prefixed so that parts cannot run into
    each other ("ab" + "c" differs from "a" + "bc")."""

    def __init__(self, *parts: str | bytes):
        self._sha = hashlib.sha256()
        self.add(*parts)

    def add(self, *parts: str | bytes) -> Hasher:
        for part in parts:
            data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
            self._sha.update(len(data).to_bytes(8, "big"))
            self._sha.update(data)
        return self

    def hexdigest(self) -> str:
        return self._sha.hexdigest()


def digest(*parts: str | bytes) -> str:
    return Hasher(*parts).hexdigest()


def file_digest(path: Path) -> str:
    """The SHA-256 of a regular file's bytes ('' if it is not one or cannot be read). A FIFO
    or a device is never read: it is opened without blocking and left alone."""
    sha = hashlib.sha256()
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        return ""
    try:
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                return ""
            for block in iter(lambda: stream.read(1 << 20), b""):
                sha.update(block)
    except OSError:
        return ""
    return sha.hexdigest()


class Cache:
    """Entries and blobs in one folder; a Cache(None) remembers nothing."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.used: set[Path] = set()  # read or written by this build: kept by prune()
        self.pending: list[tuple[str, str, dict]] = []  # entries to write on success
        self.trouble: str | None = None  # why the cache could not be kept (the first reason)

    @classmethod
    def for_project(cls, root: Path, enabled: bool = True) -> Cache:
        if not enabled:
            return cls(None)
        folder = root / CACHE_DIR
        if any(p.is_symlink() or (p.exists() and not p.is_dir())
               for p in (folder, folder / "blobs", folder / "entries")):
            return cls._without("it is a link or not a folder")  # a link could write anywhere
        try:
            (folder / "blobs").mkdir(parents=True, exist_ok=True)
            (folder / "entries").mkdir(exist_ok=True)
            for name, text in ((".gitignore", "# created by handbook: never commit the cache\n*\n"),
                               ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n"
                                "# the build cache of handbook; see https://bford.info/cachedir/\n")):
                if not (folder / name).exists():
                    _write(folder / name, text.encode())
        except OSError as error:  # a read-only project: build without a cache
            return cls._without(_reason(error))
        return cls(folder)

    @classmethod
    def _without(cls, reason: str) -> Cache:
        """No cache, because the project's cannot be used (for the reason said)."""
        store = cls(None)
        store.trouble = reason
        return store

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    # entries -------------------------------------------------------------------------
    def entry(self, kind: str, key: str) -> dict | None:
        """The entry stored under KEY, if it exists and every blob it names is still here."""
        if self.folder is None:
            return None
        path = self.folder / "entries" / f"{kind}-{key}.json"
        try:
            entry = json.loads(read_bytes(path, MAX_ENTRY))
        except (Refused, ValueError, RecursionError):
            return None
        if not _sound(entry):  # damaged or from another version: as if it were not there
            return None
        blobs = [self._blob_path(d) for d in entry["blobs"].values()]
        if not all(b.is_file() for b in blobs):
            return None
        self.used.update([path, *blobs])
        return entry

    def store(self, kind: str, key: str, entry: dict, blobs: dict[str, bytes]) -> dict | None:
        """Keep ENTRY for KEY; its "blobs" maps each name to the hash of BLOBS[name] (which is
        returned). The blobs are written now, the entry only by commit(), once the build has
        succeeded. None if there is no cache or a blob could not be written."""
        if self.folder is None:
            return None
        names = {name: self.put(data) for name, data in blobs.items()}
        if None in names.values():
            return None
        self.pending.append((kind, key, dict(entry, blobs=names)))
        return names

    def commit(self) -> None:
        """Write the entries kept by store() (of this process and of the second one)."""
        assert self.folder is not None
        for kind, key, entry in self.pending:
            path = self.folder / "entries" / f"{kind}-{key}.json"
            try:
                _write(path, json.dumps(entry, indent=1, sort_keys=True).encode("utf-8"))
            except OSError as error:
                self.trouble = self.trouble or _reason(error)
            else:
                self.used.add(path)
        self.pending = []

    # blobs ---------------------------------------------------------------------------
    def put(self, data: bytes) -> str | None:
        """Keep DATA as a blob; its name, or None if it could not be written (then nothing
        more is written by this build: a full disk is not filled further)."""
        if self.folder is None:
            return None
        name = hashlib.sha256(data).hexdigest()
        path = self._blob_path(name)
        if file_digest(path) != name:  # missing or damaged
            if self.trouble is not None:
                return None
            try:
                _write(path, data)
            except OSError as error:
                self.trouble = _reason(error)
                return None
        self.used.add(path)
        return name

    def get(self, name: str) -> bytes | None:
        """A blob's bytes, or None if it is missing or damaged (its hash no longer matches)."""
        if self.folder is None:
            return None
        try:
            data = read_bytes(self._blob_path(name), MAX_BLOB)
        except Refused:
            return None
        return data if hashlib.sha256(data).hexdigest() == name else None

    def _blob_path(self, name: str) -> Path:
        assert self.folder is not None
        return self.folder / "blobs" / name

    # housekeeping --------------------------------------------------------------------
    def prune(self, output_bytes: int) -> None:
        """Mark what this build used as fresh; drop the least recently used files beyond the
        size limit (the larger of MIN_SIZE and KEEP_BUILDS × this build's outputs)."""
        if self.folder is None:
            return
        with contextlib.suppress(OSError):
            for path in self.used:
                os.utime(path)
            files = [p for sub in ("entries", "blobs") for p in (self.folder / sub).iterdir()]
            stats = sorted(((p.stat().st_mtime, p.stat().st_size, p) for p in files),
                           key=lambda s: s[0], reverse=True)
            limit, total = max(MIN_SIZE, KEEP_BUILDS * output_bytes), 0
            for _mtime, size, path in stats:
                total += size
                if total > limit and path not in self.used:
                    path.unlink(missing_ok=True)


def _sound(entry: object) -> bool:
    """True if ENTRY has the shape store() gives it (a damaged file may hold any JSON)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("blobs"), dict):
        return False
    if not all(isinstance(k, str) and isinstance(v, str) and BLOB_NAME.fullmatch(v)
               for k, v in entry["blobs"].items()):
        return False
    if any(not isinstance(entry.get(k, 0), int) for k in ("pages", "slides")):
        return False
    problems = entry.get("problems", [])
    return isinstance(problems, list) and all(
        isinstance(p, list) and len(p) == 4 and isinstance(p[0], str | None)
        and isinstance(p[1], int | None) and isinstance(p[2], str)
        and p[3] in ("error", "warning") for p in problems)


def problems_to(problems: list[Problem]) -> list[list]:
    """Problems as an entry keeps them (and problems_from reads them back)."""
    return [[str(p.path) if p.path else None, p.line, p.message, p.severity] for p in problems]


def problems_from(stored: list[list]) -> list[Problem]:
    from handbook.errors import Problem  # here: a build with nothing changed has no dataclass

    return [Problem(Path(path) if path else None, line, message, severity)
            for path, line, message, severity in stored]


def _reason(error: OSError) -> str:
    """An OSError in a few words: "No space left on device"."""
    return error.strerror or str(error)


def _write(path: Path, data: bytes) -> None:
    """Write atomically: a reader sees the old file, the new one, or none; never half of one."""
    handle, temporary = _temporary(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _temporary(path: Path) -> tuple[int, str]:
    """A new file beside PATH, open for writing, and its name: what tempfile.mkstemp makes (a
    random name, created exclusively, never through a link, mode 0600), without importing
    tempfile, shutil and random into a build with nothing changed that saves its memo."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) \
        | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        name = os.path.join(path.parent, f".{path.name[:16]}.{os.urandom(8).hex()}.tmp")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")
