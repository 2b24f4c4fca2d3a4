"""The floor: the book's final HTML laid out and written by WeasyPrint alone.

    python benchmarks/floor.py prepare PROJECT WORKDIR   # handbook writes book.html + floor.json
    python benchmarks/floor.py render WORKDIR            # WeasyPrint only: prints the page count

`render` imports nothing from handbook: it is what `weasyprint book.html book.pdf` costs, with
the same stylesheets, fonts and PDF options as the build, timed as a whole process (Python's
start-up and WeasyPrint's import included, as they are in a `handbook build`).
"""

from __future__ import annotations

import inspect
import json
import re
import sys
from pathlib import Path


def prepare(project: Path, workdir: Path) -> None:
    from handbook.book import pdf as render_pdf
    from handbook.book.html import render_book_html
    from handbook.build.dates import build_time
    from handbook.source.loader import load_book
    from handbook.source.paths import DEFAULTS, DEFAULTS_URL, PROJECT_URL
    from handbook.source.theme import load_theme

    project = project.resolve()
    theme = load_theme(project)
    book = load_book(project)
    when = build_time()
    html = render_book_html(book, theme, created=when.isoformat() if when else None)
    # the build's fetcher serves handbook:// URLs; WeasyPrint alone reads the same files
    html = html.replace(PROJECT_URL, project.as_uri() + "/").replace(
        DEFAULTS_URL, DEFAULTS.resolve().as_uri() + "/")
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "book.html").write_text(html, encoding="utf-8")
    # the same write_pdf options as the build (read from its source, so they cannot drift)
    variant = re.search(r'pdf_variant="([^"]+)"', inspect.getsource(render_pdf))
    settings = {"base_url": str(project / "content") + "/",
                "stylesheets": [str(p) for p in theme.stylesheets],
                "pdf_variant": variant.group(1) if variant else None}
    (workdir / "floor.json").write_text(json.dumps(settings, indent=1), encoding="utf-8")


def render(workdir: Path) -> int:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    settings = json.loads((workdir / "floor.json").read_text(encoding="utf-8"))
    fonts = FontConfiguration()
    sheets = [CSS(filename=p, font_config=fonts) for p in settings["stylesheets"]]
    html = (workdir / "book.html").read_text(encoding="utf-8")
    document = HTML(string=html, base_url=settings["base_url"]).render(stylesheets=sheets,
                                                                      font_config=fonts)
    options = {"pdf_variant": settings["pdf_variant"]} if settings["pdf_variant"] else {}
    (workdir / "floor.pdf").write_bytes(document.write_pdf(**options))
    return len(document.pages)


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        print(render(Path(sys.argv[2])))
