"""Hostile project folders: links out of the project, FIFOs, devices, folders where files should
be, lock files. A build reads none of them, hangs on none of them and reports each one it was
asked to use as `path: error:`, never with a traceback."""

from __future__ import annotations

import json
import os
import shutil
import threading

import pytest

from handbook.build.inputs import project_entries
from handbook.cli import main
from handbook.preview.watch import Preview
from handbook.source.loader import load_book

SAFETY_NET = 120  # seconds: only so that a regression fails instead of hanging the suite


def finishes(work, *args):
    """Run WORK in a thread; its result, or a failure if it is still running after the net."""
    result: list = []
    thread = threading.Thread(target=lambda: result.append(work(*args)), daemon=True)
    thread.start()
    thread.join(SAFETY_NET)
    assert not thread.is_alive(), f"{work.__name__} hung"
    return result[0]


def build(project, capsys, *extra) -> tuple[int, str]:
    code = finishes(main, ["build", str(project), *extra])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def configure(project, text: str) -> None:
    """Add TEXT to handbook.toml, replacing the fixture's lines for the same keys."""
    config = project / "handbook.toml"
    keys = {line.split("=")[0].strip() for line in text.splitlines() if "=" in line}
    kept = [line for line in config.read_text().splitlines()
            if line.split("=")[0].strip() not in keys]
    config.write_text("\n".join(kept) + "\n" + text)


@pytest.fixture()
def secret(tmp_path):
    """A file outside the project, which no output may contain."""
    path = tmp_path / "elsewhere" / "notes.md"
    path.parent.mkdir()
    path.write_text("# Secret notes\n\nThe outside secret is 4711.\n")
    return path


def test_a_fifo_chapter_is_refused_without_blocking(project, capsys):
    os.mkfifo(project / "content" / "04-pipe.md")
    code, err = build(project, capsys)
    assert code == 1
    assert "04-pipe.md: error: is not a regular file (a pipe, device or socket)" in err


def test_a_chapter_that_is_a_folder_and_one_that_cannot_be_read(project, capsys, monkeypatch):
    (project / "content" / "04-folder.md").mkdir()
    locked = project / "content" / "05-locked.md"
    locked.write_text("# Locked\n\nText.\n")
    real_open = os.open

    def deny(path, flags, *args, **kwargs):  # as chmod 000 would for a user other than root
        if str(path).endswith("05-locked.md"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    code, err = build(project, capsys)
    assert code == 1
    assert "04-folder.md: error: is a folder, not a file" in err
    assert "05-locked.md: error: cannot be read (Permission denied)" in err


def test_editor_lock_and_macos_files_are_not_chapters(project):
    content = project / "content"
    (content / ".#01-first-steps.md").symlink_to("user@host.1234:1700000000")  # Emacs' lock
    (content / "._01-first-steps.md").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    (content / "~$02-second-chapter.md").write_bytes(b"\xff\xfe lock")
    (content / ".01-first-steps.md.swp").write_bytes(b"b0VIM 9.0")
    book = load_book(project)
    assert [c.stem for c in book.chapters] == ["01-first-steps", "02-second-chapter",
                                               "03-without-part"]


def test_a_chapter_linked_from_outside_is_refused(project, secret, capsys):
    (project / "content" / "04-notes.md").symlink_to(secret)
    code, err = build(project, capsys)
    assert code == 1
    assert "04-notes.md: error: is outside the project folder (a link to" in err


@pytest.mark.parametrize("entry", ["../../elsewhere/notes.md", "ABSOLUTE"])
def test_chapters_in_handbook_toml_must_be_inside_the_project(project, secret, capsys, entry):
    entry = str(secret) if entry == "ABSOLUTE" else entry
    configure(project, f'chapters = ["01-first-steps.md", "{entry}"]\n')
    code, err = build(project, capsys)
    assert code == 1
    assert f"error: 'chapters' names files that are not chapters in the project: {entry} " \
           "(is outside the project folder" in err
    assert "4711" not in err


def test_a_stylesheet_template_or_language_linked_from_outside_is_refused(project, tmp_path,
                                                                          capsys):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    for name in ("brand.css", "corporate.pptx", "nl.toml", "book.html.j2"):
        (outside / name).write_text("x")
    styles = project / "styles"
    (styles / "languages").mkdir(parents=True)
    (styles / "templates").mkdir()
    (styles / "brand.css").symlink_to(outside / "brand.css")
    (styles / "corporate.pptx").symlink_to(outside / "corporate.pptx")
    (styles / "languages" / "nl.toml").symlink_to(outside / "nl.toml")
    configure(project, 'language = "nl"\n')
    code, err = build(project, capsys)
    assert code == 1
    assert "brand.css: error: is outside the project folder" in err
    assert "corporate.pptx: error: is outside the project folder" in err
    assert "nl.toml: error: is outside the project folder" in err
    (styles / "brand.css").unlink()
    (styles / "corporate.pptx").unlink()
    (styles / "languages" / "nl.toml").unlink()
    (styles / "templates" / "book.html.j2").symlink_to(outside / "book.html.j2")
    code, err = build(project, capsys)
    assert code == 1 and "book.html.j2: error: is outside the project folder" in err


def test_a_templates_folder_linked_from_outside_is_not_used(project, tmp_path, capsys):
    outside = tmp_path / "templates"
    outside.mkdir()
    (outside / "book.html.j2").write_text("<p>The outside secret is 4711.</p>")
    (project / "styles").mkdir()
    (project / "styles" / "templates").symlink_to(outside)
    out = tmp_path / "out"
    code, _err = build(project, capsys, "-o", str(out), "--pdf-only")
    assert code == 0
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(out / "handbook.pdf").pages)
    assert "4711" not in text and "First steps" in text


@pytest.mark.parametrize("language", ["/etc/passwd", "../../x", "en\n/Lang (evil)"])
def test_the_language_must_be_a_language_tag(project, capsys, language):
    configure(project, "language = " + json.dumps(language) + "\n")
    code, err = build(project, capsys)
    assert code == 1
    assert "error: 'language' must be a language tag such as \"en\" or \"nl-BE\"" in err


def test_a_language_file_with_a_list_value(project, capsys):
    (project / "styles" / "languages").mkdir(parents=True)
    (project / "styles" / "languages" / "nl.toml").write_text('chapter = ["Hoofdstuk"]\n')
    configure(project, 'language = "nl"\n')
    code, err = build(project, capsys)
    assert code == 1
    assert "nl.toml: error: every label must be text in quotes; chapter is not" in err


def test_fifos_devices_and_links_to_the_root_do_not_hang_a_build(project, tmp_path, capsys):
    os.mkfifo(project / "notes.fifo")
    os.mkfifo(project / "content" / "pipe")
    (project / "zero").symlink_to("/dev/zero")
    (project / "everything").symlink_to("/")
    (project / "content" / "images" / "usr").symlink_to("/usr")
    entries = finishes(project_entries, project)
    kinds = {name: (kind, target, sha) for _real, name, kind, target, sha in entries}
    assert kinds["everything"] == ("link", "/", "")
    assert kinds["zero"] == ("file", "/dev/zero", "")
    assert kinds["notes.fifo"][2] == ""
    assert not any(name.startswith("everything/") for name in kinds)
    code, err = build(project, capsys, "-o", str(tmp_path / "out"), "--slides-only")
    assert code == 0, err


def test_the_cache_is_not_written_through_a_link(project, tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(project / ".handbook-cache", ignore_errors=True)
    (project / ".handbook-cache").symlink_to(elsewhere)
    code, err = build(project, capsys, "-o", str(tmp_path / "out"), "--slides-only")
    assert code == 0, err
    assert list(elsewhere.iterdir()) == []


def test_a_fifo_in_content_does_not_wedge_the_preview(project):
    fifo = project / "content" / "04-pipe.md"
    log: list[str] = []
    preview = Preview(project, port=0, log=log.append)
    try:
        preview.start()
        os.mkfifo(fifo)
        assert finishes(preview.rebuild, [str(fifo)]) is False
        assert any("04-pipe.md: error: is not a regular file" in line for line in log)
        fifo.unlink()
        assert finishes(preview.rebuild, [str(fifo)]) is True
    finally:
        preview.stop()


def test_a_font_the_pdf_cannot_use_is_a_warning(project, capsys):
    configure(project, '[fonts]\nbody = "Nonexistent Sans"\n')
    line = (project / "handbook.toml").read_text().splitlines().index("[fonts]") + 1
    assert main(["check", str(project)]) == 0
    err = capsys.readouterr().err
    assert f"handbook.toml:{line}: warning: font 'Nonexistent Sans' (body) is neither bundled " \
           "nor declared with @font-face in styles/*.css; the PDF uses Carlito instead" in err
