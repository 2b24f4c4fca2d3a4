"""Other tools' Markdown, read as handbook's: the dialect preprocessors and their extension.

`DialectExtension` runs before Python-Markdown's block parser (after its whitespace
normalisation, priority 30, and before SuperFences' fenced code, 25): first a Quarto or MkDocs
project's own syntax (`quarto`, `mkdocs`, as `syntax.Syntax` says the project is written),
then list indentation as CommonMark has it (`lists`), then boxes of every dialect rewritten as
PyMdown Blocks (`containers`, `myst`). Each problem is reported with its line of the chapter.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from handbook.source.dialects import lists
from handbook.source.dialects.containers import Scanner
from handbook.source.dialects.roles import (
    DOLLAR_MATH,
    QUARTO_REF,
    ROLE,
    DollarMathProcessor,
    QuartoRefProcessor,
    RoleProcessor,
    XrefTitles,
)
from handbook.source.dialects.syntax import Syntax

QUARTO_SUFFIXES = (".qmd", ".rmd")
# PyMdown Extensions a project's mkdocs.yml may list that handbook can print as they mean
MKDOCS_EXTRAS = ("pymdownx.mark", "pymdownx.caret", "pymdownx.smartsymbols",
                 "pymdownx.critic", "pymdownx.inlinehilite")

Report = Callable[[int | str | None, str], None]  # (line, or text to find it by; message)


class _Boxes(Preprocessor):
    def __init__(self, md: markdown.Markdown, report: Report, first_line: int):
        super().__init__(md)
        self.report, self.first_line = report, first_line

    def run(self, lines: list[str]) -> list[str]:
        return Scanner(self.report).rewrite(lines, self.first_line)


class _Lists(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return lists.normalise(lines)


class _Project(Preprocessor):
    """A Quarto or MkDocs project's syntax (`quarto.Quarto`, `mkdocs.MkDocs`)."""

    def __init__(self, md: markdown.Markdown, rewriter, first_line: int):
        super().__init__(md)
        self.rewriter, self.first_line = rewriter, first_line

    def run(self, lines: list[str]) -> list[str]:
        return self.rewriter.run(lines, self.first_line)


def uses_quarto(syntax: Syntax, chapter: Path | None) -> bool:
    return syntax.quarto or (chapter is not None and chapter.suffix.lower() in QUARTO_SUFFIXES)


def extensions_for(syntax: Syntax, chapter: Path | None) -> list[str]:
    """The Python-Markdown extensions a project's syntax needs beyond handbook's own."""
    if not (syntax.mkdocs or uses_quarto(syntax, chapter)):
        return []
    listed = [name for name in MKDOCS_EXTRAS if name in syntax.extensions]
    return ["pymdownx.keys", "pymdownx.emoji", *listed]


def extension_configs(syntax: Syntax, chapter: Path | None) -> dict[str, dict]:
    """Their settings: Pandoc's and Material's emoji codes (`:book:`) as the emoji itself."""
    if "pymdownx.emoji" not in extensions_for(syntax, chapter):
        return {}
    from pymdownx import emoji

    return {"pymdownx.emoji": {"emoji_index": emoji.gemoji, "emoji_generator": _character}}


def _character(index, shortname, alias, uc, alt, title, category, options, md) -> str:
    """An emoji as the character itself (text, so that the slides and notes keep it too)."""
    return alt


class DialectExtension(Extension):
    """REPORT(line, message) hears each construct that could not be kept as written; lines
    count from FIRST_LINE (the body's first line in the chapter file). SYNTAX says which
    tool's project CHAPTER belongs to; FRONT is its front matter (Quarto's `meta` reads it)."""

    def __init__(self, report: Report | None = None, first_line: int = 1,
                 syntax: Syntax | None = None, chapter: Path | None = None,
                 front: dict[str, Any] | None = None, **kwargs):
        self.report = report or (lambda line, message: None)
        self.first_line = first_line
        self.syntax, self.chapter, self.front = syntax or Syntax(), chapter, front or {}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        rewriter = None
        if uses_quarto(self.syntax, self.chapter):
            from handbook.source.dialects.quarto import Quarto

            rewriter = Quarto(self.syntax, self.chapter, self.front, self.report)
        elif self.syntax.mkdocs:
            from handbook.source.dialects.mkdocs import MkDocs

            rewriter = MkDocs(self.syntax, self.chapter, self.report)
        if rewriter is not None:
            md.preprocessors.register(_Project(md, rewriter, self.first_line),
                                      "handbook-project", 29)
            # Pandoc and PyMdown escape any ASCII punctuation with a backslash (`\~`)
            md.ESCAPED_CHARS.extend(c for c in string.punctuation if c not in md.ESCAPED_CHARS)
        md.preprocessors.register(_Boxes(md, self.report, self.first_line), "handbook-boxes", 28)
        if not self.syntax.mkdocs:  # MkDocs pages are written for Python-Markdown's indents
            md.preprocessors.register(_Lists(md), "handbook-lists", 27)
        # before "backtick" (190): a role's `text` is not code
        md.inlinePatterns.register(RoleProcessor(ROLE, self.report), "handbook-roles", 195)
        md.inlinePatterns.register(QuartoRefProcessor(QUARTO_REF), "handbook-quarto-refs", 180)
        # after "backtick" (190) and "image_link" (150): a `$` in code or alt text is no
        # formula; before emphasis, whose * and _ a formula often has
        md.inlinePatterns.register(DollarMathProcessor(DOLLAR_MATH), "handbook-math", 145)
        # after "toc" (5) gave headings their ids, before the tree is captured (-10)
        md.treeprocessors.register(XrefTitles(md), "handbook-xref-titles", -5)
        if self.syntax.labels:  # references to other chapters' labels
            from handbook.source.xrefs import ForeignRefs

            md.treeprocessors.register(ForeignRefs(md, self.syntax.labels),
                                       "handbook-foreign-refs", -6)
