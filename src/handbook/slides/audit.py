"""A deck read back as a trainer would judge it, per slide: what kind of slide it is, how
much of its body is left empty below its lowest shape, its smallest type, points cut with an
ellipsis, a lone short bullet. Read from the saved .pptx with python-pptx (the tests), and the
base for scripts/deck_report.py, which measures the same on LibreOffice's rendering."""

from __future__ import annotations

from dataclasses import dataclass

from handbook.slides.geometry import Rect
from handbook.slides.layouts import read_layouts

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
FURNITURE = {"ftr", "sldNum", "dt"}
FURNITURE_NAMES = ("Footer", "Slide number", "Date")
DIVIDERS = {"title", "part", "chapter"}
PLAIN = {"points", "overview", "answer"}  # bullets in the layout's body and nothing else
ELLIPSES = ("…", "...")
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"


@dataclass(frozen=True)
class SlideAudit:
    number: int
    kind: str  # what the planner made it (the slide's name): cards, steps, points …
    layout: str  # the template layout's name
    title: str
    body: Rect  # the layout's body region
    lowest: int | None  # EMU: the bottom of the lowest shape inside the body
    smallest: float | None  # pt: the smallest type on the slide (footers aside)
    pictures: int
    tables: int
    paragraphs: tuple[str, ...]  # the body's text, a paragraph each

    @property
    def content(self) -> bool:
        return self.kind not in DIVIDERS

    @property
    def empty_below(self) -> float:
        """The share of the body's height below the lowest shape (1.0: nothing in it)."""
        if self.lowest is None:
            return 1.0
        return max(0.0, (self.body.bottom - min(self.lowest, self.body.bottom)) / self.body.height)

    @property
    def plain(self) -> bool:
        """Only bullets: no figure, table or designed layout."""
        return self.kind in PLAIN and not self.pictures and not self.tables

    @property
    def ellipsis(self) -> bool:
        return any(p.rstrip().endswith(ELLIPSES) for p in self.paragraphs)

    @property
    def lone_short_bullet(self) -> bool:
        return self.kind in PLAIN and len(self.paragraphs) == 1 and \
            len(self.paragraphs[0].split()) <= 12


def audit(prs) -> list[SlideAudit]:
    """Every slide of the python-pptx presentation PRS."""
    infos = {(m, i): info for info in read_layouts(prs)
             for m, i in [(info.master, info.index)]}
    where = {id(layout): (m, i) for m, master in enumerate(prs.slide_masters)
             for i, layout in enumerate(master.slide_layouts)}
    found = []
    for number, slide in enumerate(prs.slides, start=1):
        info = infos[where[id(slide.slide_layout)]]
        found.append(_slide(number, slide, info))
    return found


def _slide(number: int, slide, info) -> SlideAudit:
    title = slide.shapes.title
    shapes = [s for s in slide.shapes if not _furniture(s) and s != title]
    body = info.body
    inside = [_rect(s) for s in shapes if _rect(s).overlaps(body) and not decorative(s)]
    sizes = [size for s in shapes for size in _sizes(s)]
    paragraphs = tuple(p.text for s in shapes if s.has_text_frame
                       for p in s.text_frame.paragraphs if p.text.strip())
    return SlideAudit(
        number=number, kind=slide._element.cSld.get("name") or "", layout=slide.slide_layout.name,
        title=title.text if title is not None else "", body=body,
        lowest=max((r.bottom for r in inside), default=None),
        smallest=min(sizes, default=None),
        pictures=sum(1 for s in shapes if s._element.tag == f"{P}pic"
                     and not s.name.startswith("QR")),
        tables=sum(1 for s in shapes if s.has_table), paragraphs=paragraphs)


def decorative(shape) -> bool:
    """Marked decorative (a rule, a big question mark): not content, so not counted as
    filling the slide."""
    props = shape._element.find(f".//{P}cNvPr")
    return props is not None and any(e.get("uri") == DECORATIVE_URI
                                     for e in props.iter(f"{A}ext"))


def _furniture(shape) -> bool:
    ph = shape._element.find(f".//{P}ph")
    return (ph is not None and ph.get("type") in FURNITURE) or \
        shape.name.startswith(FURNITURE_NAMES)


def _rect(shape) -> Rect:
    return Rect(int(shape.left or 0), int(shape.top or 0), int(shape.width or 0),
                int(shape.height or 0))


def _sizes(shape) -> list[float]:
    """The sizes of the shape's type: each run's, else its placeholder level's, times the
    recorded shrink."""
    frames = [shape.text_frame] if shape.has_text_frame else []
    if shape.has_table:
        frames = [c.text_frame for row in shape.table.rows for c in row.cells]
    found = []
    for frame in frames:
        fit = frame._txBody.bodyPr.find(f"{A}normAutofit")
        scale = int(fit.get("fontScale", 100000)) / 100000 if fit is not None else 1.0
        for paragraph in frame.paragraphs:
            for run in paragraph.runs:
                if not run.text.strip():
                    continue
                size = run.font.size.pt if run.font.size is not None else \
                    _inherited(shape, paragraph.level)
                if size:
                    found.append(size * scale)
    return found


def _inherited(shape, level: int) -> float | None:
    """A placeholder run's size from its layout's or master's list style."""
    if not shape.is_placeholder:
        return None
    owners = [getattr(shape, "_base_placeholder", None)]
    master = shape.part.slide_layout.slide_master
    styles = master._element.find(f"{P}txStyles/{P}bodyStyle")
    for owner in owners:
        style = owner._element.find(f".//{A}lstStyle/{A}lvl{level + 1}pPr/{A}defRPr") \
            if owner is not None else None
        if style is not None and style.get("sz"):
            return int(style.get("sz")) / 100
    found = styles.find(f"{A}lvl{level + 1}pPr/{A}defRPr") if styles is not None else None
    return int(found.get("sz")) / 100 if found is not None and found.get("sz") else None


def summary(slides: list[SlideAudit]) -> dict[str, float | int]:
    """The issue's measures over the content slides."""
    content = [s for s in slides if s.content]
    count = max(1, len(content))
    return {
        "content_slides": len(content),
        "empty_over_45": sum(s.empty_below > 0.45 for s in content) / count,
        "more_than_bullets": sum(not s.plain for s in content) / count,
        "ellipses": sum(s.ellipsis for s in content),
        "lone_short_bullets": sum(s.lone_short_bullet for s in content),
        "smallest_pt": min((s.smallest for s in content if s.smallest), default=0.0),
        "kinds": len({s.kind for s in content}),
    }
