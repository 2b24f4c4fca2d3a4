"""The subject index, assembled from the model: index marks, first uses and the glossary.

Each entry points first to where the text explains the term (its first `[[mark]]`, printed in
bold), then to its other marks, then to its glossary entry. A glossary term that is never
marked points to its first use in the book instead. Terms are written as an index writes
them: "hallucination", "human oversight", but "AI Act", "ChatGPT", "Annex III".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from handbook.model import Book
from handbook.source.terms import SUB_ENTRY, term_pattern

EXPLAINED, MENTION, GLOSSARY = "explained", "mention", "glossary"
ROMAN = re.compile(r"^[IVXLC]+$")


@dataclass(frozen=True)
class Locator:
    anchor: str  # id of the place in the book
    kind: str  # EXPLAINED, MENTION or GLOSSARY


@dataclass(frozen=True)
class IndexTerm:
    name: str
    locators: tuple[Locator, ...]
    subentries: tuple[IndexTerm, ...] = ()


@dataclass
class _Entry:
    name: str
    marks: list[str] = field(default_factory=list)
    glossary: str | None = None
    first_use: str | None = None
    forms: list[str] = field(default_factory=list)  # how the text writes it
    subs: dict[str, _Entry] = field(default_factory=dict)

    def term(self) -> IndexTerm:
        locators = [Locator(a, EXPLAINED if not n else MENTION) for n, a in enumerate(self.marks)]
        if not self.marks and self.first_use:
            locators.append(Locator(self.first_use, MENTION))
        if self.glossary:
            locators.append(Locator(self.glossary, GLOSSARY))
        subs = sorted(self.subs.values(), key=lambda e: sort_key(e.name))
        return IndexTerm(index_form(self.name, self.forms), tuple(locators),
                         tuple(sub.term() for sub in subs))


def book_index(book: Book) -> list[tuple[str, list[IndexTerm]]]:
    """(letter, terms) groups for the index at the back of the book, in alphabetical order."""
    entries: dict[str, _Entry] = {}
    glossary = [(name, anchor) for chapter in book.chapters for name, anchor in chapter.terms]
    patterns = [(name, term_pattern(name)) for name, _ in glossary]

    def entry(raw: str) -> _Entry:
        name = next((n for n, p in patterns if n.casefold() == raw.casefold()
                     or p.fullmatch(raw)), raw)
        return entries.setdefault(name.casefold(), _Entry(name))

    for name, anchor in glossary:
        entry(name).glossary = anchor
    for chapter in book.chapters:
        for term, anchor in chapter.index:
            main, _, sub = (part.strip() for part in term.partition(SUB_ENTRY))
            target = entry(main)
            if sub:
                target = target.subs.setdefault(sub.casefold(), _Entry(sub))
            target.marks.append(anchor)
            target.forms.append(sub or main)
        for term, written, anchor in chapter.uses:
            used = entry(term)
            used.first_use = used.first_use or anchor
            used.forms.append(written)
    groups: dict[str, list[IndexTerm]] = {}
    for item in sorted(entries.values(), key=lambda e: sort_key(e.name)):
        letter = unicodedata.normalize("NFKD", item.name[:1]).upper()[:1]
        groups.setdefault(letter if letter.isalpha() else "#", []).append(item.term())
    return list(groups.items())


def sort_key(name: str) -> tuple[str, str]:
    folded = name.casefold()
    return unicodedata.normalize("NFKD", folded), folded


def index_form(name: str, forms: list[str] = ()) -> str:
    """'Human oversight' → 'human oversight', unless it is a name ('Digital Omnibus', 'AI Act',
    'Annex III') or the text always writes it with a capital."""
    words = name.split()
    first = words[0] if words else ""
    if not (first[:1].isupper() and first[1:] == first[1:].lower()):
        return name  # an acronym or a name written in capitals inside: AI Act, ChatGPT
    if any(_names_something(word) for word in words[1:]):
        return name
    words_forms = [form for form in forms if not form.isupper()]  # not the abbreviation
    if words_forms and all(form[:1].isupper() for form in words_forms):
        return name  # "Transformer", "Copilot": the text capitalises it everywhere
    return first[:1].lower() + name[1:]


def _names_something(word: str) -> bool:
    """A capitalised word or a number after the first: part of a name."""
    if word.startswith("("):
        return False  # an abbreviation in brackets: "Large language model (LLM)"
    word = word.strip(",;:.")
    return word.isdigit() or bool(ROMAN.match(word)) or (
        word[:1].isupper() and not word.isupper())
