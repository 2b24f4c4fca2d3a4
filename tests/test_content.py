"""The shipped course: every chapter builds and has the parts the course promises."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import pytest

from handbook.model import Callout, Image, ListBlock, Paragraph, Table, plain
from handbook.source.checks import all_blocks, all_inlines
from handbook.source.loader import load_book
from handbook.source.terms import term_pattern

from .conftest import REPO

BOOK = load_book(REPO)
CHAPTERS = BOOK.chapters
GLOSSARY = "Glossary"
LESSONS = [c for c in CHAPTERS if not c.meta.glossary]


def spans_of(chapter):
    for spans in all_inlines(chapter):  # paragraphs, list items, cells and definitions
        yield from spans


def text_of(chapter) -> str:
    """The chapter's words: section titles, paragraphs, lists, cells and callouts."""
    parts = [s.title for s in chapter.sections] + [plain(spans) for spans in all_inlines(chapter)]
    return " ".join(parts)


def chapter_titled(title):
    return next(c for c in CHAPTERS if c.meta.title == title)


def glossary_terms() -> list[str]:
    return [name for name, _ in chapter_titled(GLOSSARY).terms]


def table_rows(chapter) -> list[list[str]]:
    return [[plain(cell) for cell in row]
            for block in all_blocks(chapter) if isinstance(block, Table) for row in block.rows]


def test_the_course_has_ten_chapters_in_three_modules():
    assert len(CHAPTERS) >= 10
    parts = [p.title for p in BOOK.parts()]
    assert parts == ["What is (Gen)AI?", "Working with generative AI", "AI in the organisation"]


def test_the_book_is_the_december_2026_edition():
    assert BOOK.meta.version == "2.0"
    assert BOOK.meta.date == "December 2026"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_chapter_has_front_matter_and_sections(chapter):
    meta = chapter.meta
    assert meta.title and meta.author and meta.summary
    assert 3 <= len(chapter.sections) <= 6
    if meta.title != GLOSSARY:
        assert meta.part and len(meta.goals) >= 3
        assert 800 <= chapter.word_count <= 1800, chapter.word_count


@pytest.mark.parametrize("chapter", LESSONS, ids=lambda c: c.stem)
def test_chapter_has_in_short_question_and_further_reading(chapter):
    callouts = [b for b in all_blocks(chapter) if isinstance(b, Callout)]
    kinds = [c.kind for c in callouts]
    assert kinds.count("summary") >= 1  # "In short" where a section is long, not everywhere
    for section in chapter.sections:
        in_section = [b for b in section.blocks if isinstance(b, Callout) and b.kind == "summary"]
        assert len(in_section) <= 1, section.title
    assert "question" in kinds
    assert kinds[-1] == "more"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_answers_are_written_for_the_reader(chapter):
    assert chapter.answers, "every question has a model answer"
    for answer in chapter.answers:
        assert not re.search(r"\b(listen for|remind participants|participants|invite the group"
                             r"|point out)\b", answer.text, re.I), answer.question


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_links_are_well_formed(chapter):
    for span in spans_of(chapter):
        if span.href and span.href.startswith("#"):  # a reference to a numbered figure
            assert f"{chapter.slug}--{span.href[1:]}" in chapter.ids, span.href
        elif span.href:
            parts = urlsplit(span.href)
            assert parts.scheme == "https" and "." in parts.netloc, span.href
            assert not re.search(r"\s", span.href)
            assert span.text.strip() and span.text.strip() != span.href


def test_further_reading_is_for_staff_and_not_repeated_chapter_after_chapter():
    seen: dict[str, str] = {}
    for chapter in CHAPTERS:
        more = [b for b in all_blocks(chapter) if isinstance(b, Callout) and b.kind == "more"]
        for block in more:
            for item in (s for b in block.blocks for s in _link_spans(b)):
                assert "developers." not in item.href and "platform.claude.com" not in item.href
                assert item.href not in seen, (item.href, seen.get(item.href), chapter.stem)
                seen[item.href] = chapter.stem
    wolfram = next(stem for href, stem in seen.items() if "stephenwolfram" in href)
    assert "(advanced)" in text_of(next(c for c in CHAPTERS if c.stem == wolfram))
    assert any("autoriteitpersoonsgegevens.nl" in href for href in seen)  # Dutch sources
    assert any("europa.eu" in href for href in seen)  # EU sources


def _link_spans(block):
    if isinstance(block, Paragraph):
        yield from (s for s in block.spans if s.href)
    elif isinstance(block, ListBlock):
        for item in block.items:
            yield from (s for s in item.spans if s.href)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_images_have_alt_text_and_caption(chapter):
    for block in all_blocks(chapter):
        if isinstance(block, Image):
            assert len(block.alt.split()) >= 4, block.source
            assert block.caption, block.source


def test_every_module_has_a_figure_or_table():
    for part in BOOK.parts():
        found = [b for c in part.chapters for b in all_blocks(c) if isinstance(b, Image | Table)]
        assert found, part.title


def test_the_milestones_reach_2026():
    years = [row[0] for row in table_rows(chapter_titled("What is AI?"))]
    assert "1956" in years and "2022" in years and "2026" in years


# The AI Act chapter: dates as verified in December 2026 (Regulation (EU) 2024/1689 as amended
# by the Digital Omnibus, Regulation (EU) 2026/1744). A later edit must not drop them silently.
AI_ACT = "The EU AI Act and AI literacy"
TIMELINE = {  # what starts to apply: (original date, date as amended)
    "Prohibited practices": ("2 February 2025", "unchanged"),
    "General-purpose AI models": ("2 August 2025", "unchanged"),
    "chatbot transparency": ("2 August 2026", "unchanged"),
    "Marking duty": ("2 August 2026", "2 December 2026"),
    "Ban on non-consensual": ("not in the 2024 text", "2 December 2026"),
    "Annex III": ("2 August 2026", "2 December 2027"),
    "Annex I": ("2 August 2027", "2 August 2028"),
}


@pytest.mark.parametrize("what", TIMELINE)
def test_ai_act_timeline_gives_original_and_amended_dates(what):
    rows = table_rows(chapter_titled(AI_ACT))
    row = next(r for r in rows if re.search(rf"\b{re.escape(what)}\b", r[0]))
    assert tuple(row[1:3]) == TIMELINE[what], row


def test_ai_act_chapter_states_the_omnibus_and_who_carries_article_4():
    chapter = chapter_titled(AI_ACT)
    text = text_of(chapter)
    for fact in ["Digital Omnibus", "Regulation (EU) 2026/1744", "7 May 2026", "16 June 2026",
                 "24 July 2026", "27 July 2026", "2 February 2025", "December 2026",
                 "your organisation", "from August 2026", "EUR-Lex"]:
        assert fact in text, fact
    assert "as reported" in text  # facts known only from secondary sources are hedged
    assert "[[" not in text


def test_chapters_2_4_and_6_carry_the_2026_material():
    facts = {
        "How are large language models trained?": ["reasoning model", "synthetic data",
                                                    "AI feedback", "September 2025",
                                                    "during pre-training"],
        "What generative AI can and cannot do": ["sycophancy", "detector", "€2.75 million",
                                                 "December 2021", "retrieval-augmented"],
        "Privacy, confidentiality and copyright": ["2019/790", "Article 3", "Article 4",
                                                   "53(1)(c)", "GEMA v OpenAI",
                                                   "11 November 2025", "first-instance"],
    }
    for title, needed in facts.items():
        text = text_of(chapter_titled(title))
        for fact in needed:
            assert fact.lower() in text.lower(), (title, fact)


SAFE_USE = "Working safely with AI tools"


def test_the_new_chapter_sits_in_module_3_before_responsible_use():
    titles = [c.meta.title for c in CHAPTERS]
    chapter = chapter_titled(SAFE_USE)
    assert chapter.meta.part == "AI in the organisation"
    assert titles.index(AI_ACT) < titles.index(SAFE_USE) < titles.index(
        "Using AI responsibly in your work")
    text = text_of(chapter)
    for fact in ["prompt injection", "LLM01", "LLM06", "excessive agency", "oversharing",
                 "deepfake", "Arup", "January 2024", "US$25 million", "phishing", "Shadow AI",
                 "Autoriteit Persoonsgegevens", "data breach", "72 hours"]:
        assert fact.lower() in text.lower(), fact


def test_the_new_chapter_has_its_own_figure_in_the_house_style():
    chapter = chapter_titled(SAFE_USE)
    (figure,) = [b for b in all_blocks(chapter) if isinstance(b, Image)]
    assert figure.path.suffix == ".svg" and figure.path.is_file()
    others = [b.path for c in CHAPTERS if c is not chapter
              for b in all_blocks(c) if isinstance(b, Image)]
    assert figure.path not in others
    svg = etree.parse(figure.path).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert "Carlito" in svg.get("font-family", "")
    assert svg.find(f"{ns}title").text and svg.find(f"{ns}desc").text
    drawn = " ".join(t.text or "" for t in svg.iter(f"{ns}text"))
    assert figure.caption.split(". ", 1)[-1] not in drawn  # the caption is not repeated inside


def test_glossary_defines_at_least_30_terms():
    from handbook.model import DefinitionList

    glossary = chapter_titled(GLOSSARY)
    terms = [d for b in all_blocks(glossary) if isinstance(b, DefinitionList) for d in b.items]
    assert len(terms) >= 30


@pytest.mark.parametrize("term", ["Narrow AI", "General AI (AGI)", "Data-processing agreement",
                                  "Special-category data", "Digital Omnibus", "EUR-Lex",
                                  "Consolidated text", "Annex III", "Social scoring",
                                  "Emotion recognition", "Automated decision-making",
                                  "Memory feature", "AI agent", "Prompt injection", "Deepfake",
                                  "Shadow AI", "Sycophancy", "Reasoning model",
                                  "Retrieval-augmented generation (RAG)", "Parameter"])
def test_glossary_defines_the_course_terms(term):
    assert term in glossary_terms()


@pytest.mark.parametrize("term", glossary_terms())
def test_every_glossary_term_is_used_in_a_chapter(term):
    pattern = term_pattern(term)
    assert any(pattern.search(text_of(c)) for c in LESSONS), term


def test_every_index_mark_is_a_glossary_term():
    patterns = [term_pattern(t) for t in glossary_terms()]
    for chapter in LESSONS:
        for term, _ in chapter.index:
            assert any(p.fullmatch(term) for p in patterns), (chapter.stem, term)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_every_question_has_trainer_notes(chapter):
    """The prompts for the room ("Listen for…") sit in a `::: notes` box inside the question:
    the speaker notes and the trainer guide have them, the handbook does not."""
    questions = [b for b in all_blocks(chapter) if isinstance(b, Callout) and b.kind == "question"]
    assert questions
    for question in questions:
        notes = [b for b in question.blocks if isinstance(b, Callout) and b.for_trainer]
        assert notes and all(plain(s) for b in notes for s in _spans(b)), question.title
        assert not any("Listen for" in plain(s) for s in _spans(question, skip_trainer=True))


def _spans(callout, skip_trainer=False):
    for block in callout.blocks:
        if isinstance(block, Callout):
            if not (skip_trainer and block.for_trainer):
                yield from _spans(block, skip_trainer)
        elif isinstance(block, Paragraph):
            yield block.spans
        elif isinstance(block, ListBlock):
            yield from (item.spans for item in block.items)

