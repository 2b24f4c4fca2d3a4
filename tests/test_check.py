"""`handbook check`: the build's validation without rendering, for authors and CI."""

from __future__ import annotations

import subprocess
import sys

from pptx import Presentation

from handbook.cli import main

from .conftest import REPO


def check(capsys, *args):
    code = main(["check", *map(str, args)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out + captured.err


def test_the_shipped_course_is_clean_even_with_strict(capsys):
    code, output = check(capsys, REPO, "--strict")
    assert code == 0, output
    assert "0 errors, 0 warnings" in output


def test_warnings_pass_unless_strict(project, capsys):
    code, output = check(capsys, project)
    assert code == 0
    assert "02-second-chapter.md:10: warning: section 'Long section' needs 6 slides" in output
    code, _ = check(capsys, project, "--strict")
    assert code == 1


def test_a_point_too_long_for_a_slide_is_warned_at_its_line(project, capsys):
    chapter = project / "content" / "03-without-part.md"
    endless = " ".join(["word"] * 400)
    chapter.write_text(chapter.read_text() + f"\n## Endless\n\n- Endless {endless}\n"
                       "- A second point.\n")
    line = chapter.read_text().splitlines().index(f"- Endless {endless}") + 1
    code, output = check(capsys, project)
    assert code == 0
    assert f"03-without-part.md:{line}: warning: slides: a point too long for a slide of its " \
           "own: Endless word" in output
    assert output.count("a point too long") == 1


def test_links_are_checked(project, capsys):
    chapter = project / "content" / "03-without-part.md"
    chapter.write_text(chapter.read_text() + "\n[broken](#no-such-heading) and "
                       "[ok](#the-only-section) and [bad](https://exa mple) and "
                       "[other](ftp://example.org/file) and [file](notes.docx)\n")
    code, output = check(capsys, project)
    assert code == 1
    assert "03-without-part.md:23: warning: broken link '#no-such-heading'" in output
    assert "(headings in this chapter: the-only-section)" in output
    assert "'#the-only-section'" not in output
    assert "uses 'ftp:'" in output
    # a link to a local file is attached to the PDF; a missing one is a warning, not an error
    assert "warning: link to 'notes.docx': no such file" in output


def test_reading_time_far_off_is_a_warning(project, capsys):
    chapter = project / "content" / "01-first-steps.md"
    chapter.write_text(chapter.read_text().replace("part: Getting started",
                                                   "part: Getting started\nreading_time: 45"))
    code, output = check(capsys, project)
    assert code == 0
    assert "01-first-steps.md:6: warning: reading_time is 45 min but the" in output


def test_github_annotations(project, capsys):
    code, output = check(capsys, project, "--format", "github")
    assert code == 0
    assert ("::warning file=content/02-second-chapter.md,line=10::section 'Long section' needs"
            in output)


def test_content_errors_are_reported_like_the_build(project, capsys):
    chapter = project / "content" / "01-first-steps.md"
    chapter.write_text(chapter.read_text().replace("images/square.png", "images/nope.png"))
    code, output = check(capsys, project)
    assert code == 1 and "01-first-steps.md:38: error: image 'images/nope.png' not found" in output


def test_check_prints_the_layout_for_each_role(project, capsys):
    deck = Presentation()  # python-pptx's own 4:3 template, one layout renamed
    for layout in deck.slide_layouts:
        if layout.name == "Title Only":
            layout.name = "Heading only"
    (project / "styles").mkdir()
    deck.save(str(project / "styles" / "corporate.pptx"))
    code, output = check(capsys, project)
    assert code == 0
    assert "slide layouts of corporate.pptx:" in output
    assert "title-only  → 'Heading only' (by its placeholders)" in output
    assert "section     → 'Section Header'" in output


def test_check_runs_as_a_command():
    run = subprocess.run([sys.executable, "-m", "handbook", "check", str(REPO)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
