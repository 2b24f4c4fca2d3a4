"""A deck assembled from slides already drawn in other decks, at the package level.

The course deck shows each chapter's slides as the chapter's own deck does, so it is not drawn
again: its slides are copied from the drawn chapter decks (and from small decks of the
course-only slides, the "fragments") into the course's copy of the template, part by part.

Every deck handbook draws comes from the same template, so a slide's layout is found in the
course deck under the same part name (pruning removes layouts, it never renames them). A slide
keeps its XML and its relationship ids; its pictures are added to the course package once each
(PNG and JPEG as python-pptx adds them, the SVG parts as `svgpic` does: both by content, in the
order the slides name them, so the parts are named as a direct drawing names them); its notes
slide is re-created from the drawn one, linked to the course deck's notes master and to the new
slide; its hyperlinks (external relationships) are kept. Slide numbers are fields and the
footers are drawn text, so both come across as drawn.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field

from lxml import etree

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
LAYOUT = f"{R_NS}/slideLayout"
IMAGE = f"{R_NS}/image"
HYPERLINK = f"{R_NS}/hyperlink"
NOTES = f"{R_NS}/notesSlide"
NOTES_MASTER = f"{R_NS}/notesMaster"
SLIDE = f"{R_NS}/slide"
SVG_TYPE = "image/svg+xml"
FIRST_SLIDE_ID = 256  # the smallest id PowerPoint allows in the slide list


class AssemblyError(Exception):
    """A drawn deck holds something the assembly cannot carry over (a bug, never content)."""


@dataclass(frozen=True)
class Rel:
    """One relationship of a drawn part: its id, type and target (a part name, or a URL)."""

    rid: str
    kind: str
    target: str
    external: bool


@dataclass
class DrawnDeck:
    """A deck's bytes, read lazily: its slides' part names, parts and relationships."""

    data: bytes
    _zip: zipfile.ZipFile | None = None
    _slides: list[str] = field(default_factory=list)

    @property
    def package(self) -> zipfile.ZipFile:
        if self._zip is None:
            self._zip = zipfile.ZipFile(io.BytesIO(self.data))
        return self._zip

    def read(self, partname: str) -> bytes:
        return self.package.read(partname.lstrip("/"))

    def slide(self, index: int) -> str:
        """The part name of the deck's slide INDEX (counted from 0, in the deck's order)."""
        if not self._slides:
            rels = {r.rid: r.target for r in self.rels("/ppt/presentation.xml")}
            listed = etree.fromstring(self.read("/ppt/presentation.xml")).find(f"{P}sldIdLst")
            self._slides = [rels[entry.get(f"{{{R_NS}}}id")] for entry in listed]
        return self._slides[index]

    def rels(self, partname: str) -> list[Rel]:
        """The part's relationships in the order of their ids (as python-pptx writes them)."""
        folder, name = posixpath.split(partname)
        try:
            root = etree.fromstring(self.read(f"{folder}/_rels/{name}.rels"))
        except KeyError:
            return []
        found = []
        for rel in root.iter(RELS):
            external = rel.get("TargetMode") == "External"
            target = rel.get("Target")
            if not external:
                target = posixpath.normpath(posixpath.join(folder, target))
            found.append(Rel(rel.get("Id"), rel.get("Type"), target, external))
        return sorted(found, key=lambda r: _number(r.rid))


def add_slides(prs, sources: list[tuple[DrawnDeck, int]]) -> None:
    """Append to PRS (the course's copy of the template, its slides removed and its layouts
    pruned) each drawn slide of SOURCES, given as (deck, index of the slide in it)."""
    layouts = {str(layout.part.partname): layout.part
               for master in prs.slide_masters for layout in master.slide_layouts}
    id_list = prs.slides._sldIdLst
    numbers = [int(entry.get("id")) for entry in id_list]
    count, next_id = len(numbers), max([FIRST_SLIDE_ID - 1, *numbers]) + 1
    for deck, index in sources:
        count += 1
        _copy_slide(prs, deck, deck.slide(index), layouts, count, next_id)
        next_id += 1


def _copy_slide(prs, deck: DrawnDeck, partname: str, layouts: dict, number: int,
                slide_id: int) -> None:
    """One slide, as python-pptx's add_slide names and relates it (slide NUMBER, whose id in
    the slide list is SLIDE_ID: one more than the largest, as python-pptx gives it, without
    looking at every other each time), with its pictures, links and notes slide."""
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.packuri import PackURI
    from pptx.parts.slide import SlidePart

    name = PackURI(f"/ppt/slides/slide{number}.xml")
    part = SlidePart.load(name, CT.PML_SLIDE, prs.part.package, deck.read(partname))
    mapping: dict[str, str] = {}
    rels = deck.rels(partname)
    layout = next((r for r in rels if r.kind == LAYOUT), None)
    if layout is None or layout.target not in layouts:
        raise AssemblyError(f"{partname}: its layout is not in the deck ({layout})")
    mapping[layout.rid] = part.relate_to(layouts[layout.target], LAYOUT)
    etree.SubElement(prs.slides._sldIdLst, f"{P}sldId",
                     {"id": str(slide_id), f"{{{R_NS}}}id": prs.part.relate_to(part, SLIDE)})
    for rel in rels:
        if rel is layout:
            continue
        if rel.kind == HYPERLINK and rel.external:
            mapping[rel.rid] = part.relate_to(rel.target, HYPERLINK, is_external=True)
        elif rel.kind == IMAGE and not rel.external:
            mapping[rel.rid] = part.relate_to(_image_part(prs, deck, rel.target), IMAGE)
        elif rel.kind == NOTES:
            mapping[rel.rid] = part.relate_to(_notes(prs, deck, rel.target, part), NOTES)
        else:
            raise AssemblyError(f"{partname}: cannot carry over a relationship {rel}")
    _rename(part._element, mapping)


def _image_part(prs, deck: DrawnDeck, partname: str):
    """The course package's part for this picture: one per distinct content."""
    from pptx.opc.packuri import PackURI

    from handbook.slides.svgpic import svg_part

    package = prs.part.package
    data = deck.read(partname)
    if PackURI(partname).ext.lower() == "svg":
        return svg_part(package, data)
    return package.get_or_add_image_part(io.BytesIO(data))


def _notes(prs, deck: DrawnDeck, partname: str, slide_part):
    """The notes slide re-created in the course package from the drawn one (the same notes
    master drew both), related to the course's notes master and to SLIDE_PART."""
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.parts.slide import NotesSlidePart

    package = prs.part.package
    name = package.next_partname("/ppt/notesSlides/notesSlide%d.xml")
    part = NotesSlidePart.load(name, CT.PML_NOTES_SLIDE, package, deck.read(partname))
    mapping = {}
    for rel in deck.rels(partname):
        if rel.kind == NOTES_MASTER:
            mapping[rel.rid] = part.relate_to(prs.part.notes_master_part, NOTES_MASTER)
        elif rel.kind == SLIDE:
            mapping[rel.rid] = part.relate_to(slide_part, SLIDE)
        else:
            raise AssemblyError(f"{partname}: cannot carry over a relationship {rel}")
    _rename(part._element, mapping)
    return part


def _rename(element, mapping: dict[str, str]) -> None:
    """Point the part's r:id, r:embed, … attributes at the new relationship ids (a no-op when,
    as usual, every id is what it was)."""
    if all(old == new for old, new in mapping.items()):
        return
    for node in element.iter():
        for attribute, value in node.attrib.items():
            if attribute.startswith(f"{{{R_NS}}}") and value in mapping:
                node.set(attribute, mapping[value])


def _number(rid: str) -> int:
    return int(rid[3:]) if rid.startswith("rId") and rid[3:].isdigit() else 0
