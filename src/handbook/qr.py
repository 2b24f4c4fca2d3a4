"""QR codes (segno) so that links in further-reading boxes work from paper and the screen."""

from __future__ import annotations

import io
from functools import lru_cache


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
