"""Embedded fonts of a merged book: each font once, however many parts use it.

WeasyPrint embeds in every part a subset of each font it uses, named `/TAG+Family` (the tag
made from the font's description, so the same in every part) and made with *retained glyph
ids*: glyph N of a subset is glyph N of the font, or empty. The subsets of one font are
therefore merged glyph by glyph into one program (fontTools), with the union of the parts'
widths (/W) and Unicode maps (/ToUnicode), and every part's font dictionary is pointed at it.
A font whose subsets do not line up (other glyph orders) is left as the parts made it.
"""

from __future__ import annotations

import array
import io
import logging
import re
import struct
import sys

BFCHAR = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]*)>")


def share_fonts(out) -> None:
    """Merge, in OUT (a pikepdf.Pdf), the embedded subsets of each font into one."""
    header_log = logging.getLogger("fontTools.ttLib.tables._h_e_a_d")
    header_log.addFilter(_quiet)  # "'created' timestamp seems very low": a bundled font's
    try:  # header, already said (or not) when the part was written
        _share(out)
    finally:
        header_log.removeFilter(_quiet)


def _quiet(record) -> bool:
    return "timestamp" not in record.getMessage()


def _share(out) -> None:
    groups: dict[str, list] = {}
    for font in _type0_fonts(out):
        groups.setdefault(str(font.BaseFont), []).append(font)
    for fonts in groups.values():
        if len(fonts) > 1:
            _merge_group(out, fonts)


def _type0_fonts(out) -> list:
    import pikepdf

    found, seen = [], set()
    for page in out.pages:
        for font in _fonts_in(page.obj.get("/Resources")):
            if font.objgen not in seen and font.get("/Subtype") == "/Type0":
                seen.add(font.objgen)
                found.append(font)
    return [f for f in found if isinstance(f.get("/DescendantFonts"), pikepdf.Array)]


def _fonts_in(resources, depth: int = 0):
    """The font dictionaries of RESOURCES and of the form XObjects it holds."""
    if resources is None or depth > 8:
        return
    yield from (resources.get("/Font") or {}).values()
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.get("/Subtype") == "/Form":
            yield from _fonts_in(xobject.get("/Resources"), depth + 1)


def _merge_group(out, fonts: list) -> None:
    import pikepdf

    descendants = [f.DescendantFonts[0] for f in fonts]
    files = [d.FontDescriptor.get("/FontFile2") for d in descendants]
    if any(f is None for f in files):
        return  # CFF or bitmap fonts: left as they are
    program = _merged_program([f.read_bytes() for f in files])
    if program is None:
        return
    stream = pikepdf.Stream(out, program)
    stream.Length1 = len(program)
    first = descendants[0]
    first.FontDescriptor.FontFile2 = out.make_indirect(stream)
    first.W = _merged_widths([d.get("/W") for d in descendants])
    shared_map = out.make_indirect(pikepdf.Stream(out, _merged_cmap(
        [f.ToUnicode.read_bytes() for f in fonts if "/ToUnicode" in f])))
    for font in fonts:
        font.DescendantFonts = pikepdf.Array([first])
        font.ToUnicode = shared_map


def _merged_program(programs: list[bytes]) -> bytes | None:
    """One TrueType program with every non-empty glyph of PROGRAMS (subsets of one font with
    retained glyph ids), or None if they do not line up. The glyphs, their locations and
    metrics are joined as bytes (a composite glyph names its parts by glyph id, the same in
    every subset); the other tables are the largest subset's."""
    from fontTools.ttLib import TTFont

    fonts = [TTFont(io.BytesIO(p), lazy=True, recalcTimestamp=False, recalcBBoxes=False)
             for p in programs]
    if any("glyf" not in f or "loca" not in f or "hmtx" not in f for f in fonts):
        return None
    fonts.sort(key=lambda f: -f["maxp"].numGlyphs)
    base, count = fonts[0], fonts[0]["maxp"].numGlyphs
    glyphs: list[bytes | None] = [None] * count
    metrics = _raw_metrics(base)
    for font in fonts:
        found = _raw_glyphs(font, [gid for gid, glyph in enumerate(glyphs) if glyph is None])
        if found:
            theirs = _raw_metrics(font)
            for gid, glyph in found.items():
                glyphs[gid], metrics[gid] = glyph, theirs[gid]
    _set_raw(base, glyphs, metrics)
    for name in MAXP_FIELDS:  # each subset's maxima, of its own glyphs
        if hasattr(base["maxp"], name):
            setattr(base["maxp"], name, max(getattr(f["maxp"], name, 0) for f in fonts))
    buffer = io.BytesIO()
    base.save(buffer, reorderTables=False)
    return buffer.getvalue()


MAXP_FIELDS = ("maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours",
               "maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
               "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
               "maxComponentElements", "maxComponentDepth")


def _raw_glyphs(font, wanted: list[int]) -> dict[int, bytes]:
    """The bytes of the non-empty glyphs of FONT's glyf table among WANTED (glyph ids)."""
    glyf, loca = font.reader["glyf"], font.reader["loca"]
    count = font["maxp"].numGlyphs
    offsets = array.array("H" if font["head"].indexToLocFormat == 0 else "I")
    offsets.frombytes(loca[:(count + 1) * offsets.itemsize])
    if sys.byteorder == "little":
        offsets.byteswap()
    scale = 2 if offsets.typecode == "H" else 1
    return {gid: glyf[offsets[gid] * scale:offsets[gid + 1] * scale] for gid in wanted
            if gid < count and offsets[gid + 1] > offsets[gid]}


def _raw_metrics(font) -> list[bytes]:
    """Each glyph's (advance, left side bearing) in FONT's hmtx table, four bytes each."""
    data, count = font.reader["hmtx"], font["maxp"].numGlyphs
    long_metrics = font["hhea"].numberOfHMetrics
    advance = data[(long_metrics - 1) * 4:long_metrics * 4 - 2]
    found = [data[n * 4:n * 4 + 4] for n in range(long_metrics)]
    start = long_metrics * 4
    found += [advance + data[start + 2 * k:start + 2 * k + 2]
              for k in range(count - long_metrics)]
    return found


def _set_raw(font, glyphs: list[bytes | None], metrics: list[bytes]) -> None:
    """Give FONT these glyphs (long offsets) and metrics (one long metric each)."""
    from fontTools.ttLib.tables.DefaultTable import DefaultTable

    body, offsets = bytearray(), []
    for glyph in glyphs:
        offsets.append(len(body))
        body += glyph or b""
        body += b"\0" * (-len(body) % 4)
    offsets.append(len(body))
    tables = {"glyf": bytes(body), "loca": struct.pack(f">{len(offsets)}I", *offsets),
              "hmtx": b"".join(metrics)}
    for tag, data in tables.items():
        table = DefaultTable(tag)
        table.data = data
        font[tag] = table
    font["head"].indexToLocFormat = 1
    font["hhea"].numberOfHMetrics = len(metrics)


def _merged_widths(arrays: list) -> object:
    """A /W array with every width of ARRAYS (each `c [w1 w2 …]` or `c1 c2 w`)."""
    import pikepdf

    widths: dict[int, object] = {}
    for widths_of in arrays:
        items = list(widths_of or ())
        n = 0
        while n < len(items):
            start = int(items[n])
            if isinstance(items[n + 1], pikepdf.Array):
                for offset, width in enumerate(items[n + 1]):
                    widths.setdefault(start + offset, width)
                n += 2
            else:
                for cid in range(start, int(items[n + 1]) + 1):
                    widths.setdefault(cid, items[n + 2])
                n += 3
    merged, run, previous = [], [], None
    for cid in sorted(widths):
        if previous is None or cid != previous + 1:
            if run:
                merged.append(pikepdf.Array(run))
            merged.append(cid)
            run = []
        run.append(widths[cid])
        previous = cid
    if run:
        merged.append(pikepdf.Array(run))
    return pikepdf.Array(merged)


def _merged_cmap(cmaps: list[bytes]) -> bytes:
    """A ToUnicode CMap with every glyph's text of CMAPS, as WeasyPrint writes one."""
    mapped: dict[str, str] = {}
    for cmap in cmaps:
        for glyph, text in BFCHAR.findall(cmap):
            mapped.setdefault(glyph.decode().lower(), text.decode().lower())
    items = sorted(mapped.items())
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
             b"/CIDSystemInfo", b"<< /Registry (Adobe)", b"/Ordering (UCS)", b"/Supplement 0",
             b">> def", b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def",
             b"1 begincodespacerange", b"<0000> <ffff>", b"endcodespacerange"]
    for start in range(0, len(items), 100):
        batch = items[start:start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines.extend(f"<{glyph}> <{text}>".encode() for glyph, text in batch)
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines)
