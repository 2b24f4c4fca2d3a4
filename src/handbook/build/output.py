"""Write outputs so that a reader never sees a half-written file, nor a half-replaced set.

`write_all` is one transaction: every new file is first written into a staging folder beside
the output folder (on the same file system), then moved into place; each old file it replaces
is moved aside into the staging folder first, so that if any step fails (a full disk, a folder
where a file should go, SIGTERM) everything moved so far is moved back and the folder holds
the old set, whole. The staging folder is then removed. Its name carries the process id, so
that what a build killed outright (SIGKILL) leaves is removed by the next one.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from handbook.build.cache import STAGING
from handbook.errors import RenderError

STALE = re.compile(re.escape(STAGING) + r"(\d+)-")


def write_all(files: dict[Path, bytes], out: Path) -> None:
    """Put FILES (paths inside OUT) in place together, or leave every old file as it was."""
    if not files:
        return
    staging = _staging(out)
    moved: list[tuple[Path, Path | None]] = []  # (target, the old file moved aside, if any)
    try:
        staged = []
        for number, (path, data) in enumerate(files.items()):
            staged.append((path, _stage(staging / "new" / str(number), data)))
        (staging / "old").mkdir()
        for number, (path, new) in enumerate(staged):
            path.parent.mkdir(parents=True, exist_ok=True)
            old = staging / "old" / str(number) if path.is_file() or path.is_symlink() else None
            if old is not None:
                os.replace(path, old)
            moved.append((path, old))
            os.replace(new, path)
    except BaseException as error:
        _roll_back(moved)
        if isinstance(error, OSError):
            where = getattr(error, "filename", None) or out
            raise RenderError(f"{where}: error: cannot write the outputs "
                              f"({error.strerror or error}); the old ones are kept") from None
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                             suffix=".tmp")
    except OSError as error:
        raise RenderError(f"{path.parent}: error: cannot write the output folder "
                          f"({error.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise RenderError(f"{path}: error: cannot write ({error.strerror})") from None
        raise


def _staging(out: Path) -> Path:
    """A new staging folder beside OUT (or in it, if OUT's parent cannot be written)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise RenderError(f"{out}: error: cannot write the output folder "
                          f"({error.strerror})") from None
    for folder in (out.parent, out):
        _remove_stale(folder)
        with contextlib.suppress(OSError):
            return Path(tempfile.mkdtemp(prefix=f"{STAGING}{os.getpid()}-", dir=folder))
    raise RenderError(f"{out}: error: cannot write the output folder (permission denied)")


def _stage(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as stream:
        stream.write(data)
    os.chmod(path, 0o644)
    return path


def _roll_back(moved: list[tuple[Path, Path | None]]) -> None:
    for path, old in reversed(moved):
        with contextlib.suppress(OSError):
            if old is not None:
                os.replace(old, path)
            else:
                path.unlink(missing_ok=True)


def _remove_stale(folder: Path) -> None:
    """Staging folders of builds that no longer run (killed before they could clean up)."""
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            found = STALE.match(entry.name)
            if found and entry.is_dir() and not entry.is_symlink() \
                    and not _alive(int(found.group(1))):
                shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True
