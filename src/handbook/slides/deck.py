"""The decks: planned slides drawn with python-pptx on the template's layouts, saved with fixed
zip entry times so that unchanged content gives the same bytes."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from handbook.errors import Problem, ThemeError
from handbook.model import Book
from handbook.patches.pptx_parts import index_parts
from handbook.slides.draw import draw, footer
from handbook.slides.plan import Planner
from handbook.slides.spec import SlideSpec
from handbook.slides.template import (
    CONTENT_LAYOUT,
    DEFAULT_TEMPLATE,
    LAYOUTS,
    brand,
    geometry,
    layout_slug,
)

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class DeckBuilder:
    """Opens the slide template once per deck and fills it with planned slides."""

    def __init__(self, template: Path):
        from pptx import Presentation

        self.template = template
        self._presentation = Presentation
        try:
            probe = Presentation(str(template))
        except Exception as error:  # python-pptx raises several kinds for a damaged file
            raise ThemeError(f"{template}: error: not a PowerPoint file python-pptx can open "
                             f"({type(error).__name__}); save it again as .pptx") from None
        self.layout_names = [layout.name for layout in probe.slide_layouts]
        missing = [name for name in (*dict.fromkeys(LAYOUTS.values()), CONTENT_LAYOUT)
                   if probe.slide_layouts.get_by_name(name) is None]
        if missing:
            raise ThemeError([Problem(template, None, f"the slide template has no layout named "
                                      f"'{name}' (it has: {', '.join(self.layout_names)})")
                              for name in missing])
        self.geometry = geometry(probe)
        self.size = (probe.slide_width, probe.slide_height)

    def planner(self, language: str, root: Path | None = None) -> Planner:
        return Planner(self.geometry, language, root)

    def build(self, slides: list[SlideSpec], book: Book, when: datetime | None = None) -> bytes:
        prs = self._presentation(str(self.template))
        remove_existing_slides(prs)
        index_parts(prs)  # linear time: python-pptx's own part naming is O(slides²)
        if self.template == DEFAULT_TEMPLATE:
            brand(prs, book.meta)
        footer_text = book.meta.title
        by_slug = {layout_slug(layout.name): layout for layout in prs.slide_layouts}
        for spec in slides:
            layout = by_slug[spec.layout] if spec.layout in by_slug else \
                prs.slide_layouts.get_by_name(LAYOUTS.get(spec.kind, CONTENT_LAYOUT))
            slide = prs.slides.add_slide(layout)
            draw(slide, spec, self, book)
            if spec.kind not in ("title", "part", "chapter"):
                footer(slide, footer_text, self.size)
            slide.notes_slide.notes_text_frame.text = spec.notes
        props = prs.core_properties
        props.title = book.meta.title
        props.author = book.meta.byline or ""
        props.language = book.meta.language
        props.last_modified_by, props.revision = "handbook", 1
        if when is not None:
            naive = when.replace(tzinfo=None)  # python-pptx writes UTC without an offset
            props.created = props.modified = naive
        buffer = io.BytesIO()
        prs.save(buffer)
        return normalise_zip(buffer.getvalue())


def remove_existing_slides(prs) -> None:
    """A template may carry example slides; the deck starts empty."""
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


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
