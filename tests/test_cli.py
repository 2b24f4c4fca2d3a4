"""The command as a user runs it."""

from __future__ import annotations

import subprocess
import sys

from handbook import __version__
from handbook.cli import main


def test_version(capsys):
    from click.testing import CliRunner

    from handbook.cli.commands import cli

    for option in ("--version", "-V"):  # answered before click is imported: click's words
        assert main([option]) == 0
        said = capsys.readouterr().out
        assert __version__ in said and said == CliRunner().invoke(cli, [option]).output


def test_help_lists_build(capsys):
    assert main(["--help"]) == 0
    assert "build" in capsys.readouterr().out


def test_python_dash_m_works():
    run = subprocess.run([sys.executable, "-m", "handbook", "--version"], capture_output=True,
                         text=True, check=False)
    assert run.returncode == 0 and __version__ in run.stdout


def test_build_writes_all_outputs(project, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(project), "--output", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "3 files" not in printed and "pages" in printed
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert names == ["handbook.pdf", "slides.pptx", "slides/01-first-steps.pptx",
                     "slides/02-second-chapter.pptx", "slides/03-without-part.pptx"]
    assert not list(out.rglob("*.tmp"))


def test_build_defaults_to_the_current_folder(project, monkeypatch):
    monkeypatch.chdir(project)
    (project / "content" / "02-second-chapter.md").unlink()
    (project / "content" / "03-without-part.md").unlink()
    assert main(["build"]) == 0
    assert (project / "output" / "handbook.pdf").stat().st_size > 1000


def test_project_styles_override_the_defaults(project, tmp_path):
    from pptx import Presentation
    from pypdf import PdfReader

    styles = project / "styles"
    styles.mkdir()
    (styles / "brand.css").write_text("@page { size: A5; }\n")
    Presentation().save(str(styles / "corporate.pptx"))  # python-pptx's own 4:3 template
    out = tmp_path / "out"
    assert main(["build", str(project), "--output", str(out)]) == 0
    box = PdfReader(out / "handbook.pdf").pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (148,
                                                                                          210)
    deck = Presentation(str(out / "slides.pptx"))
    assert deck.slide_width * 3 == deck.slide_height * 4  # the template's size and layouts
    assert deck.slides[0].slide_layout.name == "Title Slide"
    assert len(deck.slides) > 10


def test_project_template_replaces_the_html_template(project, tmp_path):
    from pypdf import PdfReader

    templates = project / "styles" / "templates"
    templates.mkdir(parents=True)
    (templates / "book.html.j2").write_text(
        "<html lang='{{ meta.language }}'><head><title>{{ meta.title }}</title></head><body>"
        "<h1>Custom {{ meta.title }}</h1>{% for e in entries %}{% endfor %}</body></html>")
    out = tmp_path / "out"
    assert main(["build", str(project), "--output", str(out)]) == 0
    assert "Custom Fixture handbook" in PdfReader(out / "handbook.pdf").pages[0].extract_text()
