"""Cross-references and roles: MyST `{numref}`label`` / `{ref}`label``, Quarto `@fig-x`.

Each reference becomes `<a class="xref" href="#LABEL">` in the tree (LABEL as written; the
print tree's links are made book-wide later, `source/anchors`). Its text is the target's
title when the chapter has it (a heading's text, a figure's caption), else the label. Other
MyST roles keep their text; an unknown one is reported.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

ROLE = r"(?<![\w$`{])\{(?P<role>[A-Za-z][\w:-]*)\}`(?P<body>[^`]+)`"  # not `${var}`
QUARTO_REF = r"(?<![\w.@])-?@(?P<label>(?:fig|tbl|sec|eq|lst|exm|exr|thm|lem|def|cor|prp)-[\w-]*\w)"
XREF_ROLES = {"ref", "numref", "eq", "doc", "any", "prf:ref", "label"}
TEXT_ROLES = {"term", "abbr", "download", "command", "kbd", "file", "guilabel", "program",
              "sub", "sup", "del", "u", "sc", "samp", "code", "dfn", "index", "cite", "math"}
# Pandoc: no space inside the dollars, the closing one not followed by a digit; not after a
# letter either, so that "US$25" never opens a formula
DOLLAR_MATH = r"(?<![\\$\w])\$(?=[^\s$])(?P<tex>(?:\\.|[^$\n\\])+?)(?<=\S)\$(?![\d$])"
_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<label>[^<>]+)>$", re.S)

Report = Callable[[object, str], None]


def xref(label: str, text: str | None = None) -> etree.Element:
    link = etree.Element("a", {"class": "xref", "href": f"#{label}"})
    link.text = text or label
    if not text:
        link.set("data-label", label)  # its text is filled from the target, if found
    return link


class RoleProcessor(InlineProcessor):
    def __init__(self, pattern: str, report: Report):
        super().__init__(pattern)
        self.report = report

    def handleMatch(self, m, data):
        role, body = m.group("role").lower(), m.group("body")
        target = _TARGET.match(body)
        text, label = (target["text"], target["label"]) if target else (None, body.strip())
        if role in XREF_ROLES:
            if role == "doc":
                return _doc(label, text), m.start(0), m.end(0)
            shown = text.replace("%s", label) if text and "{number}" not in text else text
            link = xref(label.lstrip("#"), shown)
            if role == "numref" and text and ("%s" in text or "{number}" in text):
                link.set("data-numref", text)  # "Fig. %s": the number is filled in by numbering
            return link, m.start(0), m.end(0)
        if role == "math":
            return math_span(body), m.start(0), m.end(0)
        if role not in TEXT_ROLES:
            self.report(m.group(0), f"MyST role '{{{role}}}' is not one handbook knows; "
                        "printed as its text")
        element = etree.Element("code" if role in ("code", "samp", "command") else "span")
        element.text = text or body
        return element, m.start(0), m.end(0)


def _doc(path: str, text: str | None) -> etree.Element:
    link = etree.Element("a", {"href": path if path.endswith(".md") else f"{path}.md"})
    link.text = text or path.rsplit("/", 1)[-1]
    return link


def math_span(tex: str) -> etree.Element:
    """What Arithmatex makes of `\\(…\\)`: the TeX, kept from further inline parsing."""
    from markdown.util import AtomicString

    span = etree.Element("span", {"class": "arithmatex"})
    span.text = AtomicString(f"\\({tex}\\)")
    return span


class DollarMathProcessor(InlineProcessor):
    def handleMatch(self, m, data):
        return math_span(m.group("tex")), m.start(0), m.end(0)


class QuartoRefProcessor(InlineProcessor):
    def handleMatch(self, m, data):
        return xref(m.group("label")), m.start(0), m.end(0)


class XrefTitles(Treeprocessor):
    """Name each reference after its target: a heading's text, a figure's caption."""

    def run(self, root: etree.Element) -> None:
        titles: dict[str, str] = {}
        for element in root.iter():
            ident = element.get("id")
            if not ident:
                continue
            if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                titles[ident] = "".join(element.itertext()).strip()
            elif element.tag == "img":
                titles[ident] = element.get("title") or element.get("alt") or ident
        for link in root.iter("a"):
            label = link.attrib.pop("data-label", None)
            if label and titles.get(label):
                link.text = titles[label]
