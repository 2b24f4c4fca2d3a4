"""The fonts a build uses: those in defaults/fonts/, on every machine, and nothing else.

WeasyPrint (through Pango) and CairoSVG (through cairo) find fonts with fontconfig, which would
otherwise offer whatever a machine has installed and lay text out with its local settings.
`isolate()` points fontconfig at defaults/fonts/fonts.conf, which names that folder alone (a
stylesheet's @font-face adds to it) and fixes how glyphs are drawn; it runs before either
library loads fontconfig, and reloads fontconfig if something loaded it before.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import re
from functools import cache
from pathlib import Path

from handbook.source.paths import DEFAULTS, Refused, listing, project_file, read_text

FONTS = DEFAULTS / "fonts"
CONFIG = FONTS / "fonts.conf"
FONT_FILES = (".ttf", ".otf", ".ttc", ".woff", ".woff2")
FONT_FACE = re.compile(r"@font-face\s*{[^}]*?font-family\s*:\s*([^;}]+)", re.I | re.S)
_state = {"isolated": False}


def isolate() -> None:
    """Make fontconfig use CONFIG only, in this process and those it starts."""
    for name in ("FONTCONFIG_PATH", "FONTCONFIG_SYSROOT"):  # would redirect CONFIG
        os.environ.pop(name, None)
    if _state["isolated"] and os.environ.get("FONTCONFIG_FILE") == str(CONFIG):
        return
    os.environ["FONTCONFIG_FILE"] = str(CONFIG)
    library = ctypes.util.find_library("fontconfig")
    if library:  # loaded before (a test, a library at import): read CONFIG now
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(library).FcInitReinitialize()
    _state["isolated"] = True


@cache
def bundled_families() -> frozenset[str]:
    """The family names of the fonts in defaults/fonts/."""
    from fontTools.ttLib import TTFont

    names = set()
    for path in sorted(FONTS.iterdir()):
        if path.suffix.lower() in FONT_FILES:
            with contextlib.suppress(Exception), TTFont(path, lazy=True, fontNumber=0) as font:
                names.add(font["name"].getDebugName(16) or font["name"].getDebugName(1))
    return frozenset(n for n in names if n)


def declared_families(root: Path, stylesheets: list[Path]) -> set[str]:
    """The families the @font-face rules of STYLESHEETS (files of ROOT) declare."""
    found = set()
    for sheet in stylesheets:
        with contextlib.suppress(Refused):
            for match in FONT_FACE.finditer(read_text(project_file(root, sheet))):
                found.add(match.group(1).strip().strip("\"'").strip())
    return found


def font_warnings(fonts: dict[str, str], root: Path) -> list[str]:
    """handbook.toml's [fonts] the PDF cannot use: only the bundled fonts and those a project
    stylesheet declares with @font-face are there (decks name the font: PowerPoint finds it on
    the presenter's machine, or substitutes one)."""
    if not fonts:
        return []
    known = bundled_families() | declared_families(root, listing(root / "styles", {".css"}))
    return [f"font '{family}' ({role}) is neither bundled nor declared with @font-face in "
            f"styles/*.css; the PDF uses Carlito instead (bundled: {', '.join(sorted(known))})"
            for role, family in fonts.items() if family not in known]
