"""The command as a user runs it."""

from __future__ import annotations

import subprocess
import sys

from handbook import __version__
from handbook.cli import main


def test_version(capsys):
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


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
