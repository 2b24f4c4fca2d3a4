"""Links on paper: a URL as a reader types it, and QR codes (segno) to scan from the page or
the screen."""

from __future__ import annotations

import io
from functools import lru_cache
from urllib.parse import unquote


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
