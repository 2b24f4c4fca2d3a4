"""`handbook build` options as a user runs them: what to build, how much to say, a report."""

from __future__ import annotations

import json

from handbook.cli import main


def files_in(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def run(capsys, *args):
    code = main(["build", *map(str, args)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def test_pdf_only_and_slides_only(project, tmp_path, capsys):
    assert run(capsys, project, "-o", tmp_path / "a", "--pdf-only")[0] == 0
    assert files_in(tmp_path / "a") == ["handbook.pdf"]
    assert run(capsys, project, "-o", tmp_path / "b", "--slides-only")[0] == 0
    assert "handbook.pdf" not in files_in(tmp_path / "b")
    assert "slides.pptx" in files_in(tmp_path / "b")
    code, _, err = run(capsys, project, "--pdf-only", "--slides-only")
    assert code == 1 and "exclude each other" in err


def test_one_chapter(project, tmp_path, capsys):
    from pypdf import PdfReader

    out = tmp_path / "out"
    assert run(capsys, project, "-o", out, "--chapter", "03-without-part")[0] == 0
    assert files_in(out) == ["03-without-part.pdf", "slides/03-without-part.pptx"]
    text = "".join(p.extract_text() for p in PdfReader(out / "03-without-part.pdf").pages)
    assert "A chapter outside any part" in text and "First steps" not in text
    code, _, err = run(capsys, project, "--chapter", "99-nope")
    assert code == 1 and "no chapter '99-nope' (chapters: 01-first-steps" in err


def test_handout_and_guide_from_flags_or_config(project, tmp_path, capsys):
    assert run(capsys, project, "-o", tmp_path / "a", "--handout", "--guide")[0] == 0
    assert {"handout.pdf", "trainer-guide.pdf"} <= set(files_in(tmp_path / "a"))
    config = project / "handbook.toml"
    config.write_text(config.read_text() + 'outputs = ["pdf", "guide"]\n')
    assert run(capsys, project, "-o", tmp_path / "b")[0] == 0
    assert files_in(tmp_path / "b") == ["handbook.pdf", "trainer-guide.pdf"]


def test_quiet_and_verbose(project, tmp_path, capsys):
    code, out, err = run(capsys, project, "-o", tmp_path / "a", "-q")
    assert code == 0 and out == ""  # only problems: the warnings check gives too
    assert all(": warning: " in line for line in err.splitlines())
    code, out, err = run(capsys, project, "-o", tmp_path / "b", "-v", "--no-cache")
    assert "laying out the PDF" in err and "wrote" in out and "pages" in out


def test_report(project, tmp_path, capsys):
    report = tmp_path / "report.json"
    chapter = project / "content" / "03-without-part.md"
    chapter.write_text(chapter.read_text().replace("![A vector figure]", "![]"))
    assert run(capsys, project, "-o", tmp_path / "out", "--report", report)[0] == 0
    data = json.loads(report.read_text())
    kinds = {o["path"].split("/")[-1]: o for o in data["outputs"]}
    assert kinds["handbook.pdf"]["pages"] == data["pages"] > 5
    deck = kinds["slides.pptx"]
    assert deck["slide_count"] == data["slides"]
    continued = [s for s in deck["slides"] if s.get("part")]
    assert any(s["title"].startswith("Long section (1/") for s in continued)
    assert data["summary"]["missing_alt_text"] == 1
    problem = next(p for p in data["problems"] if "alt text" in p["message"])
    assert problem["file"] == "content/03-without-part.md" and problem["line"] == 13
    assert problem["severity"] == "warning"
