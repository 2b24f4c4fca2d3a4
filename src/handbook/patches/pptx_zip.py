"""python-pptx writes each zip entry with the time of the save, so a deck saved twice differs;
handbook used to read every saved deck back and write it again with a fixed time (twice the
compression: a second or more for a course deck of 1,300 slides). `fixed_entry_times(when)`
makes python-pptx write each entry as that rewrite did, with the time WHEN and deflated, in
one pass: the same bytes.
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Iterator

from handbook.patches.guard import changed


@contextlib.contextmanager
def fixed_entry_times(when: tuple[int, ...]) -> Iterator[bool]:
    """Within the block, python-pptx saves entries dated WHEN; yields whether it does (False
    if its code is not what the patch was checked against: then rewrite the zip)."""
    if changed("pptx.opc.serialized"):
        yield False
        return
    from pptx.opc.serialized import _ZipPkgWriter

    def write(self, pack_uri, blob: bytes) -> None:
        """As python-pptx's, with a fixed time (a ZipInfo: no file mode, as a rewrite gives)."""
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=when)
        entry.compress_type = zipfile.ZIP_DEFLATED
        self._zipf.writestr(entry, blob)

    write.__wrapped__ = _ZipPkgWriter.write
    plain = _ZipPkgWriter.__dict__["write"]
    _ZipPkgWriter.write = write
    try:
        yield True
    finally:
        _ZipPkgWriter.write = plain
