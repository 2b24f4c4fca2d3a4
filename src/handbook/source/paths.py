"""Paths in a project: what counts as inside it, and which files are images."""

from __future__ import annotations

from pathlib import Path

RASTER = {".png", ".jpg", ".jpeg", ".gif", ".webp"}
VECTOR = {".svg"}


def inside(path: Path, folder: Path) -> bool:
    """True if `path`, with symlinks resolved, lies within `folder`."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
