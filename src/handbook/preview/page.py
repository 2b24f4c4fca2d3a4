"""The preview page: the book's HTML as WeasyPrint prints it, with the theme's stylesheets
linked, a screen stylesheet, a banner for the latest build's problems and a reload script."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from handbook.book.html import render_book_html
from handbook.errors import Collector, HandbookError, Problem
from handbook.preview.files import Files
from handbook.preview.slides import SLIDES_PATH, SlidePreview
from handbook.source.loader import load_book
from handbook.source.theme import load_theme

VERSION_PATH = "/__version"
SLIDES_LINK = (f'<a class="handbook-preview-slides" href="{SLIDES_PATH}" style="position:fixed;'
               'right:1rem;bottom:1rem;padding:0.4rem 0.8rem;background:#1B3A5C;color:white;'
               'border-radius:0.4rem;font:15px system-ui,sans-serif;text-decoration:none">'
               'Slides</a>\n')
BANNER_ID = "handbook-preview-problems"
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
@media print { #__ID__ { display: none; } }
</style>
""".replace("__ID__", BANNER_ID)
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


@dataclass(frozen=True)
class State:
    """What the server shows; replaced as a whole, so request threads need no lock."""

    page: str  # the last good page, ready for a browser (without banner and script)
    good: bool = False  # False until a build succeeded: `page` is the placeholder
    failed: bool = False  # the latest build failed: `page` is older than the sources
    problems: tuple[str, ...] = ()  # of the latest build, as `path:line: severity: message`
    version: int = 0
    slides: str = PLACEHOLDER  # the /slides page of the last good build


def render_page(root: Path, files: Files, slides: SlidePreview | None = None
                ) -> tuple[str, list[Problem]]:
    """The book as a page for a browser, and the build's warnings; raises HandbookError.
    With SLIDES, its page of the planned slides is drawn too (`slides.page`)."""
    problems = Collector()
    theme = None
    try:
        theme = load_theme(root)
    except HandbookError as error:  # reported with the content's problems, as a build does
        problems.problems.extend(error.problems)
    book = load_book(root, problems)
    problems.raise_errors()
    assert theme is not None
    links = "".join(f'<link rel="stylesheet" href="{html.escape(files.url(sheet) or "")}">\n'
                    for sheet in theme.stylesheets)
    document = files.rewrite(render_book_html(book, theme))
    if slides is not None:
        slides.render(book, theme, files)
        document = before(document, "</body>", SLIDES_LINK, at_end=True)
    return before(document, "</head>", links + SCREEN_CSS, at_end=False), problems.warnings


def lines(problems: Iterable[Problem]) -> tuple[str, ...]:
    return tuple(p.format(Path.cwd()) for p in problems)


def before(document: str, tag: str, extra: str, at_end: bool) -> str:
    """Insert `extra` before `tag` (the first, or the last one), or at the start or end."""
    lower = document.lower()
    index = lower.rfind(tag) if at_end else lower.find(tag)
    if index < 0:
        return document + extra if at_end else extra + document
    return document[:index] + extra + document[index:]


def banner(state: State) -> str:
    """The latest build's problems, fixed at the top of the page ("" if there are none)."""
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
            f"<strong>{title}</strong><pre>{lines}</pre></div>\n")
