"""Links on paper: a URL as a reader types it, and QR codes (segno) to scan from the page or
the screen."""

from __future__ import annotations

import html
import io
import re
from functools import lru_cache
from urllib.parse import unquote

LINK_SCHEMES = ("http", "https", "mailto")  # what a reader may follow from the PDF or a deck
_IGNORED = re.compile(r"[\x00-\x20\x7f]+")  # browsers and PDF readers skip these in a scheme
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


@lru_cache(maxsize=256)
def qr_svg_uri(url: str) -> str:
    """The QR code of `url` as an SVG data: URI (vector, for print)."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


@lru_cache(maxsize=256)
def qr_png(url: str) -> bytes:
    """The QR code of `url` as PNG bytes (for slides)."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=10, border=2)
    return buffer.getvalue()


def short_url(url: str) -> str:
    """The URL as a reader would type it: no scheme, no 'www.', no trailing slash."""
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
    url = unquote(url.removeprefix("www."))
    return url.rstrip("/")


def is_external(href: str | None) -> bool:
    return bool(href) and href.startswith(("http://", "https://", "mailto:"))


def link_scheme(href: str | None) -> str | None:
    """The scheme a reader's software would see in HREF, entities decoded and control
    characters dropped as browsers do ("jav&#x61;script:" is javascript); '' for none."""
    if not href:
        return None
    text = _IGNORED.sub("", html.unescape(href))
    found = _SCHEME.match(text)
    return found.group(1).lower() if found else ""


def allowed_link(href: str | None) -> bool:
    """True for http, https and mailto links and for the book's own anchors (#id)."""
    scheme = link_scheme(href)
    if scheme == "":
        return _IGNORED.sub("", html.unescape(href or "")).startswith("#")
    return scheme in LINK_SCHEMES
