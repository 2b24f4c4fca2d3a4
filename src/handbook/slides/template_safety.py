"""A slide template as data: unpacked within limits, and stripped of what reaches out or runs.

Every template goes through `clean_package` before python-pptx sees it (slides.template's
`template_package`):

- limits against zip bombs: at most MAX_PARTS parts; each XML part at most MAX_XML bytes and
  every part at most MAX_PART bytes once inflated, all of them MAX_TOTAL; inflated in chunks,
  so that a part that lies about its size is stopped as it grows;
- removed, each kind with a warning: relationships to anything outside the package
  (TargetMode="External": files and web addresses PowerPoint would fetch when a deck is
  opened), OLE objects and ActiveX controls, macros (vbaProject) and ribbon customisations.
  What referred to them goes too: the shapes that hold an OLE object or a control, the links
  (a:hlinkClick) and the attributes that named a removed relationship.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

MB = 1024 * 1024
MAX_PARTS = 5000
MAX_XML = 16 * MB  # a master with every layout is well under 1 MB
MAX_PART = 64 * MB  # a photo, a font
MAX_TOTAL = 256 * MB
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
ACTIVE = {  # relationship type (its last part) → what the warning calls it
    "oleObject": "OLE objects", "package": "OLE objects", "control": "ActiveX controls",
    "activeXControl": "ActiveX controls", "activeXControlBinary": "ActiveX controls",
    "vbaProject": "macros", "vbaProjectSignature": "macros", "wordVbaData": "macros",
    "keyMapCustomizations": "macros", "extensibility": "ribbon customisations",
    "ui/extensibility": "ribbon customisations",
}
ACTIVE_ELEMENTS = {f"{P}oleObj", f"{P}control", f"{P}controls"}
MACRO_TYPES = {  # a macro-enabled main part, once its macros are gone, is an ordinary one
    b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml":
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    b"application/vnd.ms-powerpoint.template.macroEnabled.main+xml":
        b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    b"application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml":
        b"application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
}
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                         huge_tree=False, remove_blank_text=False)


class PackageRefused(Exception):
    """The package cannot be used (too large, damaged); str() says why."""


def clean_package(data: bytes, notes: list[str]) -> bytes:
    """DATA (a .pptx or .potx) without what reaches out or runs; what was removed is added
    to NOTES as sentences."""
    parts = _unpack(data)
    removed: dict[str, int] = {}
    gone: set[str] = set()
    for name in [n for n in parts if n.endswith(".rels")]:
        parts[name] = _clean_rels(name, parts, removed, gone)
    for name in gone:
        parts.pop(name, None)
        parts.pop(_rels_of(name), None)
    parts["[Content_Types].xml"] = _clean_types(parts.get("[Content_Types].xml", b""), gone)
    for what, count in sorted(removed.items()):
        notes.append(f"{what} removed from the template ({count})" if what != "links" else
                     f"{count} link{'s' if count > 1 else ''} to files or web addresses "
                     "outside the template removed (a deck must fetch nothing when opened)")
    return _pack(parts) if removed else data


def _unpack(data: bytes) -> dict[str, bytes]:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise PackageRefused(f"not a zip package: {error}") from None
    if len(infos) > MAX_PARTS:
        raise PackageRefused(f"more than {MAX_PARTS} parts")
    if sum(info.file_size for info in infos) > MAX_TOTAL:  # zipfile never inflates more than
        raise PackageRefused(f"unpacks to more than {MAX_TOTAL // MB} MB (a zip bomb?)")
    parts: dict[str, bytes] = {}
    total = 0
    for info in infos:  # each is inflated to its declared size at most (zipfile checks it)
        limit = MAX_XML if info.filename.endswith((".xml", ".rels")) else MAX_PART
        if info.file_size > limit:
            raise PackageRefused(_too_large(info.filename, limit))
        chunks, size = [], 0
        try:
            with package.open(info) as stream:
                while chunk := stream.read(MB):
                    size, total = size + len(chunk), total + len(chunk)
                    if size > limit or total > MAX_TOTAL:
                        raise PackageRefused(_too_large(info.filename, min(limit, MAX_TOTAL)))
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError,
                RuntimeError) as error:  # RuntimeError: an encrypted part
            raise PackageRefused(f"part {info.filename} cannot be read: {error}") from None
        parts[info.filename] = b"".join(chunks)
    return parts


def _too_large(name: str, limit: int) -> str:
    return f"part {name} unpacks to more than {limit // MB} MB (a zip bomb?)"


def _clean_rels(name: str, parts: dict[str, bytes], removed: dict[str, int],
                gone: set[str]) -> bytes:
    """The relationships file NAME without external and active relationships; the part it
    belongs to loses what referred to them, and their targets are added to GONE."""
    root = _xml(parts[name], name)
    source = _source_of(name)
    dropped = set()
    for rel in list(root):
        kind = (rel.get("Type") or "").rsplit("/relationships/", 1)[-1]
        if rel.get("TargetMode") == "External":
            removed["links"] = removed.get("links", 0) + 1
        elif kind in ACTIVE:
            removed[ACTIVE[kind]] = removed.get(ACTIVE[kind], 0) + 1
            gone.add(_target(source, rel.get("Target") or ""))
        else:
            continue
        dropped.add(rel.get("Id"))
        root.remove(rel)
    if not dropped:
        return parts[name]
    if source in parts and source.endswith(".xml"):
        parts[source] = _without_references(_xml(parts[source], source), dropped)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _without_references(root, ids: set[str]) -> bytes:
    """ROOT without the shapes holding OLE objects or controls, the links, and the attributes
    that name a relationship in IDS."""
    for element in [e for e in root.iter() if e.tag in ACTIVE_ELEMENTS]:
        holder = _holder(element)
        if holder.getparent() is not None:
            holder.getparent().remove(holder)
    for element in list(root.iter()):
        names = [a for a in element.attrib if a.startswith(f"{{{R}}}") and element.get(a) in ids]
        if names and element.tag in (f"{A}hlinkClick", f"{A}hlinkHover") \
                and element.getparent() is not None:
            element.getparent().remove(element)
            continue
        for attribute in names:
            del element.attrib[attribute]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _holder(element):
    """The shape (and its mc:AlternateContent, if any) an OLE object or control sits in."""
    found = element
    for ancestor in element.iterancestors():
        if ancestor.tag in (f"{P}graphicFrame", f"{MC}AlternateContent"):
            found = ancestor
    return found


def _clean_types(data: bytes, gone: set[str]) -> bytes:
    for macro, plain in MACRO_TYPES.items():
        data = data.replace(macro, plain)
    if not gone or not data:
        return data
    root = _xml(data, "[Content_Types].xml")
    for override in [o for o in root if o.tag == f"{{{TYPES}}}Override"]:
        if (override.get("PartName") or "").lstrip("/") in gone:
            root.remove(override)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _xml(data: bytes, name: str):
    try:
        return etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as error:
        raise PackageRefused(f"part {name} is not well-formed XML ({error})") from None


def _source_of(rels: str) -> str:
    """'ppt/slides/_rels/slide1.xml.rels' → 'ppt/slides/slide1.xml'."""
    folder, name = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), name.removesuffix(".rels"))


def _rels_of(part: str) -> str:
    """'ppt/vbaProject.bin' → 'ppt/_rels/vbaProject.bin.rels'."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _target(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _pack(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                            zipfile.ZIP_DEFLATED)
    return out.getvalue()
