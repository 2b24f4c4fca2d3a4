"""The handbook PDF: our HTML and CSS laid out by WeasyPrint, resources fetched by us."""

from __future__ import annotations

import logging
import mimetypes
import warnings
from pathlib import Path
from urllib.parse import unquote, urlsplit

from handbook.book.settings_css import config_css
from handbook.errors import Collector, RenderError
from handbook.links import allowed_link
from handbook.model import Book
from handbook.source.fonts import isolate
from handbook.source.images import raster_problem
from handbook.source.paths import (
    DEFAULTS,
    MAX_FILE,
    MB,
    PROJECT_URL,
    RASTER,
    Refused,
    inside,
    path_for,
    project_file,
    read_bytes,
    read_text,
    url_for,
)
from handbook.source.theme import Theme


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        """Serves the project's files and the package's defaults (by their stable URLs, or
        file: URLs inside them) and data: URIs; refuses everything else, and images beyond
        the pixel limit."""

        def __init__(self, root: Path, refused: list[str]):
            super().__init__(allowed_protocols={"file", "data"})
            self.root = root
            self.refused = refused

        def fetch(self, url: str, headers=None):
            try:
                name, data = self._read(url, headers)
            except Refused as refused:
                self.refused.append(f"{url[:200]} ({refused})")
                raise ValueError(f"refused to load {url[:200]}: {refused}") from None
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, data, {"Content-Type": kind})

        def _read(self, url: str, headers) -> tuple[str, bytes]:
            parts = urlsplit(url)
            if parts.scheme == "data":
                response = super().fetch(url, headers)
                data = response.read(MAX_FILE + 1)
                response.close()
                if len(data) > MAX_FILE:
                    raise Refused(f"larger than {MAX_FILE // MB} MB")
                name = "data" + (mimetypes.guess_extension(response.content_type) or "")
            else:
                path, base = self._local(url)
                if path is None or base is None:
                    raise Refused("not a file in the project")
                data = read_bytes(project_file(base, path, limit=MAX_FILE), MAX_FILE)
                name = path.name
            if Path(name).suffix.lower() in RASTER and (problem := raster_problem(data)):
                raise Refused(f"the image {problem}")
            return name, data

        def _local(self, url: str) -> tuple[Path | None, Path | None]:
            path = path_for(url, self.root)
            if path is None and url.startswith("file:"):
                path = Path(unquote(urlsplit(url).path))
            for base in (self.root, DEFAULTS):
                if path is not None and inside(path, base):
                    return path, base
            return None, None

    return LocalOnlyFetcher


def load_weasyprint() -> None:
    """Import WeasyPrint with fontconfig set to the bundled fonts only (fonts.isolate). On a
    machine without the optional HarfBuzz-Subset library WeasyPrint warns at import that it
    will need it one day (a DeprecationWarning, an error under `-W error`): that notice, and
    that one only, is silenced here."""
    isolate()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset will be required",
                                category=DeprecationWarning)
        import weasyprint  # noqa: F401


def _finisher(bleed_mm: float, part: str = ""):
    def finish(document, pdf) -> None:
        _header_scope(pdf, part)
        if bleed_mm:
            _bleed_box(pdf, bleed_mm * 72 / 25.4)
    return finish


def _header_scope(pdf, part: str = "") -> None:
    """Mark every table header cell as heading its column (WeasyPrint tags TH without /Scope).

    Our tables (Markdown pipe tables) only have a header row, so /Column is always right.
    In a PART of the book, header ids (made of object numbers) get the part's name, so that
    they stay unique in the merged book.
    """
    import pydyf

    for obj in pdf.objects:
        if not isinstance(obj, dict) or obj.get("S") not in ("/TH", "/TD"):
            continue
        attributes = obj.get("A")
        if obj.get("S") == "/TH" and isinstance(attributes, dict):
            attributes["Scope"] = "/Column"
        if not part:
            continue
        if "ID" in obj:
            obj["ID"] = pydyf.String(f"{part}-{_text_of(obj['ID'])}")
        if isinstance(attributes, dict) and "Headers" in attributes:
            attributes["Headers"] = pydyf.Array(
                pydyf.String(f"{part}-{_text_of(h)}") for h in attributes["Headers"])
    _attachment_dates(pdf)


def _attachment_dates(pdf) -> None:
    """Files attached to the PDF carry the book's date, not the time of the build (WeasyPrint
    stamps them with now()): the same sources give the same bytes."""
    created = pdf.info.get("CreationDate")
    for obj in pdf.objects:
        extra = getattr(obj, "extra", None)
        if isinstance(extra, dict) and extra.get("Type") == "/EmbeddedFile":
            params = extra.get("Params")
            for key in ("CreationDate", "ModDate"):
                if isinstance(params, dict) and created is not None:
                    params[key] = created
                elif isinstance(params, dict):
                    params.pop(key, None)


def _text_of(value) -> str:
    data = getattr(value, "string", value)
    return data.decode("latin-1") if isinstance(data, bytes) else str(data)


def _bleed_box(pdf, bleed: float) -> None:
    """The BleedBox exactly BLEED points around the TrimBox.

    WeasyPrint puts it at most 10 pt out, into the room we leave for the crop marks."""
    import pydyf

    for obj in pdf.objects:
        if isinstance(obj, dict) and obj.get("Type") == "/Page" and "TrimBox" in obj:
            left, bottom, right, top = obj["TrimBox"]
            obj["BleedBox"] = pydyf.Array([left - bleed, bottom - bleed, right + bleed,
                                           top + bleed])


class _Forward(logging.Handler):
    """Turns WeasyPrint's log warnings into build warnings, and keeps fontTools' (which
    WeasyPrint subsets fonts with when HarfBuzz-Subset is missing) off the terminal."""

    def __init__(self, problems: Collector, origin: Path, book: Book | None = None):
        super().__init__(logging.WARNING)
        self.problems = problems
        self.origin = origin
        self.book = book

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "harfbuzz" in message.lower():
            return  # a notice about an optional system library, not about the book
        if "alt description" in message:
            return  # reported by the loader already, with the chapter and line
        if record.name.startswith("fontTools") and "timestamp" in message:
            return  # "'created' timestamp seems very low": a quirk of a bundled font's header
        from handbook.book.origins import origin

        path, line = origin(message, self.book, self.origin) if self.book is not None \
            else (self.origin, None)
        self.problems.warning(path, line, f"PDF: {message}")


def render_pdf(book: Book, html: str, theme: Theme, problems: Collector, *,
               stylesheets: tuple[Path, ...] | None = None) -> tuple[bytes, int]:
    """Lay out the book; return the PDF bytes and the page count.

    STYLESHEETS, when given, are used instead of the theme's (the handout, the guide)."""
    with Layout(book, theme, problems, stylesheets) as layout:
        document = layout.document(html)
        return layout.write(document), len(document.pages)


class Layout:
    """One WeasyPrint session: the stylesheets parsed once, the fonts, our fetcher and
    WeasyPrint's warnings forwarded as the build's (use it as a context manager)."""

    def __init__(self, book: Book, theme: Theme, problems: Collector,
                 stylesheets: tuple[Path, ...] | None = None):
        load_weasyprint()
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.book, self.problems, self.is_book = book, problems, stylesheets is None
        paths = theme.stylesheets if stylesheets is None else stylesheets
        self.refused: list[str] = []
        self.fetcher = _fetcher_class()(book.root, self.refused)
        self.handler = _Forward(problems, paths[-1], book)
        self.loggers = [logging.getLogger(name) for name in ("weasyprint", "fontTools")]
        for logger in self.loggers:
            logger.addHandler(self.handler)
        self.fonts = FontConfiguration()
        self.sheets = [CSS(string=_text(p, problems), base_url=url_for(p, book.root),
                           url_fetcher=self.fetcher, font_config=self.fonts) for p in paths]
        settings = config_css(book.meta, book=self.is_book)  # before styles/
        if settings:
            self.sheets.insert(1, CSS(string=settings, url_fetcher=self.fetcher,
                                      font_config=self.fonts))

    def __enter__(self) -> Layout:
        return self

    def __exit__(self, *exc) -> None:
        for logger in self.loggers:
            logger.removeHandler(self.handler)
        for url in self.refused:
            self.problems.error(None, None, f"PDF: refused to load {url}")
        self.refused.clear()

    def document(self, html: str, css: str = ""):
        """HTML laid out (with CSS, if any, after the stylesheets): a WeasyPrint Document."""
        from weasyprint import CSS, HTML

        sheets = self.sheets + ([CSS(string=css, font_config=self.fonts)] if css else [])
        try:
            document = HTML(string=html, base_url=PROJECT_URL + "content/",
                            url_fetcher=self.fetcher).render(stylesheets=sheets,
                                                             font_config=self.fonts)
        except RecursionError:  # a project template may nest deeper than WeasyPrint follows
            raise RenderError("error: PDF: elements are nested too deeply to lay out; "
                              "flatten lists, quotes and boxes (or the page template)") from None
        _only_safe_links(document, self.problems)
        return document

    def write(self, document, part: str = "") -> bytes:
        """The PDF of DOCUMENT (tagged: PDF/UA-1); PART names a part of the book."""
        bleed = self.book.meta.printing.bleed_mm if self.is_book else 0
        try:
            return document.write_pdf(pdf_variant="pdf/ua-1",  # tagged, for screen readers
                                      finisher=_finisher(bleed, part))
        except RecursionError:
            raise RenderError("error: PDF: elements are nested too deeply to write; "
                              "flatten lists, quotes and boxes (or the page template)") from None


def _only_safe_links(document, problems: Collector) -> None:
    """Drop links to anything but http, https and mailto (a template or raw HTML may have
    written one: `javascript:`, `file:`, …), whatever wrote them."""
    said = set()
    for page in document.pages:
        kept = []
        for link in page.links:
            if link[0] == "external" and not allowed_link(link[1]):
                url = str(link[1])
                # once a link (it has a box a line), and not a project file's: the loader
                # said which chapter line links to it
                if url not in said and not url.startswith("handbook://"):
                    problems.warning(None, None, f"PDF: link to '{url[:80]}' removed: "
                                     "only http, https and mailto links are kept")
                said.add(url)
            else:
                kept.append(link)
        page.links[:] = kept


def _text(sheet: Path, problems: Collector) -> str:
    try:
        return read_text(sheet)
    except Refused as refused:  # changed since the theme was checked
        problems.error(sheet, refused.line, str(refused))
        return ""

