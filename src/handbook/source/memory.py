"""A chapter's parse kept between builds: the key of everything it depends on, and the
protocol of what keeps it (build/kept.py keeps it in the build cache).

A chapter's parse depends on its own text; on what every chapter's parse depends on (the
project's layout, handbook.toml, the chapter list and order: `Sources.shape`); on the labels
and glossary terms known at its place in the load order; on every chapter's slug (its links);
and on the project's other files (its images, included files, the tool itself), which the
keeper sums up as a BASE hash. A chapter that may include another file by name (Quarto's
includes, MkDocs' snippets) also depends on every chapter's text. Nothing else reaches a
chapter's parse, so an equal key gives the same chapter and the same problems.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

INCLUDE = re.compile(r"\{\{<\s*include\b|--8<--")  # Quarto's includes, MkDocs' snippets


class ParseMemory(Protocol):
    def base(self, chapters: Iterable[Path]) -> str | None:
        """The hash of what reaches a parse other than chapter texts (None: keep nothing)."""

    def get(self, key: str) -> object | None:
        """The parse (rereading.Parsed) kept under KEY, if any and sound."""

    def put(self, key: str, parsed: object) -> None:
        """Keep PARSED under KEY (if the build succeeds)."""


def chapter_key(base: str, shape: str, path: Path, text: str, labels: dict,
                terms: Iterable[tuple[str, str]], slugs: dict, texts: dict[Path, str]) -> str:
    """The key of the parse of chapter PATH of text TEXT: BASE, SHAPE (`stable` of the
    sources' shape) and what is known at its place (LABELS, TERMS, SLUGS, and TEXTS if it may
    include a file)."""
    parts = [base, shape, str(path), text, stable(labels), stable(list(terms)), stable(slugs)]
    if INCLUDE.search(text):
        parts.append(stable(texts))
    return digest(*parts)


def digest(*parts: str) -> str:
    """SHA-256 over PARTS, each length-prefixed, as build.cache.digest makes it (for keys
    made where build/ may not be imported: here and in slides/keeping.py)."""
    sha = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogateescape")
        sha.update(len(data).to_bytes(8, "big"))
        sha.update(data)
    return sha.hexdigest()


def stable(value: object) -> str:
    """repr(VALUE), the same in every process: a set's items sorted (their order follows
    string hashes, which differ from one process to the next), dataclasses field by field."""
    if isinstance(value, set | frozenset):
        return f"{{{', '.join(sorted(stable(v) for v in value))}}}"
    if isinstance(value, dict):
        return f"{{{', '.join(f'{stable(k)}: {stable(v)}' for k, v in value.items())}}}"
    if isinstance(value, list | tuple):
        return f"{type(value).__name__}({', '.join(stable(v) for v in value)})"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = (f"{f.name}={stable(getattr(value, f.name))}"
                  for f in dataclasses.fields(value))
        return f"{type(value).__name__}({', '.join(fields)})"
    return repr(value)
