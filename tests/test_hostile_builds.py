"""Builds that are interrupted, run out of disk, run on a fresh machine or with no fonts, or get
front matter, nesting and caches meant to break them. Outputs are one transaction, the second
process dies with the first, and nothing is left behind."""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from handbook.build import output
from handbook.cli import main

from .conftest import FIXTURE_BOOK

SAFETY_NET = 120  # seconds: only so that a regression fails instead of hanging the suite
STALL = textwrap.dedent("""
    import os, sys, time, pathlib
    import handbook.build.decks as decks, handbook.build.output as output
    import handbook.build.processes as processes
    ready, where = pathlib.Path(sys.argv[1]), sys.argv[2]
    processes.can_fork = lambda jobs: True  # the decks in a second process, on any machine

    def stall():
        ready.write_text(str(os.getpid()))
        time.sleep(3600)

    if where == "decks":
        decks.DeckJob.run = lambda self, split=False: stall()
    else:  # while writing the outputs, after the first is staged
        stage = output._stage
        output._stage = lambda path, data: (stage(path, data), stall())[0]
    from handbook.cli import main
    sys.exit(main(sys.argv[3:]))
""")
FRESH_MACHINE = textwrap.dedent("""
    import sys, warnings, cffi
    dlopen = cffi.FFI.dlopen
    def without_subset(self, name, *args, **kwargs):  # as on Debian without libharfbuzz-subset0
        if "subset" in str(name):
            raise OSError(f"cannot load {name}")
        return dlopen(self, name, *args, **kwargs)
    cffi.FFI.dlopen = without_subset
    warnings.simplefilter("error")  # as pytest's filterwarnings = error
    from handbook.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + SAFETY_NET
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen"
        time.sleep(0.05)


def gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1].startswith("Z")  # a zombie has ended
    except FileNotFoundError:
        return True


def leftovers(*folders: Path) -> list[str]:
    found = []
    for folder in folders:
        found += [p.name for p in folder.rglob("*") if p.name.startswith(output.STAGING)
                  or p.suffix == ".tmp"]
    return found


@pytest.fixture(scope="module")
def earlier(tmp_path_factory) -> Path:
    """A project (with its cache) and an output folder from an earlier build, made once."""
    folder = tmp_path_factory.mktemp("earlier")
    shutil.copytree(FIXTURE_BOOK, folder / "book", ignore=shutil.ignore_patterns(".handbook-*"))
    assert main(["build", str(folder / "book"), "-o", str(folder / "out"), "--slides-only",
                 "-q"]) == 0
    return folder


@pytest.fixture()
def old_outputs(earlier, project, tmp_path) -> tuple[Path, dict[str, bytes]]:
    """An output folder holding an earlier build's set, and its bytes; PROJECT has changed
    since, so every output would change."""
    shutil.rmtree(project)
    shutil.copytree(earlier / "book", project, symlinks=True)
    out = tmp_path / "out"
    shutil.copytree(earlier / "out", out)
    chapter = project / "content" / "01-first-steps.md"
    chapter.write_text(chapter.read_text().replace("First steps", "Early steps"))
    return out, files(out)


def stalled_build(project: Path, tmp_path: Path, out: Path, where: str):
    ready = tmp_path / "ready"
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = dict(os.environ, TMPDIR=str(temporary))
    process = subprocess.Popen([sys.executable, "-c", STALL, str(ready), where, "build",
                                str(project), "-o", str(out), "--slides-only", "-q"],
                               env=env, stderr=subprocess.PIPE, text=True)
    wait_until(ready.exists, "the stall")
    wait_until(lambda: ready.read_text() != "", "the stall's pid")
    return process, int(ready.read_text()), temporary


@pytest.mark.parametrize("kill", [signal.SIGTERM, signal.SIGKILL])
def test_the_deck_process_dies_with_the_build(project, tmp_path, old_outputs, kill):
    out, before = old_outputs
    process, child, temporary = stalled_build(project, tmp_path, out, "decks")
    assert child != process.pid, "the decks are made in a second process"
    process.send_signal(kill)
    _out, err = process.communicate(timeout=SAFETY_NET)
    if kill == signal.SIGTERM:
        assert process.returncode == 143
        assert "terminated; the outputs were left as they were" in err
    wait_until(lambda: gone(child), "the deck process's end")
    assert files(out) == before
    assert leftovers(out.parent, project) == []
    if kill == signal.SIGTERM:
        assert list(temporary.iterdir()) == []


def test_sigterm_while_writing_keeps_the_old_set_and_removes_the_staging(project, tmp_path,
                                                                          old_outputs):
    out, before = old_outputs
    process, pid, temporary = stalled_build(project, tmp_path, out, "writing")
    assert pid == process.pid
    assert leftovers(out.parent) != []  # the stall is inside the transaction
    process.terminate()
    process.communicate(timeout=SAFETY_NET)
    assert process.returncode == 143
    assert files(out) == before
    assert leftovers(out.parent, project) == []
    assert list(temporary.iterdir()) == []


@pytest.mark.parametrize("step", ["staging", "moving"])
def test_a_full_disk_keeps_the_old_set_whole(project, old_outputs, monkeypatch, capsys, step):
    """The disk fills up as the last output of the set is staged, or moved into place (the
    others staged, or moved, before it), whatever else writes files meanwhile (the cache)."""
    out, before = old_outputs
    chosen: dict = {}  # the last output the build writes: its path and its bytes
    write_all, stage, replace = output.write_all, output._stage, os.replace

    def choose(files, folder):
        assert len(files) > 1  # so that the others are staged, or moved, when the last fails
        chosen["path"], chosen["data"] = list(files.items())[-1]
        return write_all(files, folder)

    def no_space(what):
        chosen["failed"] = what
        raise OSError(errno.ENOSPC, "No space left on device")

    def full_stage(path, data):
        return no_space(path) if data is chosen.get("data") else stage(path, data)

    def full_move(source, target, *args, **kwargs):  # not the old one moved back
        if Path(target) == chosen.get("path") and Path(source).parent.name == "new":
            return no_space(target)
        return replace(source, target, *args, **kwargs)

    monkeypatch.setattr(output, "write_all", choose)
    if step == "staging":
        monkeypatch.setattr(output, "_stage", full_stage)
    else:
        monkeypatch.setattr(output.os, "replace", full_move)
    assert main(["build", str(project), "-o", str(out), "--slides-only"]) == 1
    err = capsys.readouterr().err
    monkeypatch.undo()
    assert "failed" in chosen
    assert "error: cannot write the outputs (No space left on device); the old ones are kept" \
        in err and "Traceback" not in err
    assert files(out) == before
    assert leftovers(out.parent) == []


def test_what_a_killed_build_left_is_removed_by_the_next(project, tmp_path, old_outputs):
    out, _before = old_outputs
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = out.parent / f"{output.STAGING}{dead}-abc"
    (stale / "new").mkdir(parents=True)
    (stale / "new" / "0").write_bytes(b"half a deck")
    assert main(["build", str(project), "-o", str(out), "--slides-only"]) == 0
    assert not stale.exists()


def run_cli(arguments: list[str], code: str | None = None, **env: str):
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    command = [sys.executable, "-c", code, *arguments] if code else \
        [sys.executable, "-m", "handbook", *arguments]
    return subprocess.run(command, env={**environment, **env}, capture_output=True, text=True,
                          timeout=SAFETY_NET)


def test_a_fresh_machine_builds_without_warnings_or_chatter(tmp_path):
    project = tmp_path / "fresh"
    shutil.copytree(FIXTURE_BOOK, project, ignore=shutil.ignore_patterns(".handbook-cache"))
    done = run_cli(["build", str(project), "--pdf-only", "--no-cache", "-q"], FRESH_MACHINE)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no DeprecationWarning, no fontTools "timestamp seems very low"


def test_no_fonts_and_another_folder_give_the_same_bytes(built, tmp_path):
    reference, _result = built
    project = tmp_path / "elsewhere" / "deeper" / "book"
    shutil.copytree(FIXTURE_BOOK, project, ignore=shutil.ignore_patterns(".handbook-cache"))
    empty = tmp_path / "empty-fonts.conf"
    empty.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n')
    out = tmp_path / "out"
    done = run_cli(["build", str(project), "-o", str(out), "--no-cache", "-q"],
                   FONTCONFIG_FILE=str(empty))
    assert done.returncode == 0, done.stderr
    # the fixture's own content warnings, located; no chatter from fonts or libraries
    assert all(re.match(r"\S+\.md:\d+: warning: ", line) for line in done.stderr.splitlines())
    assert files(out) == files(reference)


def test_yaml_aliases_are_refused_and_a_broken_header_is_one_error(project, capsys):
    bomb = "\n".join(["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"] +
                     [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]"
                      for p, c in zip("abcdefgh", "bcdefghi", strict=True)])
    (project / "content" / "04-bomb.md").write_text(f"---\ntitle: Bomb\n{bomb}\n---\n\nText.\n")
    (project / "content" / "05-broken.md").write_text('---\ntitle: "Broken\nreading_time: 3\n'
                                                       "---\n\nText.\n")
    assert main(["build", str(project)]) == 1
    err = capsys.readouterr().err
    assert "04-bomb.md:4: error: front matter uses a YAML alias (*a); write the value out" in err
    assert "05-broken.md:2: error: front matter is not valid YAML: while scanning a quoted " \
           "scalar: found unexpected end of stream" in err
    assert "05-broken.md:1: error: the chapter has no title" not in err
    assert len(err) < 2000


@pytest.mark.parametrize("levels", [100, 300])
def test_deep_nesting_is_an_error_at_its_line(project, capsys, levels):
    items = "\n".join("    " * level + f"- item {level}" for level in range(levels))
    (project / "content" / "04-deep.md").write_text(f"# Deep\n\n{items}\n")
    assert main(["check", str(project)]) == 1
    err = capsys.readouterr().err
    assert "04-deep.md:" in err and "error: lists, quotes or boxes nested more than 25 " \
                                    "levels deep; flatten them" in err
    assert "Traceback" not in err


def test_a_damaged_cache_and_an_unwritable_report(project, old_outputs, tmp_path, capsys):
    out, _before = old_outputs
    entries = project / ".handbook-cache" / "entries"
    for number, entry in enumerate(sorted(entries.iterdir())):
        entry.write_text(['{"blobs": []}', '{"blobs": {"deck": "../../x"}}', "[1, 2]",
                          '{"blobs": {}, "pages": "ten"}', "{"][number % 5])
    (project / ".handbook-cache" / "blobs" / "fifo").unlink(missing_ok=True)
    os.mkfifo(project / ".handbook-cache" / "blobs" / ("0" * 64))
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    code = main(["build", str(project), "-o", str(out), "--slides-only", "--report",
                 str(blocker / "report.json")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "a-file: error: cannot write the output folder" in err
    assert (out / "slides.pptx").is_file()


def test_the_second_process_ends_when_done_even_with_a_large_result():
    """Its result (the decks' cache entries: at 100 chapters more than a pipe holds) is read
    as it comes, so the child does not wait, holding its memory, until the PDF is laid out."""
    import multiprocessing
    import time

    from handbook.build.processes import run_both

    def here(receive):
        deadline = time.monotonic() + 60  # ends within a second; never, without the reader
        while multiprocessing.active_children() and time.monotonic() < deadline:
            time.sleep(0.05)
        return not multiprocessing.active_children()

    ended, result = run_both(here, lambda send: b"x" * (4 << 20))
    assert ended and result == b"x" * (4 << 20)
