"""What the patches stand in for, and a check that it is still the code they were checked against.

Each patch replaces a function of a dependency with a faster one that gives the same bytes. An
upgrade may change that function; then the patch is skipped (the build stays correct, only
slower) and `tests/test_patches.py` fails, naming the function. To re-check after an upgrade:
read the new code of each function named, adapt the patch if needed, run the tests (they compare
patched and unpatched outputs), then put the new fingerprints printed by
`python -m handbook.patches.guard` below and lift the upper bounds in pyproject.toml.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import inspect
import textwrap

# "module:qualified.name" → the first 16 hex digits of the SHA-256 of its source, as checked
CHECKED = {
    # pydyf 0.13 (WeasyPrint 70)
    "pydyf:PDF.page_references": "3175bae9885c0400",
    # python-pptx 1.0.2
    "pptx.opc.package:OpcPackage.next_partname": "12cf6d5abcc2b0ac",
    "pptx.package:Package.next_image_partname": "f37bcf19c3d7f475",
    "pptx.package:Package.get_or_add_image_part": "3e54cb44da3382eb",
    "pptx.package:_ImageParts.get_or_add_image_part": "88bc1691de975092",
    "pptx.package:_ImageParts._find_by_sha1": "d62fea402f74a1b8",
    "pptx.opc.package:_Relationships._rels_by_reltype": "26ced7806108f121",
    "pptx.opc.package:_Relationships._get_matching": "ce713b30447aa92c",
    "pptx.opc.package:_Relationships._add_relationship": "4f7594ed772cfd0e",
    "pptx.opc.package:_Relationships.pop": "5fbcd5a0b2d65e0e",
    "pptx.opc.package:_Relationships.load_from_xml": "ecf7b83d95d7b7cb",
    "pptx.opc.package:_Relationships.get_or_add": "3ec63d2f70ef8d9d",
    "pptx.opc.package:_Relationships.get_or_add_ext_rel": "a90bce692124fbf5",
    "pptx.opc.package:_Relationships.part_with_reltype": "6ac9d28b2534294d",
    "pptx.opc.serialized:_ZipPkgWriter.write": "4a71518224cd5569",
    "pptx.opc.serialized:_ZipPkgWriter._zipf": "074fe2eb7ff2b4bc",
}


def fingerprint(target: str) -> str | None:
    """The fingerprint of TARGET's source as installed now (None if it no longer exists)."""
    module_name, _, qualified = target.partition(":")
    try:
        found = importlib.import_module(module_name)
        for name in qualified.split("."):
            found = inspect.getattr_static(found, name)
        if isinstance(found, property):
            found = found.fget
        found = inspect.unwrap(found)  # a patched function names what it stands in for
        source = textwrap.dedent(inspect.getsource(found))
    except (ImportError, AttributeError, OSError, TypeError):
        return None
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


@functools.cache
def changed(prefix: str = "") -> tuple[str, ...]:
    """The targets starting with PREFIX whose installed code differs from what was checked."""
    return tuple(target for target, expected in CHECKED.items()
                 if target.startswith(prefix) and fingerprint(target) != expected)


if __name__ == "__main__":
    for target in CHECKED:
        print(f'    "{target}": "{fingerprint(target)}",')
