"""Learning goals, questions with answers, and QR codes for links on paper."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import cairosvg
import zxingcpp
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from handbook.build import build
from handbook.source.loader import load_book

from .conftest import FIXTURE_BOOK

EUR_LEX = "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"


def body_text(slide) -> list[str]:
    from .test_pptx import body_text as text

    return text(slide)


def decoded(png: bytes) -> list[str]:
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    flat = Image.new("RGB", image.size, "white")  # transparent SVG renders: put on paper
    flat.paste(image, mask=image.getchannel("A"))
    return [r.text for r in zxingcpp.read_barcodes(flat)]


def test_goals_on_the_opener_and_the_overview_slide(built):
    out, _ = built
    texts = [page.extract_text() for page in PdfReader(out / "handbook.pdf").pages]
    opener = next(t for t in texts if "A chapter outside any part" in t and "min read" in t)
    assert "You will be able to" in opener and "Read a vector drawing" in opener
    deck = Presentation(str(out / "slides" / "03-without-part.pptx"))
    overview = next(s for s in deck.slides if s.shapes.title.text == "Chapter 3 at a glance")
    assert overview._element.cSld.get("name") == "agenda"
    shown = body_text(overview)
    assert shown[:2] == ["1", "The only section"]
    assert shown[-3:] == ["You will be able to", "Read a vector drawing", "Answer a quiz question"]


def test_answers_only_in_the_answer_key_with_page_references(built):
    out, _ = built
    texts = [page.extract_text() for page in PdfReader(out / "handbook.pdf").pages]
    key_page = next(n for n, t in enumerate(texts, 1) if t.lstrip().startswith("Answers"))
    question_page = next(n for n, t in enumerate(texts, 1) if "What does the drawing show?" in t
                         and n != key_page)
    assert f"Answer on page {key_page}" in texts[question_page - 1]
    assert "A rectangle with the word Diagram." not in "".join(texts[: key_page - 1])
    assert "A rectangle with the word Diagram." in texts[key_page - 1]
    assert f"Question on page {question_page}" in texts[key_page - 1]


def test_answer_in_the_notes_or_on_the_next_slide(project, tmp_path):
    out = tmp_path / "notes"
    build(project, out)
    deck = Presentation(str(out / "slides" / "03-without-part.pptx"))
    quiz = next(s for s in deck.slides if s.shapes.title.text == "Quiz: The only section")
    assert "A rectangle with the word Diagram." in quiz.notes_slide.notes_text_frame.text
    assert "Answer" not in [s.shapes.title.text for s in deck.slides]
    config = project / "handbook.toml"
    config.write_text(config.read_text() + "answer_slides = true\n")
    build(project, tmp_path / "slides")
    deck = Presentation(str(tmp_path / "slides" / "slides" / "03-without-part.pptx"))
    titles = [s.shapes.title.text for s in deck.slides]
    answer = deck.slides[titles.index("Answer")]
    assert titles.index("Answer") == titles.index("Quiz: The only section") + 1
    assert body_text(answer) == ["A rectangle with the word Diagram."]


def test_qr_codes_in_print_decode_to_the_link():
    chapter = load_book(FIXTURE_BOOK).chapters[0]
    sources = re.findall(r'class="qr" src="data:image/svg\+xml;charset=utf-8,([^"]+)"',
                         chapter.html)
    assert len(sources) == 1
    png = cairosvg.svg2png(bytestring=unquote(sources[0]).encode(), output_width=400)
    assert decoded(png) == [EUR_LEX]


def test_qr_codes_on_the_further_reading_slide_decode_to_the_link(built):
    out, _ = built
    deck = Presentation(str(out / "slides" / "01-first-steps.pptx"))
    slide = next(s for s in deck.slides if s.shapes.title.text == "Want to know more?")
    codes = [shape for shape in slide.shapes if shape.name.startswith("QR code")]
    assert len(codes) == 1
    assert decoded(codes[0].image.blob) == [EUR_LEX]
    assert codes[0]._element.nvPicPr.cNvPr.get("descr") == f"QR code for {EUR_LEX}"


GLOSSARY = """---
title: Glossary
glossary: true
---

## Terms

Footnote
:   A note at the foot of the page.

Large language model (LLM)
:   A model trained on a lot of text.
"""


def glossary_project(project):
    (project / "content" / "04-glossary.md").write_text(GLOSSARY)
    chapter = project / "content" / "01-first-steps.md"
    chapter.write_text(chapter.read_text().replace(
        "This introduction comes before the first section.",
        "This introduction mentions a footnote and an LLM, and footnotes again, and "
        "[[indexing|the index]] too.") + "\nA [[second mark|the index]] in the last section.\n")
    return project


def test_first_use_of_a_glossary_term_links_to_its_definition(project, tmp_path):
    book = load_book(glossary_project(project))
    first = book.chapters[0]
    assert first.html.count('href="#glossary--term-footnote"') == 1
    assert first.html.count('href="#glossary--term-large-language-model-llm"') == 1
    assert ('class="term" href="#glossary--term-footnote" id="first-steps--use-1">footnote</a>'
            in first.html)
    build(project, tmp_path)
    pdf = PdfReader(tmp_path / "handbook.pdf")
    glossary_page = next(n for n, p in enumerate(pdf.pages)
                         if "A note at the foot of the page." in p.extract_text())
    targets = []
    opener = next(p for p in pdf.pages if "mentions a footnote" in p.extract_text())
    for page in [opener]:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if "/Dest" in annotation or ("/A" in annotation and "/D" in annotation["/A"]):
                destination = annotation.get("/Dest") or annotation["/A"]["/D"]
                if isinstance(destination, str):
                    destination = pdf.named_destinations[destination]
                    targets.append(pdf.get_destination_page_number(destination))
                else:
                    targets.append(pdf.get_page_number(destination[0].get_object()))
    assert glossary_page in targets


def test_subject_index_lists_marked_terms_and_glossary_terms_with_their_pages(project,
                                                                               tmp_path):
    build(glossary_project(project), tmp_path)
    texts = [p.extract_text() for p in PdfReader(tmp_path / "handbook.pdf").pages]
    index = next(t for t in texts if t.lstrip().startswith("Index"))
    mark_page = next(n for n, t in enumerate(texts, 1) if "mentions a footnote" in t)
    glossary_page = next(n for n, t in enumerate(texts, 1) if "A note at the foot" in t)
    assert re.search(rf"the index\s+{mark_page}\b", index), index
    # the first use, then the glossary entry; written as an index writes common nouns
    assert re.search(rf"footnote\s+{mark_page};\s+glossary\s+{glossary_page}\b", index), index
    assert "large language model (LLM)" in index
