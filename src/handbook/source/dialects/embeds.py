"""Embedded pages and media (`<iframe>`, `<video>`, `<audio>`): on paper and slides, a link.

A block of raw HTML that embeds a web page or a video cannot play in a PDF or a deck. It
becomes a further-reading box with one link to what it showed (a YouTube or Vimeo player's
address turned into the video's page), which the PDF prints with a QR code and the deck puts
on a further-reading slide; a warning says so. A local media file is left out, with a warning.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from handbook.source.dialects.containers import Box, Line, Scanner

EMBED = re.compile(r"^\s{0,3}<(?P<tag>iframe|video|audio|embed|object)\b", re.I)
_SOURCE = re.compile(r"""\b(?:src|data)\s*=\s*["']?([^"'\s>]+)""", re.I)
_TITLE = re.compile(r"""\b(?:title|aria-label)\s*=\s*["']([^"']+)["']""", re.I)
_PLAYERS = [(re.compile(r"^(?:https?:)?//(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)"),
             "https://www.youtube.com/watch?v={}"),
            (re.compile(r"^(?:https?:)?//player\.vimeo\.com/video/(\d+)"),
             "https://vimeo.com/{}")]


def embed(lines: list[Line], index: int, scanner: Scanner) -> tuple[int, list[Box]]:
    """(lines taken, the box that stands for them) for an embed starting at INDEX, else (0,
    [])."""
    from handbook.source.dialects.containers import Box

    match = EMBED.match(lines[index][1])
    if match is None:
        return 0, []
    tag = match["tag"].lower()
    end = index
    closing = re.compile(rf"</{tag}\s*>|/>\s*$", re.I)
    while end < len(lines) - 1 and not closing.search(lines[end][1]) and lines[end][1].strip():
        end += 1
    html = " ".join(text for _, text in lines[index:end + 1])
    sources = [url for url in _SOURCE.findall(html) if not url.startswith("data:")]
    if not sources:  # nothing it links to (srcdoc, scripts): for the raw HTML check
        return 0, []
    number, url = lines[index][0], video_page(sources[0])
    if not urlsplit(url).scheme.startswith("http"):
        scanner.report(number, f"<{tag}> of '{url}' cannot be shown on paper or slides; left "
                       "out (link to a web page instead)")
        return end + 1 - index, []
    title = _TITLE.search(html)
    text = title.group(1) if title else f"{'Video' if tag != 'iframe' else 'Page'} on " \
        f"{urlsplit(url).netloc.removeprefix('www.')}"
    scanner.report(number, f"<{tag}> cannot play on paper or slides; printed as a link to "
                   f"{url} (with a QR code)")
    return end + 1 - index, [Box("more", None, {"class": "embed"},
                                 ["", f"- [{text.replace(']', ')')}]({url})", ""])]


def video_page(url: str) -> str:
    """A YouTube or Vimeo player's address as the video's page; any other URL as it is."""
    for player, page in _PLAYERS:
        found = player.match(url)
        if found:
            return page.format(found.group(1))
    return url
