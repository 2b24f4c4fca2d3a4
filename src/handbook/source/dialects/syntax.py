"""Which tool a chapter was written for, and the project data its syntax refers to.

A handbook project needs none of this. A Quarto book's chapters use shortcodes that read
`_variables.yml` and the project's metadata, includes and root-relative paths; an MkDocs
site's use the `markdown_extensions` its `mkdocs.yml` lists, snippets and icon shortcodes.
`source/projects` fills it in from the project file; the dialect preprocessors read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Syntax:
    tool: str = "handbook"  # "quarto" or "mkdocs" when the project is one of theirs
    root: Path | None = None  # the project folder: includes and snippets stay inside it
    site_root: Path | None = None  # where a path starting with "/" starts
    variables: dict[str, Any] = field(default_factory=dict)  # Quarto's _variables.yml
    metadata: dict[str, Any] = field(default_factory=dict)  # _quarto.yml and _metadata.yml
    extensions: frozenset[str] = frozenset()  # the names in mkdocs.yml's markdown_extensions
    snippet_bases: tuple[Path, ...] = ()  # where `--8<-- "file"` looks, first match wins
    icon_sets: tuple[str, ...] = ()  # the site's own icons (`custom_icons`) beside Material's
    freeze: Path | None = None  # Quarto's _freeze/ folder: the outputs of cells run earlier
    # every chapter's labels (`{#sec-x}`, `{#fig-x}`): label → (its id in the book, its name)
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def quarto(self) -> bool:
        return self.tool == "quarto"

    @property
    def mkdocs(self) -> bool:
        return self.tool == "mkdocs"
