"""The handbook PDF: our HTML and CSS laid out by WeasyPrint, resources fetched by us."""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from handbook.errors import Collector
from handbook.model import Book, BookMeta
from handbook.source.paths import inside
from handbook.source.theme import Theme


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        """Serves files inside the allowed folders and data: URIs; refuses everything else."""

        def __init__(self, roots: tuple[Path, ...], refused: list[str]):
            super().__init__(allowed_protocols={"file", "data"})
            self.roots = roots
            self.refused = refused

        def fetch(self, url: str, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file":
                path = Path(unquote(parts.path))
                if any(inside(path, root) for root in self.roots) and path.is_file():
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                              {"Content-Type": kind})
            self.refused.append(url)
            raise ValueError(f"refused to load {url}: only files inside the project are used")

    return LocalOnlyFetcher


def _header_scope(document, pdf) -> None:
    """Mark every table header cell as heading its column (WeasyPrint tags TH without /Scope).

    Our tables (Markdown pipe tables) only have a header row, so /Column is always right.
    """
    for obj in pdf.objects:
        if isinstance(obj, dict) and obj.get("S") == "/TH":
            attributes = obj.get("A")
            if isinstance(attributes, dict):
                attributes["Scope"] = "/Column"


class _Forward(logging.Handler):
    """Turns WeasyPrint's log warnings into build warnings."""

    def __init__(self, problems: Collector, origin: Path):
        super().__init__(logging.WARNING)
        self.problems = problems
        self.origin = origin

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "harfbuzz" in message.lower():
            return  # a notice about an optional system library, not about the book
        if "alt description" in message:
            return  # reported by the loader already, with the chapter and line
        self.problems.warning(self.origin, None, f"PDF: {message}")


def render_pdf(book: Book, html: str, theme: Theme, problems: Collector, *,
               stylesheets: tuple[Path, ...] | None = None) -> tuple[bytes, int]:
    """Lay out the book; return the PDF bytes and the page count.

    STYLESHEETS, when given, are used instead of the theme's (the handout, the guide)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    paths = theme.stylesheets if stylesheets is None else stylesheets
    refused: list[str] = []
    fetcher = _fetcher_class()((book.root, *theme.allowed_roots), refused)
    logger = logging.getLogger("weasyprint")
    handler = _Forward(problems, paths[-1])
    logger.addHandler(handler)
    try:
        fonts = FontConfiguration()
        sheets = [CSS(filename=str(p), url_fetcher=fetcher, font_config=fonts)
                  for p in paths]
        settings = config_css(book.meta)  # handbook.toml: between the default and styles/
        if settings:
            sheets.insert(1, CSS(string=settings, url_fetcher=fetcher, font_config=fonts))
        document = HTML(string=html, base_url=str(book.root / "content") + "/",
                        url_fetcher=fetcher).render(stylesheets=sheets, font_config=fonts)
        data = document.write_pdf(pdf_variant="pdf/ua-1",  # tagged, for screen readers
                                  finisher=_header_scope)
    finally:
        logger.removeHandler(handler)
    for url in refused:
        problems.error(None, None, f"PDF: refused to load {url} (not a file in the project)")
    return data, len(document.pages)


def config_css(meta: BookMeta) -> str:
    """CSS for what handbook.toml sets: paper size, colours, fonts (after the default CSS)."""
    rules = []
    if meta.paper != "A4":
        rules.append(f"@page {{ size: {meta.paper}; }}")
    variables = [f"  --{name}: #{value};" for name, value in meta.colours]
    fonts = dict(meta.fonts)
    if "body" in fonts:
        variables.append(f'  --body-font: "{fonts["body"]}", "Carlito", sans-serif;')
    if variables:
        rules.append(":root {\n" + "\n".join(variables) + "\n}")
    if "headings" in fonts:
        rules.append(f'h1, h2, h3, h4, .chapter-number {{ font-family: "{fonts["headings"]}", '
                     'var(--body-font); }')
    return "\n".join(rules)
