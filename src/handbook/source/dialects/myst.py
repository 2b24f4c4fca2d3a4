"""MyST (Jupyter Book) directives: boxes, figures, images and code, as handbook knows them.

Called by the scanner in `containers.py` with the directive's name, argument and body lines.
What a directive becomes:
- `{note}`, `{tip}`, `{warning}`, … and `{admonition} Title` (`:class: tip`): a callout;
- `{figure} path` (`:name:`, `:alt:`, caption below) and `{image} path`: an image, with its id;
- `{code-cell} python`, `{code-block}`, `{code}`: fenced code; `{math}`: a display formula;
- `{toctree}`, `{tableofcontents}`: left out (the book has its own contents), with a warning;
- anything else: its content in a plain box, with a warning.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from handbook.source.dialects.attributes import directive_options
from handbook.source.dialects.kinds import kind_of

if TYPE_CHECKING:
    from handbook.source.dialects.containers import Box, Line, Scanner

DIRECTIVE = re.compile(r"^\{(?P<name>[A-Za-z][\w:.-]*)\}(?P<arg>.*)$")
TITLED = {"admonition", "exercise", "solution", "dropdown", "topic", "sidebar", "margin",
          "tab-item", "card", "proof", "theorem", "definition", "example", "prf:proof"}
CODE = {"code-cell", "code-block", "code", "sourcecode", "ipython", "jupyter-execute"}
DROPPED = {"toctree", "tableofcontents", "bibliography", "glossary-index", "contents"}
TRANSPARENT = {"tab-set", "grid", "grid-item", "div", "container", "only", "raw"}


def directive(name: str, arg: str, body: list[Line], number: int,
              scanner: Scanner) -> list[str | Box]:
    from handbook.source.dialects.containers import Box

    name = name.lower().removeprefix("prf:")
    options, used = directive_options([text for _, text in body])
    content = body[used:]
    if name in CODE:
        return _code(arg, content)
    if name == "math":
        return ["", "$$", *(text for _, text in content), "$$", ""]
    if name in ("figure", "image"):
        return _figure(arg, options, content, name == "figure")
    if name in DROPPED:
        scanner.report(number, f"MyST directive '{{{name}}}' left out: the book makes its own "
                       "contents and references")
        return []
    attrs = {"id": options["name"]} if options.get("name") else {}
    children = scanner.parse(content)
    if name in TRANSPARENT:
        return [Box(None, attrs=attrs, children=children)]
    kind = _kind(name, options)
    if kind is None:
        scanner.report(number, f"MyST directive '{{{name}}}' is not one handbook knows; its "
                       "content is printed in a plain note box")
        return [Box("note", arg or None, attrs, children)]
    if name in TITLED or name == "admonition":
        return [Box(kind, arg or None, attrs, children)]
    if arg:  # `{note} text`: the argument is the box's first line
        children = [arg, "", *children]
    return [Box(kind, None, attrs, children)]


def _kind(name: str, options: dict[str, str]) -> str | None:
    if name == "admonition":
        for word in options.get("class", "").split():
            if kind_of(word):
                return kind_of(word)
        return "note"
    if name in ("tab-item", "card"):
        return "note"
    return kind_of(name)


def _code(language: str, content: list[Line]) -> list[str]:
    fence = "`" * max(3, 1 + max((len(m.group(0)) for _, t in content
                                  for m in re.finditer(r"`{3,}", t)), default=0))
    return ["", f"{fence}{language.split()[0] if language else ''}",
            *(text for _, text in content), fence, ""]


def _figure(path: str, options: dict[str, str], content: list[Line], figure: bool) -> list[str]:
    """`![alt](path "caption"){: #name }`, and a figure's legend (after its caption) below."""
    paragraphs = "\n".join(text for _, text in content).strip().split("\n\n")
    caption = " ".join(paragraphs[0].split()) if figure and paragraphs[0] else ""
    legend = paragraphs[1:] if figure else []
    alt = options.get("alt") or caption or path.rsplit("/", 1)[-1]
    title = f' "{caption.replace(chr(34), chr(8221))}"' if caption else ""
    ident = f"{{: #{options['name']} }}" if options.get("name") else ""
    return ["", f"![{_escape_brackets(alt)}]({path.strip()}{title}){ident}", "",
            *(line for paragraph in legend for line in (paragraph, ""))]


def _escape_brackets(text: str) -> str:
    return text.replace("[", r"\[").replace("]", r"\]")
