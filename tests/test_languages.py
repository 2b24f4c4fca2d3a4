"""Labels printed into the outputs follow the book's language; a language is one file."""

from __future__ import annotations

from pptx import Presentation
from pypdf import PdfReader

from handbook.build import build
from handbook.source.labels import known_languages, labels_for


def set_language(project, code):
    config = project / "handbook.toml"
    config.write_text(config.read_text().replace('language = "en"', f'language = "{code}"'))


def test_english_and_dutch_ship_with_the_same_words():
    assert {"en", "nl"} <= set(known_languages())
    assert set(labels_for("nl")) == set(labels_for("en"))
    assert labels_for("nl-BE")["contents"] == "Inhoud"
    assert labels_for("xx")["contents"] == "Contents"  # unknown: English


def test_dutch_book(project, tmp_path):
    set_language(project, "nl")
    chapter = project / "content" / "03-without-part.md"
    chapter.write_text(chapter.read_text() + "\n!!! warning\n    Pas op.\n")
    build(project, tmp_path)
    pdf = PdfReader(tmp_path / "handbook.pdf")
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Inhoud" in text and "min. leestijd" in text and "Door Ada Lovelace" in text
    assert "HOOFDSTUK" in text.upper() and "WAARSCHUWING" in text.upper()
    assert pdf.trailer["/Root"]["/Lang"] == "nl"
    titles = [s.shapes.title.text for s in Presentation(str(tmp_path / "slides.pptx")).slides]
    assert "Hoofdstuk 1 in vogelvlucht" in titles
    assert "Probeer het zelf" not in titles  # the fixture names its question box itself


def test_a_project_adds_a_language_with_one_file(project, tmp_path):
    set_language(project, "de")
    folder = project / "styles" / "languages"
    folder.mkdir(parents=True)
    (folder / "de.toml").write_text('contents = "Inhalt"\nchapter = "Kapitel"\n')
    build(project, tmp_path)
    texts = [page.extract_text() for page in PdfReader(tmp_path / "handbook.pdf").pages]
    assert any(text.lstrip().startswith("Inhalt") for text in texts)  # the contents
    titles = [s.shapes.title.text for s in Presentation(str(tmp_path / "slides.pptx")).slides]
    assert "Kapitel 1 at a glance" in titles  # words it does not give stay English
