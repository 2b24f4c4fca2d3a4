"""The decks: planned slides drawn with python-pptx on the template's layouts, saved with fixed
zip entry times so that unchanged content gives the same bytes."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from handbook.errors import Problem
from handbook.model import Book
from handbook.patches.pptx_parts import index_parts
from handbook.patches.pptx_zip import fixed_entry_times
from handbook.slides.assemble import DrawnDeck, add_slides
from handbook.slides.draw import draw
from handbook.slides.footer import footer, furniture
from handbook.slides.plan import Planner
from handbook.slides.roles import TemplateInfo
from handbook.slides.spec import DIVIDERS, SlideSpec, role_of
from handbook.slides.survey import survey
from handbook.slides.template import (
    DEFAULT_TEMPLATE,
    UnusableTemplate,
    brand,
    geometry,
    open_presentation,
    template_info,
    template_package,
)

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class DeckBuilder:
    """Opens the slide template once, learns its layouts, and fills copies of it with planned
    slides. A template that cannot be opened is a warning: the decks use the built-in one."""

    def __init__(self, template: Path, layouts: tuple[tuple[str, str], ...] = ()):
        self.problems: list[Problem] = []
        self.warnings: list[str] = []  # pictures that could not be drawn, said per deck
        notes: list[str] = []  # what was stripped from the template
        try:
            self.data = template_package(template, notes)
            probe = open_presentation(self.data)
        except UnusableTemplate as error:
            self.problems.append(Problem(template, None, f"not a PowerPoint file python-pptx "
                                         f"can open ({error}); save it again as .pptx or .potx "
                                         "(the decks use the built-in template until then)",
                                         "warning"))
            template = DEFAULT_TEMPLATE
            self.data = template_package(template)
            probe = open_presentation(self.data)
        self.template = template
        self.info: TemplateInfo = template_info(probe, layouts)
        self.geometry = geometry(probe, self.info)
        self.size = (probe.slide_width, probe.slide_height)
        self.problems += [Problem(template, None, note, "warning") for note in notes]
        self.problems += survey(template, probe, self.info)

    def planner(self, language: str, root: Path | None = None, book: Book | None = None
                ) -> Planner:
        planner = Planner(self.geometry, language, root)
        if book is not None:
            planner._use(book)
        return planner

    def layout_key(self, spec: SlideSpec) -> str:
        return spec.layout or self.info.role(role_of(spec.kind, spec.designed)).key

    def build(self, slides: list[SlideSpec], book: Book, when: datetime | None = None) -> bytes:
        """The deck of SLIDES, drawn."""
        prs, layouts = self._start(slides, book)
        parts: dict[str, list] = {}  # each layout's footer placeholders, worked out once
        for spec in slides:
            key = self.layout_key(spec)
            slide = prs.slides.add_slide(layouts[key])
            info = self.info.by_key(key)
            draw(slide, spec, info, self, book)
            slide._element.cSld.set("name", spec.kind)  # what the slide shows, for reports
            if spec.kind not in DIVIDERS:
                if key not in parts:
                    parts[key] = furniture(layouts[key])
                footer(slide, parts[key], info, book.meta, self.size)
            slide.notes_slide.notes_text_frame.text = spec.notes
        return self._finish(prs, book, when)

    def assemble(self, slides: list[SlideSpec], sources: list[tuple[bytes, int]], book: Book,
                 when: datetime | None = None) -> bytes:
        """The deck of SLIDES made of slides drawn before: slide i is slide SOURCES[i][1] of
        the deck SOURCES[i][0] (drawn by `build` from this template, with the same spec). The
        layouts are pruned, the deck branded and dated as `build` does."""
        prs, _ = self._start(slides, book)
        decks: dict[int, DrawnDeck] = {}
        drawn = [(decks.setdefault(id(data), DrawnDeck(data)), index) for data, index in sources]
        add_slides(prs, drawn)
        return self._finish(prs, book, when)

    def _start(self, slides: list[SlideSpec], book: Book) -> tuple[object, dict]:
        """A copy of the template without slides, its layouts pruned to those SLIDES use and
        the roles' choices; and those layouts by key."""
        prs = open_presentation(self.data)
        remove_existing_slides(prs)
        layouts = {i.key: prs.slide_masters[i.master].slide_layouts[i.index]
                   for i in self.info.layouts}
        used = {self.layout_key(spec) for spec in slides}
        keep = used | {choice.key for choice in self.info.choices}
        prune_layouts(prs, [layouts[key] for key in layouts if key not in keep])
        index_parts(prs)  # linear time: python-pptx's own part naming is O(slides²)
        if self.template == DEFAULT_TEMPLATE:
            brand(prs, book.meta)
        return prs, layouts

    def _finish(self, prs, book: Book, when: datetime | None) -> bytes:
        """The deck's core properties set, saved with fixed zip times."""
        props = prs.core_properties
        props.title = book.meta.title
        props.author = book.meta.byline or ""
        props.language = book.meta.language
        props.last_modified_by, props.revision = "handbook", 1
        if when is not None:
            naive = when.replace(tzinfo=None)  # python-pptx writes UTC without an offset
            props.created = props.modified = naive
        buffer = io.BytesIO()
        with fixed_entry_times(ZIP_TIME) as fixed:
            prs.save(buffer)
        return buffer.getvalue() if fixed else normalise_zip(buffer.getvalue())


def remove_existing_slides(prs) -> None:
    """A template may carry example slides; the deck starts empty."""
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def prune_layouts(prs, unused: list) -> None:
    """Leave out the layouts no slide uses and no role needs, with their pictures, and the
    masters left without layouts: a template's photo layouts are megabytes in every deck."""
    for layout in unused:
        layout.slide_master.slide_layouts.remove(layout)
    masters = prs.part._element.find(
        "{http://schemas.openxmlformats.org/presentationml/2006/main}sldMasterIdLst")
    for entry, master in zip(list(masters), list(prs.slide_masters), strict=True):
        if len(master.slide_layouts) == 0:
            rid = entry.get(
                "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            masters.remove(entry)
            prs.part.drop_rel(rid)


def normalise_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed entry times, so unchanged content gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
