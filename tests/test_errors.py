"""Bad input: one `path:line: message` per problem, exit 1, no traceback, outputs kept."""

from __future__ import annotations

from handbook.cli import main


def run(project, capsys, *extra):
    code = main(["build", str(project), *extra])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


def chapter(project):
    return project / "content" / "01-first-steps.md"


def test_unknown_front_matter_key_and_wrong_type(project, capsys):
    path = chapter(project)
    text = path.read_text().replace("author: Ada Lovelace",
                                    "author: Ada Lovelace\nauthr: typo\nreading_time: soon")
    path.write_text(text)
    code, err = run(project, capsys)
    assert code == 1
    assert "content/01-first-steps.md:4: warning: unknown front matter key 'authr'" in err
    assert "content/01-first-steps.md:5: error: 'reading_time' must be a whole number" in err


def test_broken_yaml_names_the_line(project, capsys):
    path = chapter(project)
    path.write_text(path.read_text().replace("summary: What", "summary: [What"))
    code, err = run(project, capsys)
    assert code == 1 and "01-first-steps.md:" in err and "not valid YAML" in err


def test_missing_image_names_file_and_line_and_keeps_old_outputs(project, capsys):
    out = project / "output"
    assert main(["build", str(project)]) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    path = chapter(project)
    path.write_text(path.read_text().replace("images/square.png", "images/missing.png"))
    code, err = run(project, capsys)
    assert code == 1
    assert "01-first-steps.md:38: error: image 'images/missing.png' not found" in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_all_problems_reported_at_once(project, capsys):
    (project / "content" / "02-second-chapter.md").write_bytes(b"\xff\xfe not utf-8")
    path = chapter(project)
    path.write_text(path.read_text().replace("images/square.png", "images/missing.png"))
    code, err = run(project, capsys)
    assert code == 1
    assert "02-second-chapter.md:1: error: not UTF-8 text" in err
    assert "01-first-steps.md:38: error: image" in err


def test_image_outside_the_project_is_refused(project, capsys):
    path = chapter(project)
    path.write_text(path.read_text().replace("images/square.png", "../../../etc/hostname"))
    code, err = run(project, capsys)
    assert code == 1 and "outside the project folder" in err


def test_chapter_without_title(project, capsys):
    (project / "content" / "04-untitled.md").write_text("Just text.\n\n## A section\n")
    code, err = run(project, capsys)
    assert code == 1 and "04-untitled.md:1: error: the chapter has no title" in err


def test_duplicate_titles(project, capsys):
    (project / "content" / "04-again.md").write_text("# First steps\n\nText.\n")
    code, err = run(project, capsys)
    assert code == 1 and "04-again.md:1: error: 'First steps' has the same title" in err


def test_no_chapters(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    code, err = run(tmp_path, capsys)
    assert code == 1 and "no chapters found" in err


def test_broken_config(project, capsys):
    (project / "handbook.toml").write_text('title = "x"\ncolour = 3\n')
    code, err = run(project, capsys)
    assert code == 1 and "handbook.toml:2: error: unknown key 'colour'" in err


def test_a_template_with_other_layout_names_builds(project, capsys):
    from pptx import Presentation

    deck = Presentation()
    for layout in deck.slide_layouts:
        if layout.name == "Section Header":
            layout.name = "Divider"
    (project / "styles").mkdir()
    deck.save(str(project / "styles" / "corporate.pptx"))
    code, err = run(project, capsys)
    assert code == 0, err
    built = Presentation(str(project / "output" / "slides.pptx"))
    dividers = [s for s in built.slides if s._element.cSld.get("name") == "chapter"]
    assert dividers and all(s.slide_layout.name == "Divider" for s in dividers)


def test_broken_internal_link_is_a_warning_and_fails_a_strict_build(project, capsys):
    path = chapter(project)
    path.write_text(path.read_text() + "\nSee [the missing part](#nowhere).\n")
    code, err = run(project, capsys, "--strict")
    assert code == 1 and "01-first-steps.md:67: error: broken link '#nowhere'" in err
