"""Chapters' parses kept in the build cache, so that a build parses only the chapters whose
key (source/memory.py) changed: after a one-paragraph edit, one chapter, not the whole book.

A parse is kept pickled, as a blob named by its hash, under an entry "parse-<key>". Pickles can
run code when read, and a cache folder may come from elsewhere (a copied project, a shared
drive): so a kept parse is read back only through an unpickler that builds nothing but the
document model's own dataclasses, the parse's record and paths. Anything else in it, or a blob
that cannot be read, counts as not kept: the chapter is parsed again.
"""

from __future__ import annotations

import dataclasses
import io
import pickle
from collections.abc import Iterable
from pathlib import Path

from handbook.build.cache import Cache, digest

ALLOWED_MODULES = ("handbook.model", "handbook.errors", "handbook.source.rereading")
ALLOWED_PATHS = {("pathlib", "PosixPath"), ("pathlib", "WindowsPath"),
                 ("pathlib", "PurePosixPath"), ("pathlib", "PureWindowsPath")}


class ParseCache:
    """source.memory.ParseMemory over the build cache; BASE is the hash of every project file
    other than the chapters, and of the tool (inputs.Inputs.without)."""

    def __init__(self, store: Cache, inputs):
        self.store, self.inputs = store, inputs

    def base(self, chapters: Iterable[Path]) -> str | None:
        if not self.store.enabled or self.inputs is None:
            return None
        return digest("parse", self.inputs.without(set(chapters)))

    def get(self, key: str) -> object | None:
        entry = self.store.entry("parse", key)
        data = self.store.get(entry["blobs"].get("parse", "")) if entry else None
        return safe_loads(data) if data is not None else None

    def put(self, key: str, parsed: object) -> None:
        try:
            data = pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return  # something in it does not pickle: parsed again next time
        self.store.store("parse", key, {}, {"parse": data})


def safe_loads(data: bytes) -> object | None:
    """The object pickled in DATA if it is made of allowed classes only, else None."""
    try:
        return _ModelUnpickler(io.BytesIO(data)).load()
    except Exception:  # damaged or foreign: any error at all means "not kept"
        return None


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) in ALLOWED_PATHS:
            return super().find_class(module, name)
        if module in ALLOWED_MODULES:
            found = super().find_class(module, name)
            if isinstance(found, type) and dataclasses.is_dataclass(found):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a parse")
