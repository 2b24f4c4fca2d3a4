"""Quarto's executable cells (```` ```{python} ````, ```` ```{r label, echo=FALSE} ````), shown
as code and never run.

A cell becomes a plain fence in its language without its `#|` option lines; `include: false`
leaves it out, `echo: false` keeps only its output, `filename:` becomes the code's title.
Outputs come from the project's `_freeze/` folder where Quarto left them (matched by the
cell's code, else in order); the cells whose outputs are missing are named in one warning a
chapter. Diagram cells (`{mermaid}`, `{dot}`) stay as readable code, each with a warning.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handbook.source.paths import MAX_FILE, Refused, project_file, read_text
from handbook.source.projects.yamlfile import parse

CELL = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*\{(?P<engine>[A-Za-z][\w-]*)"
                  r"(?P<rest>[^}]*)\}\s*$")
SHOWN_CELL = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*\{\{(?P<head>[^{}]*)\}\}\s*$")
OPTION = re.compile(r"^\s*(?:#|//|--|%%)\|\s?(?P<option>.*)$")
ENGINES = {"python", "r", "julia", "ojs", "bash", "sh", "sql", "observable", "stata", "sas",
           "matlab", "octave", "javascript", "js", "rcpp", "cpp", "c", "fortran", "perl",
           "ruby", "powershell", "node", "python3", "ipython", "scala", "rust", "go", "lua"}
DIAGRAMS = {"mermaid", "dot", "graphviz", "plantuml"}
FALSE = {"false", "no", "0", "FALSE", "F"}

Report = Callable[[int, str], None]


def is_cell(line: str) -> bool:
    match = CELL.match(line)
    return SHOWN_CELL.match(line) is not None or (
        match is not None and match["engine"].lower() in ENGINES | DIAGRAMS)


def shown_cell(lines: list[str]) -> list[str]:
    """```` ```{{r}} ```` is Quarto's way to show a cell as written: its fences, options
    and code, as Markdown code."""
    match = SHOWN_CELL.match(lines[0])
    assert match is not None
    body = [f"{match['fence']}{{{match['head']}}}", *lines[1:-1], match["fence"]]
    fence = "`" * (1 + max(len(m) for line in body for m in re.findall(r"`{3,}", line)))
    return ["", f"{fence}markdown", *body, fence, ""]


@dataclass
class Frozen:
    """The outputs Quarto stored for one chapter: each cell's code and output Markdown."""

    cells: list[tuple[str, list[str]]] = field(default_factory=list)

    def take(self, code: str) -> list[str] | None:
        """The output lines of the stored cell with CODE (or the next code-less one)."""
        wanted = _normal(code)
        for index, (stored, output) in enumerate(self.cells):
            if (stored and _normal(stored) == wanted) or (not stored and not wanted):
                del self.cells[index]
                return output
        return None


def _normal(code: str) -> str:
    return "\n".join(line.rstrip() for line in code.strip().splitlines())


def frozen_for(chapter: Path, root: Path | None, freeze: Path | None) -> Frozen:
    """The _freeze/ outputs of CHAPTER (a file of the project at ROOT), if Quarto left any."""
    if root is None or freeze is None:
        return Frozen()
    relative = chapter.resolve().relative_to(root.resolve()).with_suffix("")
    folder = freeze / relative
    results = sorted((folder / "execute-results").glob("*.json"))
    if not results:
        return Frozen()
    try:
        text = read_text(project_file(root, results[0], limit=MAX_FILE), MAX_FILE)
        markdown = json.loads(text)["result"]["markdown"]
    except (Refused, ValueError, KeyError, TypeError):
        return Frozen()
    stored = f"/{freeze.relative_to(root.resolve()).as_posix()}/{relative.as_posix()}/"
    markdown = re.sub(rf"(?<=[(\"'])(?:\./)?{re.escape(relative.name)}_files/", stored,
                      str(markdown))
    return Frozen(_stored_cells(markdown.splitlines()))


def _stored_cells(lines: list[str]) -> list[tuple[str, list[str]]]:
    """(code, output lines) of each `::: {.cell}` in Quarto's rendered Markdown."""
    cells, index = [], 0
    while index < len(lines):
        if re.match(r"^:{3,}\s*\{[^}]*\.cell[\s}]", lines[index]):
            end = _div_end(lines, index)
            cells.append(_split_cell(lines[index + 1:end]))
            index = end
        index += 1
    return cells


def _div_end(lines: list[str], index: int) -> int:
    depth = 0
    for position in range(index, len(lines)):
        text = lines[position].strip()
        if re.match(r"^:{3,}\s*[^:\s]", text):
            depth += 1
        elif re.match(r"^:{3,}$", text):
            depth -= 1
            if depth == 0:
                return position
    return len(lines)


def _split_cell(body: list[str]) -> tuple[str, list[str]]:
    """The code of a stored cell, and its outputs: printed text as `output` code (which
    goes into a slide's notes), figures and tables as Markdown."""
    code: list[str] = []
    output: list[str] = []
    index, printed = 0, False
    while index < len(body):
        if re.match(r"^:{3,}\s*\{", body[index]):
            printed = ".cell-output-display" not in body[index]
        elif printed and re.fullmatch(r"`{3,}\s*", body[index]):
            fence = body[index].strip()
            end = next((i for i in range(index + 1, len(body)) if body[i].strip() == fence),
                       len(body))
            output.extend([f"{fence}output", *body[index + 1:end], fence])
            index = end + 1
            continue
        fence = re.match(r"^(`{3,})\s*\{[^}]*\.cell-code", body[index])
        if fence:
            end = next((i for i in range(index + 1, len(body))
                        if body[i].strip() == fence.group(1)), len(body))
            code.extend(body[index + 1:end])
            index = end + 1
            continue
        output.append(body[index])
        index += 1
    return "\n".join(code), output


@dataclass
class Cells:
    """Rewrites one chapter's cells; `missing` lists those whose output is not in the book."""

    frozen: Frozen
    report: Report
    missing: list[tuple[int, str]] = field(default_factory=list)

    def rewrite(self, lines: list[str], number: int) -> list[str]:
        """LINES[0] opens a cell, LINES[-1] closes it (NUMBER is the first one's line)."""
        if SHOWN_CELL.match(lines[0]):
            return shown_cell(lines)
        match = CELL.match(lines[0])
        assert match is not None
        engine, fence = match["engine"].lower(), match["fence"]
        body = lines[1:-1]
        options_text = [m["option"] for m in (OPTION.match(b) for b in body) if m]
        code = [b for b in body if not OPTION.match(b)]
        options = _options(options_text, match["rest"])
        while code and not code[0].strip():
            code.pop(0)
        source = "\n".join(code)
        title = options.get("filename")
        head = f"{fence}{engine}" + \
            (f' title="{_quoted(title)}"' if title else "")
        shown = ["", head, *code, fence, ""]
        label = str(options.get("label") or "")
        if re.match(r"(fig|tbl)-", label):  # what @fig-x refers to: the code, captioned
            caption = str(options.get("fig-cap") or options.get("tbl-cap") or "")
            shown = ["", f"::: {{#{label}}}", *shown, caption, ":::", ""]
        if engine in DIAGRAMS:
            self.report(number, f"a {engine} diagram is printed as its code: handbook does not "
                        "draw diagrams")
            return shown
        if _no(options.get("include")):
            return []
        if not source.strip() and options.get("ref-label"):  # knitr copies other cells in
            name = f"'{label}' " if label else ""
            self.report(number, f"code cell {name}repeats other cells' code (ref-label), "
                        "which only knitr can gather; left out")
            return []
        output = None if _no(options.get("eval")) or _no(options.get("output")) else \
            self.frozen.take(source) if not _no(options.get("echo")) else self.frozen.take("")
        if output is None and not _no(options.get("eval")) and not _no(options.get("output")):
            self.missing.append((number, label))
        if output is not None and label.startswith(("fig-", "tbl-")):
            shown = ["", head, *code, fence, ""]  # the stored output carries the label
        result = [] if _no(options.get("echo")) else shown
        return result + (["", *output, ""] if output else [])

    def warn_missing(self) -> None:
        if not self.missing:
            return
        where = ", ".join(f"{label} (line {line})" if label else f"line {line}"
                          for line, label in self.missing[:8])
        more = f" and {len(self.missing) - 8} more" if len(self.missing) > 8 else ""
        self.report(self.missing[0][0], f"handbook runs no code: the output of "
                    f"{len(self.missing)} code cell(s) is not in the book ({where}{more}); "
                    "render the project once with Quarto's `freeze: true` to include the "
                    "outputs it keeps in _freeze/")


def _options(lines: list[str], header: str) -> dict[str, Any]:
    """`#|` YAML options, and knitr's `{r label, echo=FALSE}` header options."""
    options: dict[str, Any] = {}
    words = [w.strip() for w in header.strip().lstrip(",").split(",") if w.strip()]
    for index, word in enumerate(words):
        if "=" in word:
            key, value = word.split("=", 1)
            options[key.strip().replace(".", "-")] = value.strip().strip("\"'")
        elif index == 0:
            options["label"] = word
    try:
        data = parse("\n".join(lines)) if lines else None
    except Exception:
        data = None
    if isinstance(data, dict):
        options.update({str(k): v for k, v in data.items()})
    return options


def _no(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip() in FALSE)


def _quoted(value: Any) -> str:
    return str(value).replace('"', "'")
