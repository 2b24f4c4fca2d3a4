"""The book's part PDFs merged into one (pikepdf, on qpdf), with what a one-pass PDF has.

- pages in order, with their links, crop and bleed boxes;
- one structure tree (PDF/UA): the parts' top-level elements under one /Document element, as
  WeasyPrint's tags.py builds it; the /ParentTree renumbered: pages first (their
  /StructParents is their index), then the link annotations (/StructParent), part by part;
- named destinations of every part's own anchors (a link names its target, so links across
  parts lead to the right page), none of the stand-ins parts give their outside targets;
- the outline, rebuilt from all parts' bookmarks as WeasyPrint builds it (levels nest across
  parts: a chapter under its part opener);
- the first part's metadata (/Info, XMP), language, viewer preferences and files attached to
  the document (the book's head, the same in every part; files linked from a page are
  annotations of that page, which come with it);
- each embedded font program once: see fonts.py.
"""

from __future__ import annotations

import io
import warnings

from handbook.book.partpdf import PartPdf


def merge_parts(parts: list[PartPdf]) -> bytes:
    """One PDF of PARTS, in order."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    from handbook.book.fonts import share_fonts

    out = pikepdf.Pdf.new()
    sources = [pikepdf.Pdf.open(io.BytesIO(part.data)) for part in parts]
    document = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
    tree = out.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array([document])))
    document.P = tree
    total = sum(part.pages for part in parts)
    nums, annotation_nums, names = Array(), Array(), []
    for part, source in zip(parts, sources, strict=True):
        offset = len(out.pages)
        with warnings.catch_warnings():  # named destinations: rebuilt below, for all parts
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            out.pages.extend(source.pages)
        pages = {page.objgen: offset + n for n, page in enumerate(source.pages)}
        _structure(out, source, document, nums, annotation_nums, total, offset, part.pages)
        names.extend(_destinations(out, source, part, pages))
    nums.extend(annotation_nums)
    tree.ParentTree = out.make_indirect(Dictionary(Nums=nums))
    tree.ParentTreeNextKey = total + len(annotation_nums) // 2
    root, first = out.Root, sources[0].Root
    root.StructTreeRoot = tree
    root.MarkInfo = Dictionary(Marked=True)
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    if "/Lang" in first:
        root.Lang = pikepdf.String(str(first.Lang))
    if "/Metadata" in first:
        root.Metadata = out.copy_foreign(first.Metadata)
    root.Names = Dictionary()
    if names:
        names.sort(key=lambda item: item[0])
        root.Names.Dests = out.make_indirect(Dictionary(
            Names=Array([x for name, dest in names for x in (pikepdf.String(name), dest)])))
    if "/Names" in first and "/EmbeddedFiles" in first.Names:  # the head's: every part's
        root.Names.EmbeddedFiles = out.copy_foreign(first.Names.EmbeddedFiles)
    if not root.Names.keys():
        del root.Names
    _outline(out, [[level, label, _start(parts, n) + page, x, y, state]
                   for n, part in enumerate(parts)
                   for level, label, page, x, y, state in part.bookmarks])
    out.docinfo = out.copy_foreign(sources[0].docinfo)
    share_fonts(out)
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True, fix_metadata_version=False,
             min_version=sources[0].pdf_version,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


def _start(parts: list[PartPdf], index: int) -> int:
    return sum(part.pages for part in parts[:index])


def _structure(out, source, document, nums, annotation_nums, total: int, offset: int,
               pages: int) -> None:
    """The part's structure elements under DOCUMENT, its parent tree entries renumbered."""
    tree = source.Root.StructTreeRoot
    copied = out.copy_foreign(tree.K[0])  # the part's /Document: its kids are ours
    for kid in copied.K:
        kid.P = document
        document.K.append(kid)
    entries = out.copy_foreign(tree.ParentTree).Nums
    first_annotation = total + len(annotation_nums) // 2
    for n in range(offset, offset + pages):
        out.pages[n].obj.StructParents = n
    for key, value in zip(entries[::2], entries[1::2], strict=True):
        key = int(key)
        if key < pages:
            nums.extend([offset + key, value])
        else:
            annotation_nums.extend([first_annotation + key - pages, value])
    for n in range(offset, offset + pages):
        for annotation in out.pages[n].obj.get("/Annots", ()):
            if "/StructParent" in annotation:
                annotation.StructParent = first_annotation + int(annotation.StructParent) \
                    - pages


def _destinations(out, source, part: PartPdf, pages: dict) -> list[tuple[str, object]]:
    """(name, destination) of the part's own anchors, pointing at the merged pages."""
    from pikepdf import Array

    names = source.Root.get("/Names")
    dests = names.get("/Dests") if names is not None else None
    if dests is None:
        return []
    flat = dests.Names
    found = []
    for name, dest in zip(flat[::2], flat[1::2], strict=True):
        text = str(name)
        if text not in part.anchors:
            continue
        page = out.pages[pages[dest[0].objgen]].obj
        found.append((text, Array([page, *list(dest)[1:]])))
    return found


def _outline(out, bookmarks: list[list]) -> None:
    """The outline of BOOKMARKS ([level, label, page, x, y, state]), nested as WeasyPrint
    nests them (weasyprint.anchors.make_page_bookmark_tree)."""
    root: list = []
    skipped: list[int] = []
    last_by_depth = [root]
    previous = 0
    for level, label, page, x, y, state in bookmarks:
        if level > previous:
            skipped.append(level - previous - 1)
        else:
            temp = level
            while temp < previous:
                temp += 1 + skipped.pop()
            if temp > previous:
                skipped.append(temp - previous - 1)
        previous = level
        depth = level - sum(skipped)
        children: list = []
        last_by_depth[depth - 1].append((label, page, x, y, children, state))
        del last_by_depth[depth:]
        last_by_depth.append(children)
    if root:
        _write_outline(out, root)


def _write_outline(out, tree: list, parent=None) -> tuple[list, int]:
    """Outline items for TREE under PARENT, as weasyprint.pdf.anchors.add_outlines writes."""
    from pikepdf import Array, Dictionary, Name, String

    count, items = len(tree), []
    for label, page, x, y, children, state in tree:
        item = out.make_indirect(Dictionary(
            Title=String(label), Dest=Array([out.pages[page].obj, Name.XYZ, x, y, 0])))
        kids, kids_count = _write_outline(out, children, item)
        item.Count = -kids_count if state == "closed" else kids_count
        if state != "closed":
            count += kids_count
        if items:
            item.Prev = items[-1]
            items[-1].Next = item
        if kids:
            item.First, item.Last = kids[0], kids[-1]
        if parent is not None:
            item.Parent = parent
        items.append(item)
    if parent is None and items:
        outlines = out.make_indirect(Dictionary(Count=count, First=items[0], Last=items[-1]))
        for item in items:
            item.Parent = outlines
        out.Root.Outlines = outlines
    return items, count
