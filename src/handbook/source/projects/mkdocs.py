"""An MkDocs site (Material or not): `nav` in order, its sections as parts, `docs_dir`,
`site_name`, `copyright`, and the `markdown_extensions` that say which syntax pages use."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from handbook.errors import Collector
from handbook.source.dialects.syntax import Syntax
from handbook.source.paths import inside
from handbook.source.projects import yamlfile
from handbook.source.projects.layout import (
    ChapterFile,
    Layout,
    chapter_files,
    listed_file,
    stem_of,
)


def docs_dir(root: Path, config: Path, data: dict | None = None) -> Path:
    """The folder pages live in (`docs_dir`, default docs/), relative to mkdocs.yml."""
    if data is None:
        try:
            data = yamlfile.parse(config.read_text(encoding="utf-8")) or {}
        except Exception:  # reported when the project is opened
            data = {}
    name = data.get("docs_dir") if isinstance(data, dict) else None
    return (config.parent / (name if isinstance(name, str) else "docs")).resolve()


class _Nav:
    """Reads `nav`: pages in order, each top-level section a part (deeper ones flattened)."""

    def __init__(self, root: Path, docs: Path, config: Path, problems: Collector):
        self.root, self.docs, self.config, self.problems = root, docs, config, problems
        self.chapters: list[ChapterFile] = []

    def items(self, items: Any, part: str | None = None, depth: int = 0) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                for title, value in item.items():
                    if isinstance(value, list):
                        self.items(value, str(title) if depth == 0 else part, depth + 1)
                    else:
                        self.page(value, part)
            else:
                self.page(item, part)

    def page(self, name: Any, part: str | None) -> None:
        if not isinstance(name, str) or re.match(r"^[a-z][a-z0-9+.-]*:", name, re.I):
            return  # an external link in the menu, not a page
        line = yamlfile.line_of(self.config, name)
        path = listed_file((self.docs / name.lstrip("/")).resolve(), self.root,
                           f"nav page '{name}'",
                           f" in {self.docs.relative_to(self.root).as_posix() or '.'}/",
                           self.config, line, self.problems)
        if path is not None and all(c.path != path for c in self.chapters):
            self.chapters.append(ChapterFile(path, stem_of(path, self.docs), part))


def open_mkdocs(root: Path, config: Path, problems: Collector) -> Layout:
    data = yamlfile.read(config, root, problems)
    docs = docs_dir(root, config, data)
    if not inside(docs, root):
        problems.error(config, yamlfile.line_of(config, "docs_dir"), "docs_dir is outside the "
                       "project folder")
        docs = root / "docs"
    nav = _Nav(root, docs, config, problems)
    if data.get("nav"):
        nav.items(data["nav"])
    else:  # no nav: every page, as MkDocs orders them (index first, folders as sections)
        for path in chapter_files(docs, (".md", ".markdown")):
            relative = path.relative_to(docs)
            part = relative.parts[0].replace("_", " ").replace("-", " ").capitalize() \
                if len(relative.parts) > 1 else None
            nav.chapters.append(ChapterFile(path, stem_of(path, docs), part))
    extensions = extension_names(data.get("markdown_extensions"))
    syntax = Syntax("mkdocs", root, docs, extensions=frozenset(extensions),
                    snippet_bases=_snippet_bases(root, data.get("markdown_extensions")),
                    icon_sets=_icon_sets(root, data.get("markdown_extensions")))
    return Layout("mkdocs", root, docs, tuple(nav.chapters), config, site_meta(data), syntax,
                  (root,))


def extension_names(value: Any) -> list[str]:
    """`markdown_extensions` as names: a list of names or of {name: options}, or a mapping."""
    if isinstance(value, dict):
        return [str(k) for k in value]
    names = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            names.extend(str(k) for k in item)
    return names


def _options(value: Any, name: str) -> dict:
    items = value.items() if isinstance(value, dict) else \
        [kv for item in value or [] if isinstance(item, dict) for kv in item.items()]
    return next((v for k, v in items if k == name and isinstance(v, dict)), {})


def _snippet_bases(root: Path, extensions: Any) -> tuple[Path, ...]:
    bases = _options(extensions, "pymdownx.snippets").get("base_path", ["."])
    bases = [bases] if isinstance(bases, str) else bases if isinstance(bases, list) else ["."]
    return tuple(p for p in ((root / str(b)).resolve() for b in bases) if inside(p, root))


def _icon_sets(root: Path, extensions: Any) -> tuple[str, ...]:
    """The names of the project's own icon sets (`:custom-orcid:`): the folders inside
    pymdownx.emoji's `options.custom_icons` folders."""
    options = _options(extensions, "pymdownx.emoji").get("options")
    folders = options.get("custom_icons") if isinstance(options, dict) else None
    found = []
    for name in folders if isinstance(folders, list) else []:
        folder = (root / str(name)).resolve()
        if inside(folder, root) and folder.is_dir():
            found.extend(sorted(p.name for p in folder.iterdir() if p.is_dir()))
    return tuple(dict.fromkeys(found))


def site_meta(data: dict) -> dict[str, Any]:
    """BookMeta values from `site_name`, `site_description`, `site_author` and `copyright`."""
    meta: dict[str, Any] = {}
    for ours, theirs in (("title", "site_name"), ("subtitle", "site_description"),
                         ("author", "site_author"), ("copyright", "copyright")):
        value = data.get(theirs)
        if isinstance(value, str) and value.strip():
            meta[ours] = plain_text(value)
    return meta


def plain_text(value: str) -> str:
    """Text from a value that may hold HTML (`Copyright &copy; 2024 <a href=…>…</a>`); a link
    that only works on the site (`<a href="#__consent">Cookie settings</a>`) is left out."""
    text = re.sub(r"<a\b[^>]*href=[\"']?#[^>]*>.*?</a>", "", value, flags=re.S | re.I)
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(html.unescape(text).split()).rstrip(" -–|")
