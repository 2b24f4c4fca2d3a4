"""The preview page's pieces: the screen stylesheet, the banner (the latest build's problems,
and whether the PDF in the output folder is older than the sources the page shows) and the
state the server shows."""

from __future__ import annotations

import html
import os
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from handbook.errors import Problem
from handbook.preview.parts import BANNER_ID as BOX_ID
from handbook.preview.parts import END, Split

VERSION_PATH = "/__version"
BANNER_ID = "handbook-preview-problems"
PDF_ID = "handbook-preview-pdf"
PDF_NAME = "handbook.pdf"  # as `handbook build` names it, in the project's output/
SCREEN_CSS = """<style>
@media screen {
  html { background: #D9DEE3; }
  body { box-sizing: border-box; max-width: 50rem; margin: 1.5rem auto; padding: 2.5rem 3.5rem;
         background: white; box-shadow: 0 1px 8px rgb(0 0 0 / 0.18); }
  .cover { height: auto; min-height: 24rem; margin: -2.5rem -3.5rem 0; padding: 5rem 3.5rem 7rem;
           background: var(--heading, #1B3A5C); }
  .cover-edition { left: 3.5rem; bottom: 2.5rem; }
  .part { margin: 3rem -3.5rem; padding: 4rem 3.5rem; background: var(--tint, #E6EEF5); }
  .toc, .chapter { margin-top: 3rem; padding-top: 1rem; border-top: 1px dashed #B8C2CC; }
  .footnote { font-size: 0.85em; color: var(--muted, #55606B); }
  .footnote::before { content: " ["; } .footnote::after { content: "]"; }
}
#__ID__ { position: fixed; top: 0; left: 0; right: 0; z-index: 1000; max-height: 45vh;
  overflow: auto; padding: 0.7rem 1.2rem; background: #FBEDEA; color: #4A0B0B;
  border-bottom: 3px solid #A61B1B; font: 15px/1.4 system-ui, sans-serif; }
#__ID__.warnings { background: #FFF6DE; color: #3D2B00; border-bottom-color: #8A6100; }
#__ID__ pre { margin: 0.4rem 0 0; white-space: pre-wrap; font: 13px/1.45 monospace; }
#__ID__ button { float: right; font: inherit; }
#__PDF__ { position: fixed; left: 1rem; bottom: 1rem; z-index: 999; max-width: 34rem;
  margin: 0; padding: 0.45rem 0.8rem; background: #FFF6DE; color: #3D2B00;
  border: 1px solid #8A6100; border-radius: 0.4rem; font: 14px/1.4 system-ui, sans-serif; }
#__PDF__ code { font: 13px monospace; }
@media print { #__ID__, #__PDF__ { display: none; } }
</style>
""".replace("__ID__", BANNER_ID).replace("__PDF__", PDF_ID)
RELOAD_SCRIPT = """<script>
(function () {
  var token = "__TOKEN__";
  function poll() {
    fetch("__PATH__", {cache: "no-store"})
      .then(function (r) { return r.text(); })
      .then(function (t) {
        if (t !== token) { location.reload(); } else { setTimeout(poll, 500); }
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 500);
})();
</script>
"""
PLACEHOLDER = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>handbook preview"
               "</title></head><body><p>Nothing to show yet: the book has not built.</p>"
               "</body></html>\n")
EMPTY = Split(PLACEHOLDER.removesuffix("</body></html>\n"), (), f"{END}</body></html>\n")


@dataclass(frozen=True)
class State:
    """What the server shows; replaced as a whole, so request threads need no lock."""

    page: Split  # the last good page, ready for a browser (without banner and script)
    good: bool = False  # False until a build succeeded: `page` is the placeholder
    failed: bool = False  # the latest build failed: `page` is older than the sources
    problems: tuple[str, ...] = ()  # of the latest build, as `path:line: severity: message`
    version: int = 0
    reloaded: int = 0  # the version since which a page must be reloaded, not patched
    changed: tuple[tuple[str, int], ...] = ()  # (part, the version it last changed in)
    pdf: str = ""  # the notice that the PDF is out of date, or ""
    book: object = field(default=None, compare=False)  # of the last good build (for /slides)
    theme: object = field(default=None, compare=False)

    def since(self, version: int) -> tuple[str, ...]:
        """The parts that changed after VERSION."""
        return tuple(name for name, when in self.changed if when > version)


def lines(problems: Iterable[Problem]) -> tuple[str, ...]:
    return tuple(p.format(Path.cwd()) for p in problems)


def banner(state: State) -> str:
    """The banner (always there, so that the page can replace it): the latest build's problems,
    fixed at the top, and the notice that the PDF is out of date."""
    notice = f'<p id="{PDF_ID}" role="status">{state.pdf}</p>' if state.pdf else ""
    return f'<div id="{BOX_ID}">{problems(state)}{notice}</div>\n'


def problems(state: State) -> str:
    """The latest build's problems ("" if there are none)."""
    if not state.problems:
        return ""
    if not state.failed:
        kind, title = "warnings", "The book builds, with warnings."
    elif state.good:
        kind, title = "errors", "The book does not build: showing the last good version."
    else:
        kind, title = "errors", "The book does not build yet."
    lines = html.escape("\n".join(state.problems))
    return (f'<div id="{BANNER_ID}" class="{kind}" role="alert">'
            '<button type="button" onclick="this.parentNode.remove()">Hide</button>'
            f"<strong>{title}</strong><pre>{lines}</pre></div>")


def pdf_notice(root: Path, newest: int | None) -> str:
    """Says that ROOT's output/handbook.pdf is missing, or older than NEWEST (the latest
    modification time of the sources, in ns), with the command that makes it; else ""."""
    pdf = root / "output" / PDF_NAME
    try:
        made: int | None = pdf.stat().st_mtime_ns
    except OSError:
        made = None
    if made is not None and (newest is None or made >= newest):
        return ""
    here = Path.cwd().resolve()
    where = os.path.relpath(pdf, here) if pdf.is_relative_to(here) else str(pdf)
    command = "handbook build" if root == here else f"handbook build {shlex.quote(str(root))}"
    where, command = html.escape(where), html.escape(command)
    if made is None:
        return f"<strong>{where}</strong> does not exist yet: run <code>{command}</code>."
    return (f"<strong>{where}</strong> is older than the sources shown here: run "
            f"<code>{command}</code> to bring it up to date.")
