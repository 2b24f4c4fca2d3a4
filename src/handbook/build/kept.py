"""Chapters' parses and slide plans kept in the build cache, so that a build parses and plans
only the chapters whose key changed (source/memory.py, slides/keeping.py): after a
one-paragraph edit, one chapter, not the whole book.

Each is kept pickled, as a blob named by its hash, under an entry "<kind>-<key>". Pickles can
run code when read, and a cache folder may come from elsewhere (a copied project, a shared
drive): so a kept object is read back only through an unpickler that builds nothing but the
document model's and the slide plan's own dataclasses, and paths. Anything else in it, or a
blob that cannot be read, counts as not kept: the chapter is parsed or planned again.
"""

from __future__ import annotations

import dataclasses
import io
import pickle
from collections.abc import Iterable
from pathlib import Path

from handbook.build.cache import Cache, digest

ALLOWED_MODULES = ("handbook.model", "handbook.errors", "handbook.source.rereading",
                   "handbook.slides.spec", "handbook.slides.pieces", "handbook.slides.geometry")
ALLOWED_CLASSES = {("pathlib", "PosixPath"), ("pathlib", "WindowsPath"),
                   ("pathlib", "PurePosixPath"), ("pathlib", "PureWindowsPath"),
                   ("handbook.errors", "Problem")}  # a parse's warnings, dataclass or not


class Kept:
    """Objects of one KIND kept in STORE by key."""

    kind = ""

    def __init__(self, store: Cache):
        self.store = store

    def get(self, key: str) -> object | None:
        entry = self.store.entry(self.kind, key)
        data = self.store.get(entry["blobs"].get(self.kind, "")) if entry else None
        return safe_loads(data) if data is not None else None

    def put(self, key: str, value: object) -> None:
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return  # something in it does not pickle: made again next time
        self.store.store(self.kind, key, {}, {self.kind: data})


class ParseCache(Kept):
    """source.memory.ParseMemory: BASE is the hash of the tool and of every project file
    other than the chapters (inputs.Inputs.without)."""

    kind = "parse"

    def __init__(self, store: Cache, inputs):
        super().__init__(store)
        self.inputs = inputs

    def base(self, chapters: Iterable[Path]) -> str | None:
        if not self.store.enabled or self.inputs is None:
            return None
        return digest("parse", self.inputs.without(set(chapters)))


class PlanCache(Kept):
    """slides.keeping.PlanMemory; OTHERS is the decks' hash of the tool and of every project
    file other than the chapters (the slide template among them)."""

    kind = "plan"

    def __init__(self, store: Cache, others: str):
        super().__init__(store)
        self.base = digest("plan", others)


def safe_loads(data: bytes) -> object | None:
    """The object pickled in DATA if it is made of allowed classes only, else None."""
    try:
        return _ModelUnpickler(io.BytesIO(data)).load()
    except Exception:  # damaged or foreign: any error at all means "not kept"
        return None


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) in ALLOWED_CLASSES:
            return super().find_class(module, name)
        if module in ALLOWED_MODULES:
            found = super().find_class(module, name)
            if isinstance(found, type) and dataclasses.is_dataclass(found):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a parse or a plan")
