"""Layout roles: which of a template's layouts the decks use for what.

Every layout of every master is classified by its placeholders (`layouts.read_layouts`); each
role takes a layout of its structure, PowerPoint's names (English, and the common Office
languages) only breaking ties; `[layouts]` in handbook.toml names one outright. A role that no
layout has borrows a related one (a section divider from a title-only layout, its lines then in
a text box), so any template gives a deck.

`TemplateInfo` is what the rest of slides/ asks: the layout for a role, a layout by the name an
author wrote, and each layout's boxes (geometry.LayoutInfo). It is pure data: the planner uses
it, and each deck finds its layouts by (master, index) in a fresh copy of the template.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handbook.slides.geometry import EMU_PER_INCH, LayoutInfo
from handbook.slides.layouts import layout_slug
from handbook.source.config import LAYOUT_ROLES as ROLES

ROLE_HELP = {
    "title": "the course's title slide (title + subtitle)",
    "section": "part and chapter dividers (title + a short body)",
    "content": "bullets (title + one body)",
    "two-content": "bullets in two columns (title + two bodies side by side)",
    "title-only": "tables, figures, QR codes (a title, the rest free)",
    "picture": "a figure beside its points (title + picture + body)",
    "blank": "nothing but the master",
}
NAMES = {  # tie-breakers: PowerPoint's own names in English, Dutch, German, French, Chinese
    "title": ("Title Slide", "Titeldia", "Titelfolie", "Diapositive de titre", "标题幻灯片"),
    "section": ("Section Header", "Sectiekop", "Abschnittsüberschrift", "Titre de section",
                "节标题"),
    "content": ("Title and Content", "Titel en object", "Titel und Inhalt",
                "Titre et contenu", "标题和内容"),
    "two-content": ("Two Content", "Twee objecten", "Zwei Inhalte", "Deux contenus",
                    "两栏内容"),
    "title-only": ("Title Only", "Alleen titel", "Nur Titel", "Titre seul", "仅标题"),
    "picture": ("Picture with Caption", "Afbeelding met bijschrift", "Bild mit Überschrift",
                "Image avec légende", "图片与标题"),
    "blank": ("Blank", "Leeg", "Leer", "Vide", "空白"),
}
BORROW = {  # a role no layout fits takes the first of these that the template has
    "title": ("section", "title-only", "content", "two-content", "blank"),
    "section": ("title", "title-only", "content", "two-content", "blank"),
    "content": ("two-content", "title-only", "section", "title", "picture", "blank"),
    "two-content": ("content", "title-only", "section", "title", "blank"),
    "title-only": ("content", "two-content", "section", "title", "blank"),
    "picture": ("content", "two-content", "title-only", "section", "title", "blank"),
    "blank": ("title-only", "content", "section", "title"),
}


@dataclass(frozen=True)
class Choice:
    role: str
    key: str  # the layout's key
    how: str  # "structure", "name", "[layouts]", or "borrowed from <role>"


@dataclass(frozen=True)
class TemplateInfo:
    """A template's slide size, its layouts, and the layout chosen for each role."""

    size: tuple[int, int]  # EMU
    layouts: tuple[LayoutInfo, ...]
    choices: tuple[Choice, ...]
    notes: tuple[str, ...] = field(default=())  # what choosing found wrong ([layouts] names)

    def role(self, role: str) -> LayoutInfo:
        """The layout for ROLE (every role has one)."""
        key = next(c.key for c in self.choices if c.role == role)
        return self.by_key(key)

    def by_key(self, key: str) -> LayoutInfo:
        return next(info for info in self.layouts if info.key == key)

    def find(self, wanted: str) -> LayoutInfo | None:
        """A layout by the name an author wrote: exact, in any case, as a slug, or a role."""
        for match in (lambda i: i.name == wanted,
                      lambda i: i.name.casefold() == wanted.casefold(),
                      lambda i: i.key == wanted or layout_slug(i.name) == layout_slug(wanted)):
            found = next((info for info in self.layouts if match(info)), None)
            if found is not None:
                return found
        return self.role(wanted) if wanted in ROLES else None

    def mapping(self) -> list[str]:
        """One line per role: "section → 'Sectiekop' (by structure)"."""
        lines = []
        for choice in self.choices:
            info = self.by_key(choice.key)
            where = f", master {info.master + 1}" if len({i.master for i in self.layouts}) > 1 \
                else ""
            how = {"structure": "by its placeholders", "name": "by its name"}.get(choice.how,
                                                                                   choice.how)
            lines.append(f"{choice.role:<11} → '{info.name}' ({how}{where})")
        return lines


def choose(layouts: tuple[LayoutInfo, ...], size: tuple[int, int],
           overrides: tuple[tuple[str, str], ...] = ()) -> TemplateInfo:
    """The layout for each role: the author's, else by structure, else borrowed."""
    wanted = dict(overrides)
    notes: list[str] = []
    picked: dict[str, Choice] = {}
    for role in ("content", *(r for r in ROLES if r != "content")):  # the others look at it
        if role in wanted:
            info = TemplateInfo(size, layouts, ()).find(wanted[role])
            if info is not None:
                picked[role] = Choice(role, info.key, "[layouts]")
                continue
            names = ", ".join(f"'{i.name}'" for i in layouts)
            notes.append(f"[layouts] {role} = \"{wanted[role]}\": no layout of that name "
                         f"(the template has {names}); choosing one by its placeholders")
        content = next((i for i in layouts if "content" in picked
                        and i.key == picked["content"].key), None)
        found = _by_structure(role, layouts, content)
        if found is not None:
            picked[role] = found
    for role in ROLES:
        if role not in picked:
            picked[role] = _borrowed(role, picked, layouts)
    return TemplateInfo(size, layouts, tuple(picked[r] for r in ROLES), tuple(notes))


def _by_structure(role: str, layouts: tuple[LayoutInfo, ...],
                  content: LayoutInfo | None) -> Choice | None:
    """The layout whose placeholders fit ROLE: its usual name first, then the one whose title
    sits where the content layout's does (a divider: the one whose title sits elsewhere); else
    one of that name that at least has a title placeholder."""
    names = [n.casefold() for n in NAMES[role]]
    divider = role in ("title", "section")

    def order(info: LayoutInfo) -> tuple[bool, int]:
        distance = _distance(info, content)
        return info.name.casefold() not in names, -distance if divider else distance

    fitting = sorted((i for i in layouts if i.kind == role), key=order)
    if not fitting and role == "section":  # a divider may be a title alone, set apart
        fitting = sorted((i for i in layouts if i.kind == "title-only"
                          and _distance(i, content) > EMU_PER_INCH // 2), key=order)
    if fitting:
        return Choice(role, fitting[0].key, "structure")
    named = [i for i in layouts if i.name.casefold() in names and i.has_title]
    return Choice(role, named[0].key, "name") if named else None


def _distance(info: LayoutInfo, content: LayoutInfo | None) -> int:
    """How far a layout's title is from the content layout's (0 without one)."""
    if content is None or info.key == content.key:
        return 0
    a, b = info.title, content.title
    return abs(a.top - b.top) + abs(a.height - b.height) + abs(a.left - b.left)


def _borrowed(role: str, picked: dict[str, Choice], layouts: tuple[LayoutInfo, ...]) -> Choice:
    for other in BORROW[role]:
        if other in picked and picked[other].how in ("structure", "name", "[layouts]"):
            return Choice(role, picked[other].key, f"borrowed from {other}")
    titled = next((i for i in layouts if i.has_title), layouts[0])
    return Choice(role, titled.key, "the first layout with a title")
