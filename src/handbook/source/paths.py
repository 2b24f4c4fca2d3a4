"""The one resolver for every project path, and which files are images.

A build reads only regular files inside the project folder: symlinks are resolved and refused
when they lead outside it; folders, FIFOs, devices and sockets are refused (opened without
blocking, so a FIFO swapped in never hangs a read); hidden, editor-lock and macOS `._` files are
never sources; every read has a size limit. Files are named in outputs by stable URLs
(`handbook://project/…`, `handbook://defaults/…`) rather than absolute paths, so that the same
sources give the same bytes in any folder.
"""

from __future__ import annotations

import os
import stat
import urllib.parse
from collections.abc import Iterable
from pathlib import Path

RASTER = {".png", ".jpg", ".jpeg", ".gif", ".webp"}
VECTOR = {".svg"}
MB = 1024 * 1024
MAX_TEXT = 4 * MB  # a chapter, stylesheet, page template, handbook.toml, language file
MAX_FILE = 50 * MB  # an image, a font, a slide template
SCHEME = "handbook"
PROJECT_URL = f"{SCHEME}://project/"
DEFAULTS_URL = f"{SCHEME}://defaults/"
DEFAULTS = Path(__file__).resolve().parent.parent / "defaults"

for _uses in (urllib.parse.uses_relative, urllib.parse.uses_netloc):  # so that urljoin
    if SCHEME not in _uses:  # resolves "images/b.png" against handbook://project/content/a.svg
        _uses.append(SCHEME)


class Refused(Exception):
    """A path a build does not read; str() says why, to follow `path:line: error: `."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.line = line


def inside(path: Path, folder: Path) -> bool:
    """True if `path`, with symlinks resolved, lies within `folder`."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def skipped(name: str) -> bool:
    """Hidden files, editor locks and backups (.#x, ~$x, x~, #x#), macOS `._x`: never sources."""
    return name.startswith((".", "~", "#")) or name.endswith(("~", "#"))


def project_file(root: Path, path: Path, suffixes: Iterable[str] | None = None,
                 limit: int = MAX_TEXT) -> Path:
    """The real path of PATH if it is a regular file inside ROOT of at most LIMIT bytes."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        if not inside(path, root):
            raise Refused("is outside the project folder") from None
        link = " (a link to nothing)" if path.is_symlink() else ""
        raise Refused(f"no such file{link}") from None
    except (OSError, RuntimeError) as error:  # a loop of links, a name too long …
        raise Refused(f"cannot be resolved ({_reason(error)})") from None
    if not inside(real, root):
        raise Refused("is outside the project folder" +
                      (f" (a link to {real})" if path.is_symlink() or real != path else ""))
    _check_size(_stat(real), limit)
    if suffixes is not None and real.suffix.lower() not in set(suffixes):
        raise Refused(f"must be one of: {', '.join(sorted(set(suffixes)))}")
    return real


def read_bytes(path: Path, limit: int = MAX_TEXT) -> bytes:
    """The bytes of a regular file, at most LIMIT of them; never blocks on a FIFO or device."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except OSError as error:
        raise Refused(f"cannot be read ({_reason(error)})") from None
    with os.fdopen(handle, "rb") as stream:
        _check_size(os.fstat(handle), limit)
        try:
            data = stream.read(limit + 1)
        except OSError as error:
            raise Refused(f"cannot be read ({_reason(error)})") from None
    if len(data) > limit:  # it grew while we read it
        raise Refused(f"is larger than {limit // MB} MB; split it or make it smaller")
    return data


def read_text(path: Path, limit: int = MAX_TEXT) -> str:
    """A regular file as UTF-8 text (a BOM dropped); Refused with the line of bad bytes."""
    data = read_bytes(path, limit)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise Refused("not UTF-8 text; save the file as UTF-8", line) from None


def listing(folder: Path, suffixes: Iterable[str]) -> list[Path]:
    """The files of FOLDER (not below it) ending in SUFFIXES, by name, hidden and lock files
    left out. Nothing is opened: each is checked by project_file when it is used."""
    wanted = {s.lower() for s in suffixes}
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [folder / name for name in names
            if not skipped(name) and Path(name).suffix.lower() in wanted]


def project_folder(root: Path, folder: Path) -> Path | None:
    """FOLDER if it is a real folder inside ROOT (not a link out of it), else None."""
    try:
        real = folder.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return real if real.is_dir() and inside(real, root) else None


def url_for(path: Path, root: Path | None) -> str | None:
    """The stable URL of a file of the project or of the package's defaults, or None."""
    for base, prefix in ((root, PROJECT_URL), (DEFAULTS, DEFAULTS_URL)):
        if base is None:
            continue
        try:
            relative = path.resolve().relative_to(base.resolve())
        except (ValueError, OSError, RuntimeError):
            continue
        return prefix + urllib.parse.quote(relative.as_posix())
    return None


def path_for(url: str, root: Path | None) -> Path | None:
    """The file a stable URL names (unchecked: pass it to project_file), or None."""
    for base, prefix in ((root, PROJECT_URL), (DEFAULTS, DEFAULTS_URL)):
        if base is not None and url.startswith(prefix):
            relative = urllib.parse.unquote(urllib.parse.urlsplit(url).path).lstrip("/")
            parts = [p for p in relative.split("/") if p not in ("", ".")]
            return None if ".." in parts or "\0" in relative else base.joinpath(*parts)
    return None


def _stat(path: Path) -> os.stat_result:
    try:
        return path.stat()
    except OSError as error:
        raise Refused(f"cannot be read ({_reason(error)})") from None


def _check_size(status: os.stat_result, limit: int) -> None:
    if stat.S_ISDIR(status.st_mode):
        raise Refused("is a folder, not a file")
    if not stat.S_ISREG(status.st_mode):
        raise Refused("is not a regular file (a pipe, device or socket); a build reads only "
                      "files")
    if status.st_size > limit:
        raise Refused(f"is {status.st_size / MB:.1f} MB; the limit is {limit // MB} MB")


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or type(error).__name__
