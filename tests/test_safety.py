"""Nothing from the network or from outside the project reaches an output; raw HTML is inert."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from handbook.cli import main
from handbook.source.loader import load_book


def build(project, capsys, *extra):
    code = main(["build", str(project), *extra])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def add(project, text, name="03-without-part.md"):
    path = project / "content" / name
    path.write_text(path.read_text() + "\n" + text + "\n")


def test_remote_image_is_refused_without_a_request(project, server, capsys):
    base, requests = server
    add(project, f"![Remote]({base}/picture.png)")
    code, err = build(project, capsys)
    assert code == 1
    assert f"03-without-part.md:23: error: image '{base}/picture.png' is not a file" in err
    assert requests == []


def test_remote_stylesheet_resources_are_refused_without_a_request(project, server, capsys):
    base, requests = server
    (project / "styles").mkdir()
    (project / "styles" / "brand.css").write_text(
        f'@import url("{base}/more.css");\n'
        f"body {{ background: url({base}/paper.png); }}\n"
        f'@font-face {{ font-family: Remote; src: url("{base}/font.woff2"); }}\n'
        "h1 { font-family: Remote; }\n")
    code, err = build(project, capsys)
    assert code == 1
    assert f"refused to load {base}/more.css" in err
    assert f"refused to load {base}/paper.png" in err
    assert requests == []


def test_raw_html_loading_a_file_is_an_error(project, server, capsys):
    base, requests = server
    add(project, f'<img src="{base}/pixel.gif" alt="tracker">')
    code, err = build(project, capsys)
    assert code == 1 and f"raw HTML loads '{base}/pixel.gif'" in err
    assert requests == []


@pytest.mark.parametrize("source", ["file:///etc/passwd", "/etc/hostname",
                                    "../../../../../../etc/hostname"])
def test_files_outside_the_project_are_refused(project, capsys, source):
    add(project, f"![Secret]({source})")
    code, err = build(project, capsys)
    assert code == 1 and "03-without-part.md:23: error: image" in err
    assert "not a file in the project" in err or "outside the project folder" in err


def test_symlink_leaving_the_project_is_refused(project, capsys, tmp_path):
    outside = tmp_path / "outside.png"
    (project / "content" / "images" / "square.png").replace(outside)
    (project / "content" / "images" / "square.png").symlink_to(outside)
    code, err = build(project, capsys)
    assert code == 1 and "image 'images/square.png' is outside the project folder" in err


def test_active_raw_html_is_removed_with_a_warning(project, capsys, tmp_path):
    add(project, 'Some <b onclick="steal()">bold</b> words.<script>alert("x")</script>\n\n'
                 "<iframe srcdoc='<p>hi</p>'></iframe>")
    out = tmp_path / "out"
    code, err = build(project, capsys, "--output", str(out))
    assert code == 0
    assert "03-without-part.md:23: warning: raw HTML 'onclick' removed" in err
    assert "warning: raw HTML '<script' removed" in err
    assert "warning: raw HTML '<iframe' removed" in err
    text = "".join(page.extract_text() for page in PdfReader(out / "handbook.pdf").pages)
    assert "Some bold words." in text
    html = load_book(project).chapters[2].html
    assert "<b>bold</b>" in html
    assert not any(bad in html for bad in ("<script", "onclick", "<iframe", "srcdoc"))
    code, err = build(project, capsys, "--output", str(tmp_path / "strict"), "--strict")
    assert code == 1 and not (tmp_path / "strict" / "handbook.pdf").exists()
