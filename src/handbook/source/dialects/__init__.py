"""Other tools' Markdown, read as handbook's: the dialect preprocessors and their extension.

`DialectExtension` runs before Python-Markdown's block parser (after its whitespace
normalisation, priority 30, and before SuperFences' fenced code, 25): list indentation as
CommonMark has it (`lists`), then boxes of every dialect rewritten as PyMdown Blocks
(`containers`, `myst`). Each problem is reported with its line of the chapter.
"""

from __future__ import annotations

from collections.abc import Callable

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


class DialectExtension(Extension):
    """REPORT(line, message) hears each construct that could not be kept as written; lines
    count from FIRST_LINE (the body's first line in the chapter file)."""

    def __init__(self, report: Report | None = None, first_line: int = 1, **kwargs):
        self.report = report or (lambda line, message: None)
        self.first_line = first_line
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.register(_Boxes(md, self.report, self.first_line), "handbook-boxes", 28)
        md.preprocessors.register(_Lists(md), "handbook-lists", 27)
        # before "backtick" (190): a role's `text` is not code
        md.inlinePatterns.register(RoleProcessor(ROLE, self.report), "handbook-roles", 195)
        md.inlinePatterns.register(QuartoRefProcessor(QUARTO_REF), "handbook-quarto-refs", 180)
        # after "backtick" (190) and "image_link" (150): a `$` in code or alt text is no
        # formula; before emphasis, whose * and _ a formula often has
        md.inlinePatterns.register(DollarMathProcessor(DOLLAR_MATH), "handbook-math", 145)
        # after "toc" (5) gave headings their ids, before the tree is captured (-10)
        md.treeprocessors.register(XrefTitles(md), "handbook-xref-titles", -5)
