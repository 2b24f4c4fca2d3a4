"""handbook.toml: every key reaches the outputs; wrong values are reported with their line."""

from __future__ import annotations

from pptx import Presentation
from pypdf import PdfReader

from handbook.book.settings_css import config_css
from handbook.build import build
from handbook.cli import main
from handbook.source.config import ALL_KEYS

from .conftest import REPO


def configure(project, extra: str) -> None:
    config = project / "handbook.toml"
    config.write_text(config.read_text().replace('author = "Test team"\n', "") + extra)


def test_paper_authors_logo_chapters(project, tmp_path, capsys):
    (project / "styles").mkdir()
    (project / "content" / "images" / "square.png").rename(project / "styles" / "logo.png")
    chapter = project / "content" / "01-first-steps.md"
    chapter.write_text(chapter.read_text().replace("![A grey square used as a test picture]"
                                                   "(images/square.png \"Figure 1. A square\")",
                                                   ""))
    configure(project, 'paper = "A5"\nauthors = ["Ada", "Grace"]\nlogo = "styles/logo.png"\n'
                       'chapters = ["03-without-part.md", "01-first-steps.md"]\n')
    assert main(["build", str(project), "-o", str(tmp_path)]) == 0
    assert "02-second-chapter.md: warning: not listed in handbook.toml's 'chapters'" in \
        capsys.readouterr().err
    pdf = PdfReader(tmp_path / "handbook.pdf")
    assert round(float(pdf.pages[0].mediabox.width) / 72 * 25.4) == 148
    assert pdf.metadata.author == "Ada, Grace"
    assert "/XObject" in pdf.pages[0]["/Resources"]  # the logo on the cover
    deck = Presentation(str(tmp_path / "slides.pptx"))
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles.index("A chapter outside any part") < titles.index("First steps")
    assert "The second chapter" not in titles
    assert any(shape.name == "Logo" for shape in deck.slides[0].shapes)


def test_colours_and_fonts_brand_both_outputs(project, tmp_path):
    configure(project, '[colours]\naccent = "#7A1F5C"\nheading = "#222222"\n'
                       '[fonts]\nbody = "DejaVu Sans Mono"\n')  # bundled: the PDF can use it
    build(project, tmp_path)
    deck = Presentation(str(tmp_path / "slides.pptx"))
    divider = deck.slide_layouts.get_by_name("Section Header")
    assert str(divider.background.fill.fore_color.rgb) == "7A1F5C"
    theme = deck.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme").blob
    assert b'<a:minorFont><a:latin typeface="DejaVu Sans Mono"' in theme
    fonts = set()
    for page in PdfReader(tmp_path / "handbook.pdf").pages[:3]:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("DejaVu" in f for f in fonts), fonts


def test_config_css():
    from handbook.model import BookMeta

    css = config_css(BookMeta("T", paper="letter", colours=(("accent", "112233"),),
                              fonts=(("headings", "Lato"),)))
    assert "@page { size: letter; }" in css and "--accent: #112233;" in css
    assert 'font-family: "Lato"' in css
    assert config_css(BookMeta("T")) == ""


def test_wrong_values_are_errors_with_their_line(project, capsys):
    configure(project, 'paper = "B5"\noutputs = ["pdf", "epub"]\nlogo = "../outside.png"\n'
                       '[colours]\naccent = "teal"\n')
    assert main(["build", str(project)]) == 1
    err = capsys.readouterr().err
    assert "handbook.toml:10: error: 'paper' must be one of A3, A4, A5, letter, legal" in err
    assert ("handbook.toml:11: error: 'outputs' may list pdf, slides, chapter-slides, handout, "
            "guide; got epub") in err
    assert "handbook.toml:12: error: 'logo' = \"../outside.png\": is outside the project" in err
    assert "colour 'accent' must be a hex colour" in err


def test_low_contrast_colour_is_a_warning(project, capsys):
    configure(project, '[colours]\naccent = "#99CCCC"\n')
    assert main(["check", str(project)]) == 0
    assert "warning: colour accent #99CCCC has contrast" in capsys.readouterr().err


def test_readme_documents_every_key():
    readme = (REPO / "README.md").read_text()
    for key in ALL_KEYS:
        assert f"`{key}`" in readme, key


def test_print_settings_are_read_and_wrong_ones_reported_at_their_line(project, capsys):
    from handbook.source.config import load_config

    configure(project, '[print]\nsides = "simplex"\nbleed = "0.125in"\ncrop_marks = true\n')
    printing = load_config(project).printing
    assert (printing.sides, printing.bleed_mm, printing.crop_marks) == ("simplex", 3.175, True)
    for line, error in (('sides = "both"', 'sides must be "duplex" (double-sided) or'),
                        ('bleed = 3', "bleed must be a length with its unit"),
                        ('bleed = "2cm"', "bleed must be a length with its unit up to 10mm"),
                        ('crop_marks = "yes"', "crop_marks must be true or false"),
                        ('trim = "A4"', "unknown key in [print]: trim")):
        (project / "handbook.toml").write_text(f'title = "T"\n\n[print]\n{line}\n')
        assert main(["check", str(project)]) == 1
        err = capsys.readouterr().err
        at = "3: error: " if error.startswith("unknown") else "4: error: [print] "
        assert f"handbook.toml:{at}{error}" in err, err


def test_print_css_for_single_sides_bleed_and_crop_marks():
    from handbook.model import BookMeta, PrintSettings

    css = config_css(BookMeta("T", printing=PrintSettings("simplex", 3.0, True)))
    assert "break-before: page" in css and "--bleed: 3mm;" in css
    assert "@page { bleed: 10mm; marks: crop; }" in css  # 7 mm outside the bleed for the marks
    assert config_css(BookMeta("T", printing=PrintSettings(bleed_mm=3.0))).endswith(
        "@page { bleed: 3mm; }")
    assert config_css(BookMeta("T", printing=PrintSettings("simplex", 3.0, True)),
                      book=False) == ""  # the handout and the guide keep their own pages
