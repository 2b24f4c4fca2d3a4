"""The subject index from the model: explained pages first, sub-entries, index capitalisation."""

from __future__ import annotations

from handbook.source.index import EXPLAINED, GLOSSARY, MENTION, book_index, index_form
from handbook.source.loader import load_book

GLOSSARY_CHAPTER = """---
title: Glossary
glossary: true
---

## Terms

Bias
:   A systematic skew.

Human oversight
:   People checking what a system does.

Digital Omnibus
:   A package of amendments.
"""

MARKS = """

[[Bias]] comes first in this sentence, and [[automation bias|bias!automation]] is a kind of it.
Human oversight is named here without a mark. The [[Digital Omnibus]] is a name.
"""


def test_index_entries_point_to_explanations_sub_entries_and_the_glossary(project):
    (project / "content" / "04-glossary.md").write_text(GLOSSARY_CHAPTER)
    chapter = project / "content" / "01-first-steps.md"
    chapter.write_text(chapter.read_text() + MARKS)
    second = project / "content" / "03-without-part.md"
    second.write_text(second.read_text() + "\nMore on [[bias]] here.\n")
    entries = {term.name: term for _, terms in book_index(load_book(project)) for term in terms}
    bias = entries["bias"]  # the glossary's "Bias", written as an index writes it
    assert [locator.kind for locator in bias.locators] == [EXPLAINED, MENTION, GLOSSARY]
    assert [(sub.name, [loc.kind for loc in sub.locators]) for sub in bias.subentries] == [
        ("automation", [EXPLAINED])]
    assert [loc.kind for loc in entries["human oversight"].locators] == [MENTION, GLOSSARY]
    assert "Digital Omnibus" in entries  # a name keeps its capitals


def test_index_form():
    assert index_form("Hallucination") == "hallucination"
    assert index_form("Large language model (LLM)") == "large language model (LLM)"
    assert index_form("Shadow AI") == "shadow AI"
    for name in ("AI Act", "ChatGPT", "Annex III", "Article 4", "Digital Omnibus", "EUR-Lex"):
        assert index_form(name) == name
    assert index_form("Transformer", ["Transformer"]) == "Transformer"  # the text capitalises it
    assert index_form("Transformer", ["transformers", "Transformer"]) == "transformer"
