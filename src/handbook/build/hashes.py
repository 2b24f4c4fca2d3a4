"""File hashes remembered by the file's status, so that a build with nothing changed reads
next to nothing.

Every cache key is a hash of bytes (cache.py); computing it meant reading every project file,
the tool's code and fonts, and the outputs, on every build. The memo
(`.handbook-cache/hashes.json`) keeps, for each file hashed, its size, modification and change
times (in ns), inode and device with the SHA-256 of its bytes. A file whose status is exactly the
one remembered is not read again; any write to a file changes its change time (which no program
can set back), a file put in its place has another inode. A file modified less than RACY_NS before
it was hashed is not remembered (it could be written again within the same clock tick, keeping
its status: git's "racily clean" files); it is hashed again by the next build.

The keys are the same as without the memo: it only saves reading. A memo that cannot be read is
an empty one; `--no-cache` uses none.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import time
from pathlib import Path

MEMO_FILE = "hashes.json"
RACY_NS = 2_000_000_000
MAX_MEMO = 8 * 1024 * 1024  # bytes of JSON
MAX_ENTRIES = 50_000


class HashMemo:
    """SHA-256 of files, remembered in FOLDER/hashes.json (FOLDER None: nothing remembered)."""

    def __init__(self, folder: Path | None, hash_file):
        self.path = folder / MEMO_FILE if folder is not None else None
        self.hash_file = hash_file  # Path → hex digest ('' for what is not a regular file)
        self.known: dict[str, list] = self._load()
        self.seen: dict[str, list] = {}  # what this build found (and may trust next time)
        self.looked: set[str] = set()  # every file this build hashed
        self.now = time.time_ns()

    def digest(self, path: str | Path) -> str:
        """The SHA-256 of PATH's bytes (as hash_file gives it), read only if PATH changed."""
        name = str(path)
        self.looked.add(name)
        try:
            status = os.stat(name)
        except OSError:
            return self.hash_file(path)
        if not stat.S_ISREG(status.st_mode):
            return self.hash_file(path)
        signature = [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino,
                     status.st_dev]
        known = self.known.get(name)
        if known is not None and known[:5] == signature and _sha256(known[5]):
            self.seen[name] = known
            return known[5]
        found = self.hash_file(path)
        if found and max(status.st_mtime_ns, status.st_ctime_ns) < self.now - RACY_NS:
            self.seen[name] = [*signature, found]
        return found

    def modified(self, path: str) -> int:
        """PATH's modification time (ns) as this build found it (0 if it is gone)."""
        found = self.seen.get(path)
        if found is not None:
            return found[1]
        try:
            return os.stat(path).st_mtime_ns
        except OSError:
            return 0

    def save(self) -> None:
        """Remember what this build hashed (and, within limits, what earlier ones did)."""
        if self.path is None:
            return
        kept = dict(self.seen)
        for name, entry in self.known.items():  # files of other builds (-o, --chapter)
            if len(kept) >= MAX_ENTRIES:
                break
            if name not in self.looked:
                kept[name] = entry
        if kept == self.known:
            return
        from handbook.build.cache import _write

        with contextlib.suppress(OSError):
            _write(self.path, json.dumps(kept, separators=(",", ":")).encode())

    def _load(self) -> dict[str, list]:
        if self.path is None:
            return {}
        from handbook.source.paths import Refused, read_bytes

        try:
            found = json.loads(read_bytes(self.path, MAX_MEMO))
        except (Refused, ValueError, RecursionError):
            return {}
        if not isinstance(found, dict):
            return {}
        return {name: entry for name, entry in found.items()  # what else is there is
                if type(entry) is list and len(entry) == 6}  # never equal to a status


def _sha256(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64
