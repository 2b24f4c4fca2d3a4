"""Glossary terms and index marks, found in the parse tree for the printed book.

- A chapter with `glossary: true` defines terms in its definition lists. Each definition
  gets an id, and in every other chapter the first use of each term is linked to it.
- `[[term]]` (or `[[shown text|index term]]`, `[[shown|term!sub-entry]]`) marks a
  subject-index entry where the text explains the term; `source/index.py` assembles the index
  from these marks, the first uses and the glossary.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown.inlinepatterns import InlineProcessor

INDEX_MARK = r"\[\[([^\[\]|]+?)(?:\|([^\[\]]+?))?\]\]"
SUB_ENTRY = "!"  # [[…|term!sub-entry]]
NO_LINKS_IN = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "dt",
               "span", "sup"}


@dataclass(frozen=True)
class Term:
    name: str  # as the glossary writes it, e.g. "Large language model (LLM)"
    anchor: str  # id of its definition in the book
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class IndexEntry:
    term: str
    anchor: str


def term_anchor(slug: str, name: str) -> str:
    return f"{slug}--term-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def term_pattern(name: str) -> re.Pattern[str]:
    """'Large language model (LLM)' matches 'large language models' and 'LLM'."""
    main = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    forms = [main] + [inner.strip() for inner in re.findall(r"\((.*?)\)", name)]
    alternatives = []
    for form in sorted({f for f in forms if len(f) > 1}, key=len, reverse=True):
        words = r"\s+".join(re.escape(w) for w in form.split())
        case = "" if form.isupper() else "(?i:"  # acronyms only in capitals
        alternatives.append(f"{case}{words}(?:e?s)?" + (")" if case else ""))
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")


def mark_glossary(root: etree.Element, slug: str) -> list[tuple[str, str]]:
    """Give every <dt> an id; return (term, id) for each."""
    found = []
    for dt in root.iter("dt"):
        name = " ".join("".join(dt.itertext()).split())
        if name:
            dt.set("id", term_anchor(slug, name))
            found.append((name, dt.get("id")))
    return found


def link_first_uses(root: etree.Element, terms: list[Term],
                    slug: str = "chapter") -> list[tuple[str, str, str]]:
    """Link the first use of each term in the chapter's running text to its definition.

    Never inside headings, links, code, captions, footnotes or boxes (callouts, further
    reading): a reader meets the marked term where the text explains it. Returns
    (term, text as written, id of the link) for each use, for the subject index."""
    remaining = sorted(terms, key=lambda t: len(t.name), reverse=True)
    for element in list(_running_text(root)):
        if not remaining:
            break
        remaining = _link_text(element, remaining)
    names = {f"#{term.anchor}": term.name for term in terms}
    uses = []
    for link, before in _with_text_before(root, "a"):
        if "term" in (link.get("class") or "").split() and link.get("href") in names:
            link.set("id", f"{slug}--use-{len(uses) + 1}")
            written = "" if _sentence_start(before) else link.text or ""  # "" tells nothing
            uses.append((names[link.get("href")], written, link.get("id")))
    return uses


def _with_text_before(root: etree.Element, tag: str):
    """(element, the text just before it in its parent) for every TAG element."""
    for parent in root.iter():
        previous = None
        for child in parent:
            if child.tag == tag:
                yield child, parent.text or "" if previous is None else previous.tail or ""
            previous = child


def _sentence_start(before: str) -> bool:
    before = before.rstrip(" \t\n\"'“‘(")
    return not before or before[-1] in ".!?:"


def _running_text(element: etree.Element):
    """The element and its descendants, leaving out the parts where terms are not linked."""
    classes = (element.get("class") or "").split()
    if element.tag in NO_LINKS_IN or {"admonition", "footnote"} & set(classes):
        return
    yield element
    for child in element:
        yield from _running_text(child)


def _link_text(element: etree.Element, terms: list[Term]) -> list[Term]:
    """Link matches in the element's own text and its children's tails."""
    position = 0
    slots = [None, *list(element)]  # None: element.text; else child.tail
    while position < len(slots):
        owner = slots[position]
        text = element.text if owner is None else owner.tail
        hit = _first_hit(text or "", terms)
        if hit is None:
            position += 1
            continue
        term, match = hit
        link = etree.Element("a", {"class": "term", "href": f"#{term.anchor}"})
        link.text = match.group(0)
        put_in_text(element, owner, text, match, link)
        terms = [t for t in terms if t is not term]
        slots.insert(position + 1, link)
        position += 1
    return terms


def put_in_text(element: etree.Element, slot: etree.Element | None, text: str,
                match: re.Match[str], new: etree.Element) -> None:
    """Put NEW where MATCH is in TEXT, ELEMENT's own text (SLOT None) or SLOT's tail."""
    new.tail = text[match.end():]
    if slot is None:
        element.text = text[: match.start()]
        element.insert(0, new)
    else:
        slot.tail = text[: match.start()]
        element.insert(list(element).index(slot) + 1, new)


def _first_hit(text: str, terms: list[Term]) -> tuple[Term, re.Match[str]] | None:
    best = None
    for term in terms:
        match = term.pattern.search(text)
        if match and (best is None or match.start() < best[1].start()):
            best = (term, match)
    return best


def collect_index(root: etree.Element, slug: str) -> list[IndexEntry]:
    """Give each index mark an id; one entry per term per chapter (its first mark)."""
    entries: dict[str, IndexEntry] = {}
    marks = [(m, b) for m, b in _with_text_before(root, "span")
             if "index-term" in (m.get("class") or "").split()]
    for number, (mark, before) in enumerate(marks, start=1):
        term = mark.get("data-term") or "".join(mark.itertext())
        if term == mark.text and _sentence_start(before) and term[1:2].islower():
            term = term[:1].lower() + term[1:]  # "Shadow AI is …": the capital is the sentence's
        mark.set("id", f"{slug}--index-{number}")
        entries.setdefault(term.casefold(), IndexEntry(term, mark.get("id")))
    return list(entries.values())


class IndexMarkProcessor(InlineProcessor):
    """`[[term]]` → <span class="index-term">term</span>; `[[text|term]]` files it as term.

    `term!sub-entry` files it under a sub-entry of term: `[[automation bias|bias!automation]]`;
    without a shown text, the sub-entry is shown."""

    def handleMatch(self, m, data):
        span = etree.Element("span", {"class": "index-term"})
        shown = m.group(1).strip()
        span.text = shown.rsplit(SUB_ENTRY, 1)[-1].strip() if m.group(2) is None else shown
        span.set("data-term", (m.group(2) or m.group(1)).strip())
        return span, m.start(0), m.end(0)
