"""Where a Quarto or MkDocs page's images and links point, made what handbook can use.

- An image on the web (a README's badges, `![](https://…)`) is never fetched: a build never
  reads the network. It is replaced by its alt text (inside a link, the link's text), and
  one warning a chapter names how many were left out.
- A link or image written from the site's root (`/sessions/x.qmd`, which Quarto resolves from
  the project and MkDocs from `docs_dir`) is rewritten relative to the chapter, so that
  links between chapters and images resolve as the source tool resolves them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from handbook.source.dialects.attributes import ALT
from handbook.source.dialects.embeds import video_page

WEB_IMAGE = re.compile(rf"!\[(?P<alt>{ALT})\]\((?P<src>(?:https?:)?//[^)\s]+)(?:\s+\"[^\"]*\")?\)"
                       r"(?:\{[^}]*\})?")
ROOTED = re.compile(r"(?P<head>\]\()(?P<path>/(?!/)[^)\s#]*)(?P<tail>[#)\s])")

IFRAME = re.compile(r"^(?P<indent>\s*)<iframe\s(?P<attrs>[^>]*)>\s*(?:</iframe>)?\s*$", re.I)
ATTRIBUTE = re.compile(r"""(?P<name>[\w-]+)\s*=\s*"""
                       r"""(?:"(?P<a>[^"]*)"|'(?P<b>[^']*)'|(?P<c>[^\s>]+))""")

Report = Callable[[int, str], None]


def html_attributes(text: str) -> dict[str, str]:
    return {m["name"].lower(): m["a"] if m["a"] is not None else m["b"] if m["b"] is not None
            else m["c"] for m in ATTRIBUTE.finditer(text)}


def iframe_video(text: str) -> tuple[str, str, str] | None:
    """(indent, the video's page, its title) of a line that is an `<iframe>` of a video."""
    match = IFRAME.match(text)
    if match is None:
        return None
    attrs = html_attributes(match["attrs"])
    src = attrs.get("src", "")
    url = video_page(src)
    if not url.startswith(("https://", "http://")):
        return None
    title = attrs.get("title", "")
    return match["indent"], url, title if title and "player" not in title.lower() else "Video"


class Targets:
    """Rewrites one chapter's images and links; `finish` reports the web images once."""

    def __init__(self, chapter: Path | None, site_root: Path | None, report: Report):
        self.chapter, self.site_root, self.report = chapter, site_root, report
        self.web: list[tuple[int, str]] = []

    def paragraph(self, text: str, number: int) -> str:
        """TEXT (a paragraph, line breaks kept) with web images left out."""
        def alt(match: re.Match[str]) -> str:
            self.web.append((number, match["src"]))
            return " ".join(match["alt"].split())

        return WEB_IMAGE.sub(alt, text) if "](" in text else text

    def line(self, text: str) -> str:
        """TEXT with root-relative link and image targets made relative to the chapter."""
        if self.chapter is None or self.site_root is None or "](/" not in text:
            return text

        def relative(match: re.Match[str]) -> str:
            target = self.site_root / match["path"].lstrip("/")
            path = os.path.relpath(target, self.chapter.parent).replace(os.sep, "/")
            return f"{match['head']}{path}{match['tail']}"

        return ROOTED.sub(relative, text)

    def finish(self) -> None:
        if self.web:
            line, first = self.web[0]
            self.report(line, f"{len(self.web)} image(s) on the web left out, such as "
                        f"'{first}': a build never reads the network; their alt text is "
                        "printed instead")
