"""Hostile content: templates that try to run code, active attributes and links by every route
(attribute lists, raw HTML, entity-encoded schemes, project templates), in the PDF, the preview
page and the decks."""

from __future__ import annotations

import pytest
from pptx import Presentation
from pypdf import PdfReader

from handbook.cli import main
from handbook.errors import HandbookError
from handbook.links import allowed_link
from handbook.model import Span
from handbook.preview.files import Files
from handbook.preview.render import render_page
from handbook.slides.draw import _runs
from handbook.slides.spec import Bullet

from .conftest import build_cli

PAYLOAD = "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}"


def add(project, text: str, name: str = "03-without-part.md") -> None:
    path = project / "content" / name
    path.write_text(path.read_text() + "\n" + text + "\n")


def template(project, text: str) -> None:
    folder = project / "styles" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "book.html.j2").write_text(text)


def uris(pdf) -> list[str]:
    found = []
    for page in PdfReader(pdf).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def test_a_template_cannot_run_code_in_build_or_preview(project, capsys, tmp_path):
    marker = tmp_path / "ran"
    template(project, "<html><body>\n<p>Title</p>\n" +
             PAYLOAD.replace("MARKER", str(marker)) + "\n</body></html>\n")
    code, err = build_cli(project, capsys, "-o", str(tmp_path / "out"))
    assert code == 1
    assert "styles/templates/book.html.j2:3: error: template: access to attribute '__init__'" \
           in err
    with pytest.raises(HandbookError) as raised:
        render_page(project, Files(project))
    assert "unsafe" in str(raised.value)
    assert not marker.exists()
    assert not (tmp_path / "out").exists()


def test_a_template_with_a_syntax_error_names_its_line(project, capsys, tmp_path):
    template(project, "<html>\n<body>\n{% if meta.title %}\n</body></html>\n")
    code, err = build_cli(project, capsys, "-o", str(tmp_path / "out"))
    assert code == 1
    assert "book.html.j2:4: error: template: Unexpected end of template" in err


def test_active_attributes_and_encoded_script_links_never_reach_an_output(project, capsys,
                                                                            tmp_path):
    add(project, '[A page](https://example.org){: onmouseover="alert(1)" '
                 'style="background: url(https://example.org/x.png)" }\n\n'
                 'A paragraph.\n{: onclick="steal()" }\n\n'
                 '<a href="jav&#x61;script:alert(2)">raw link</a> and '
                 '<a href="java\tscript:alert(3)">another</a>.\n\n'
                 '<div><a href="&#106;avascript:alert(4)">in a block</a></div>\n\n'
                 '<!-- an old picture: <img src="old.png"> -->')
    out = tmp_path / "out"
    code, err = build_cli(project, capsys, "-o", str(out), "--pdf-only")
    assert code == 0, err
    assert "03-without-part.md:23: warning: attribute 'onmouseover' removed" in err
    assert "03-without-part.md:23: warning: attribute 'style' removed" in err
    assert "03-without-part.md:26: warning: attribute 'onclick' removed" in err
    assert "03-without-part.md:28: warning: raw HTML 'href=\"javascript:alert(2)\"' removed" \
        in err  # as a browser would read it
    assert "03-without-part.md:30: warning: raw HTML 'href=\"javascript:alert(4)\"'" in err
    page, _warnings = render_page(project, Files(project))
    for bad in ("onmouseover", "onclick", "script:alert", "&#x61;script", "url(https"):
        assert bad not in page
    assert "raw link" in page and "old.png" in page  # the comment stays a comment
    found = uris(out / "handbook.pdf")
    assert "https://example.org" in found
    assert all(url.startswith("https://") for url in found)


def test_links_a_project_template_writes_are_checked_in_the_pdf(project, capsys, tmp_path):
    template(project, '<html><body><p><a href="jav&#x61;script:alert(1)">one</a> '
             '<a href="file:///etc/passwd">two</a> <a href="https://example.org/">three</a> '
             '<a href="mailto:team@example.org">four</a></p></body></html>\n')
    out = tmp_path / "out"
    code, err = build_cli(project, capsys, "-o", str(out), "--pdf-only")
    assert code == 0, err
    assert "warning: PDF: link to 'javascript:alert(1)' removed" in err
    assert "warning: PDF: link to 'file:///etc/passwd' removed" in err
    assert uris(out / "handbook.pdf") == ["https://example.org/", "mailto:team@example.org"]


@pytest.mark.parametrize(("href", "kept"), [
    ("https://example.org", True), ("mailto:a@example.org", True), ("#heading", False),
    ("jav&#x61;script:alert(1)", False), (" javascript:alert(1)", False),
    ("vbscript:x", False), ("file:///etc/passwd", False), ("data:text/html,x", False),
])
def test_a_deck_links_only_to_http_and_mail(href, kept):
    deck = Presentation()
    box = deck.slides.add_slide(deck.slide_layouts[6]).shapes.add_textbox(0, 0, 100, 100)
    paragraph = box.text_frame.paragraphs[0]
    _runs(paragraph, Bullet((Span("link", href=href),)))
    assert (paragraph.runs[0].hyperlink.address == href) is kept
    assert allowed_link(href) is (kept or href.startswith("#"))


def test_github_annotations_are_escaped_and_relative_to_the_repository(tmp_path, capsys):
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    project = repository / "courses" / "ai"
    (project / "content").mkdir(parents=True)
    name = "01-a,b%c:d\n::error file=forged.md::forged.md"
    (project / "content" / name).write_text("# Title\n\n[a link](ftp://example.org/x)\n")
    assert main(["check", str(project), "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["::error file=courses/ai/content/01-a%2Cb%25c%3Ad%0A%3A%3Aerror file=forged"
                     ".md%3A%3Aforged.md,line=3::link 'ftp://example.org/x' uses 'ftp:'; only "
                     "https, http, mailto and links within the book are supported"]
