"""One sanitiser for every route markup takes to the outputs: raw HTML and attribute lists.

Python-Markdown keeps raw HTML aside (its "stash") and pastes it back after the tree is
built. Each stashed fragment is checked here before that happens: a fragment with scripts,
frames, embedded objects, forms, event handlers or links to anything but http, https, mailto
and the book's anchors (entities decoded: `jav&#x61;script:` is `javascript:`) is cleaned by
nh3 (a maintained HTML sanitiser) and reported; one that would load a remote or local file is
an error, since a build reads nothing from the network or outside the project. Comments are
inert. The same attribute rule (`attribute_ok`) cleans the parsed tree, where attribute lists
(`{: onclick="…" }`) put their attributes.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from html.parser import HTMLParser

from handbook.links import LINK_SCHEMES, link_scheme

DANGEROUS_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "style",
                  "link", "meta", "base", "form", "input", "button", "textarea", "select"}
FORBIDDEN_ATTRIBUTES = {"srcdoc", "formaction", "action", "background", "poster", "ping",
                        "xlink:href", "manifest", "codebase", "dynsrc", "lowsrc"}
LINK_ATTRIBUTES = {"href", "cite", "longdesc", "usemap"}
ACTIVE_STYLE = re.compile(r"url\(|expression\(|@import|javascript:|behavior:|binding", re.I)
SINGLE_TAG = re.compile(r"^\s*<\s*(/?)\s*([a-zA-Z][\w-]*)([^<>]*)>\s*$", re.S)
COMMENT = re.compile(r"<!--.*?(-->|$)", re.S)
LOADS = re.compile(r"\s(src|data|poster|background)\s*=\s*[\"']?\s*([^\"'\s>]+)", re.IGNORECASE)
Report = Callable[[str, str, str], None]  # (severity, fragment, message)
REMOVED = "scripts, frames, objects, forms, event handlers and links other than http, https " \
          "and mailto are not allowed in a chapter"


def attribute_ok(tag: str, name: str, value: str | None) -> bool:
    """The one rule for an attribute of raw HTML or of an attribute list."""
    name = name.lower()
    if name.startswith("on") or name in FORBIDDEN_ATTRIBUTES:
        return False
    if name in LINK_ATTRIBUTES:
        return link_scheme(value or "") in ("", *LINK_SCHEMES)
    if name == "style":
        text = html.unescape(value or "")
        return "\\" not in text and ACTIVE_STYLE.search(text) is None
    if name in ("src", "data"):
        return tag.lower() == "img" and link_scheme(value or "") in ("", "data")
    return True


def check_fragment(fragment: str, report: Report) -> str:
    """The fragment to keep, after reporting what is wrong with it."""
    visible = COMMENT.sub("", fragment)  # <!-- <img src="old.png"> --> loads nothing
    for match in LOADS.finditer(visible):
        url = match.group(2)
        if not url.startswith("data:"):
            report("error", fragment, f"raw HTML loads '{url}'; use Markdown image syntax "
                   "with a file inside the project instead")
            return ""
    what = _first_active(visible)
    if what is None:
        return fragment
    tag = SINGLE_TAG.match(fragment)
    closing_only = tag is not None and tag.group(1) == "/"
    if not closing_only:
        report("warning", fragment, f"raw HTML '{what}' removed: {REMOVED}")
    if tag is not None:  # one tag of an inline element: keep harmless tags, unclosed
        if tag.group(2).lower() in DANGEROUS_TAGS:
            return ""
        return _clean_tag(fragment)
    import nh3

    return nh3.clean(fragment, url_schemes=set(LINK_SCHEMES),
                     attribute_filter=lambda tag, name, value:
                     value if attribute_ok(tag, name, value) else None)


def clean_attributes(root: etree.Element, decode: Callable[[str], str],
                     report: Callable[[str, str], None]) -> None:
    """Remove what attribute lists put on the tree that `attribute_ok` refuses, each with a
    warning (REPORT(needle, message)). DECODE turns Python-Markdown's placeholders back into
    the characters they stand for."""
    for element in root.iter():
        for name, value in list(element.attrib.items()):
            if not attribute_ok(str(element.tag), name, decode(value or "")):
                del element.attrib[name]
                if name.lower() not in LINK_ATTRIBUTES:  # links: checks.check_links says so
                    report(f"{name}=", f"attribute '{name}' removed: {REMOVED}")


def deepest(root: etree.Element, limit: int) -> etree.Element | None:
    """The first element nested more than LIMIT deep in ROOT (renderers recurse once per
    level and fail far below Python-Markdown's own limit), or None."""
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        if depth > limit:
            return element
        stack.extend((child, depth + 1) for child in element)
    return None


def deep_line(body: str, first_line: int, levels: int) -> int | None:
    """The line of BODY (which starts at FIRST_LINE) first indented or quoted more than
    LEVELS deep: where Python-Markdown's recursion gave up."""
    for index, line in enumerate(body.splitlines()):
        lead = re.match(r"[ \t>]*", line.expandtabs(4)).group(0)
        if len(lead.replace(">", "    ")) // 4 > levels:
            return first_line + index
    return None


class _Scanner(HTMLParser):
    """Finds the first dangerous tag or attribute of a fragment (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: str | None = None
        self.tags: list[tuple[str, list[tuple[str, str | None]], bool]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self._start(tag, attrs, False)

    def handle_startendtag(self, tag, attrs) -> None:
        self._start(tag, attrs, True)

    def handle_endtag(self, tag) -> None:
        if self.found is None and tag in DANGEROUS_TAGS:
            self.found = f"</{tag}"

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        self.tags.append((tag, attrs, closed))
        if self.found is None and tag in DANGEROUS_TAGS:
            self.found = f"<{tag}"
        for name, value in attrs:
            if self.found is None and not attribute_ok(tag, name, value):
                self.found = f'{name}="{(value or "")[:40]}"' if name in LINK_ATTRIBUTES \
                    else name


def _scan(fragment: str) -> _Scanner:
    scanner = _Scanner()
    scanner.feed(fragment)
    scanner.close()
    return scanner


def _first_active(fragment: str) -> str | None:
    return _scan(fragment).found


def _clean_tag(fragment: str) -> str:
    """One start tag rebuilt from its harmless attributes (values decoded, then escaped)."""
    scanned = _scan(fragment).tags
    if not scanned:
        return ""
    tag, attrs, closed = scanned[0]
    kept = "".join(f' {name}="{html.escape(value, quote=True)}"' if value is not None
                   else f" {name}" for name, value in attrs if attribute_ok(tag, name, value))
    return f"<{tag}{kept}{' /' if closed else ''}>"
