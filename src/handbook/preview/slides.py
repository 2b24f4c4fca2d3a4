"""The preview's second page, /slides: the course deck as planned, every slide drawn in HTML
(preview/sketch.py) with its number, its layout and what the planner did to it (continued,
shrunk), planned again for each new book when the page is asked for (a long book takes
seconds: a save does not wait for it). The slide template is opened once and again only when
it changes."""

from __future__ import annotations

import html
import threading
from pathlib import Path

from handbook.errors import HandbookError
from handbook.preview.page import PLACEHOLDER, lines
from handbook.preview.sketch import slide as sketch
from handbook.slides.spec import DIVIDERS, role_of

SLIDES_PATH = "/slides"
STYLE = """<style>
html { background: #D9DEE3; font-family: Carlito, Calibri, sans-serif; }
body { margin: 1.5rem auto; max-width: __WIDTH__px; }
header.top { font: 15px/1.4 system-ui, sans-serif; margin: 0 0 1rem; }
.slide-entry { margin: 0 0 1.4rem; }
.slide-entry h2 { font: 13px/1.4 system-ui, sans-serif; color: #37424D; margin: 0 0 0.3rem; }
.slide-entry .note { color: #8A4B00; margin-left: 0.6rem; }
.slide-page { position: relative; width: __WIDTH__px; height: __HEIGHT__px; overflow: hidden;
              box-shadow: 0 1px 8px rgb(0 0 0 / 0.18); }
.slide-page .slide-title { position: absolute; display: flex; align-items: center;
                           font-weight: bold; line-height: 1.0; }
.slide-page .piece { position: absolute; box-sizing: border-box; display: flex;
                     flex-direction: column; margin: 0; overflow: visible; }
.slide-page img.piece { object-fit: contain; }
.slide-page p { margin: 0; }
.slide-page .bullet { display: inline-block; text-indent: 0; }
.slide-page table.piece { display: table; border-collapse: collapse; table-layout: fixed; }
.slide-page th { background: var(--head); color: white; text-align: left; }
.slide-page th, .slide-page td { padding: 0 7px; border-bottom: 1px solid #D0D6DC; }
@font-face { font-family: Carlito; src: url("__FONTS__/Carlito-Regular.ttf"); }
@font-face { font-family: Carlito; font-weight: bold; src: url("__FONTS__/Carlito-Bold.ttf"); }
@font-face { font-family: Carlito; font-style: italic;
             src: url("__FONTS__/Carlito-Italic.ttf"); }
@font-face { font-family: 'DejaVu Sans Mono'; src: url("__FONTS__/DejaVuSansMono.ttf"); }
</style>
"""


class SlidePreview:
    """Plans the course deck for the preview and draws it as a page."""

    def __init__(self) -> None:
        self._builder = None
        self._opened: tuple | None = None  # (template, its stamp, [layouts]) it was opened as
        self.page = ""
        self._drawn: object = None  # the book `page` shows
        self._lock = threading.Lock()

    def page_for(self, book, theme, files) -> str:
        """The /slides page of BOOK (None: not built yet), planned unless it was already."""
        with self._lock:
            if book is None:
                return PLACEHOLDER
            if book is not self._drawn:
                try:
                    self.render(book, theme, files)
                except HandbookError as error:  # the slide template cannot be used
                    problems = html.escape("\n".join(lines(error.problems)))
                    self.page = PLACEHOLDER.replace("<p>Nothing to show yet: the book has not "
                                                    "built.</p>", f"<pre>{problems}</pre>")
                self._drawn = book
            return self.page

    def builder(self, template: Path, layouts: tuple[tuple[str, str], ...]):
        from handbook.slides.deck import DeckBuilder

        try:
            stat = template.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamp = None
        key = (template, stamp, layouts)
        if self._builder is None or self._opened != key:
            self._builder, self._opened = DeckBuilder(template, layouts), key
        return self._builder

    def render(self, book, theme, files) -> str:
        """The /slides page of BOOK, drawn with THEME's slide template."""
        builder = self.builder(theme.slide_template, book.meta.layouts)
        planner = builder.planner(book.meta.language, book.root, book)
        slides = planner.course(book)
        width, height = (v / 12700 for v in builder.size)
        fonts = (files.url(Path(__file__).parent.parent / "defaults" / "fonts" / "OFL.txt")
                 or "").rsplit("/", 1)[0]
        style = STYLE.replace("__WIDTH__", f"{width:.0f}").replace(
            "__HEIGHT__", f"{height:.0f}").replace("__FONTS__", fonts)
        entries = [self._entry(number, spec, builder, files)
                   for number, spec in enumerate(slides, start=1)]
        warnings = "".join(f"<li>{html.escape(w)}</li>" for w in planner.warnings)
        head = (f'<header class="top"><strong>{html.escape(book.meta.title)}</strong>: '
                f'{len(slides)} slides in the course deck · <a href="/">the book</a>'
                f'{"<ul>" + warnings + "</ul>" if warnings else ""}</header>')
        self.page = (f'<!DOCTYPE html>\n<html lang="{html.escape(book.meta.language)}"><head>'
                     f'<meta charset="utf-8"><title>{html.escape(book.meta.title)} – slides'
                     f"</title>{style}</head><body>{head}{''.join(entries)}</body></html>\n")
        return self.page

    def _entry(self, number: int, spec, builder, files) -> str:
        key = spec.layout or builder.info.role(role_of(spec.kind, spec.designed)).key
        info = builder.info.by_key(key)
        notes = []
        if spec.font_scale < 1 and spec.kind not in DIVIDERS:
            notes.append(f"text shrunk to {spec.font_scale:.0%}")
        if spec.title.endswith(")") and "/" in spec.title.rsplit("(", 1)[-1]:
            notes.append("continued")
        shown = "".join(f'<span class="note">{n}</span>' for n in notes)
        label = f"{number} · {spec.kind} · {info.name}"
        drawing = sketch(spec, info, builder.geometry, lambda p: files.url(p))
        return (f'<section class="slide-entry" id="slide-{number}"><h2>{html.escape(label)}'
                f"{shown}</h2>{drawing}</section>")
