"""A property of every build, on random small projects that mix sound and hostile parts: it
succeeds, or it exits non-zero printing only `path:line: error|warning:` lines (no traceback,
no library chatter), and the previous output folder is byte-identical afterwards."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from handbook.cli import main

from .conftest import FIXTURE_BOOK

PROBLEM_LINE = re.compile(r"^(\S[^\n]*?: )?(error|warning): \S")
SQUARE = (FIXTURE_BOOK / "content" / "images" / "square.png").read_bytes()
PREVIOUS = {"handbook.pdf": b"%PDF-1.7 an earlier build", "slides.pptx": b"PK an earlier deck",
            "slides/01-a.pptx": b"PK an earlier chapter deck"}

front = st.sampled_from(["", "---\ntitle: A chapter\n---\n", "---\nglossary: true\n---\n"])
block = st.sampled_from([  # each builds, some with a warning
    "Plain words in a paragraph.", "## A section", "- one\n- two\n    - nested",
    "![A square](images/square.png)", "![Entities](images/entities.svg)",
    '<a href="jav&#x61;script:alert(1)">raw</a>', "<!-- <img src=\"old.png\"> -->",
    '[x](https://example.org){: onclick="x()" }', "[broken](#nowhere)", "> " * 20 + "deep",
    "| a | b |\n|---|---|\n| 1 | 2 |", "!!! warning\n    Careful.", "<script>alert(1)</script>",
    "\x00\x01 control", "&#0; &#xD800; &bogus;",
])
chapter = st.tuples(front, st.lists(block, max_size=4)).map(
    lambda parts: parts[0] + "\n\n".join(["# Title", *parts[1]]) + "\n")
config = st.sampled_from([None, 'title = "Random"\n', '[fonts]\nbody = "Nowhere"\n'])
FAULTS = [  # each must fail the build cleanly: (where, what)
    ("front", "---\ntitle: [unclosed\n---\n"), ("front", "---\nreading_time: many\n---\n"),
    ("front", "---\ntitle: Bomb\na: &a [x, x]\nb: [*a, *a]\n---\n"),
    ("front", "---\ntitle: No end\n"),
    *(("block", text) for text in (
        "![Missing](images/missing.png)", "![Outside](../../../etc/hostname)",
        "![Remote](https://example.org/x.png)", "![Bomb](images/bomb.png)",
        "![Cut](images/cut.png)", '<img src="http://127.0.0.1:9/t.gif">',
        "[file](file:///etc/passwd)", "\n".join("    " * n + "- deep" for n in range(30)))),
    *(("file", name) for name in ("fifo.md", "folder.md", "link-out.md", "latin1.md",
                                  "empty.md")),
    *(("config", text) for text in ('language = "/etc/passwd"\n', 'chapters = ["../../x.md"]\n',
                                    'logo = "content/images/cut.png"\n', "paper = 5\n",
                                    "not toml = = =\n")),
]
fault = st.booleans().flatmap(lambda broken: st.sampled_from(FAULTS) if broken else st.none())


def make(root, chapters: list[str], toml: str | None, fault: tuple[str, str] | None) -> None:
    images = root / "content" / "images"
    images.mkdir(parents=True)
    (images / "square.png").write_bytes(SQUARE)
    (images / "bomb.png").write_bytes(SQUARE[:16] + (30000).to_bytes(4, "big") * 2 + SQUARE[24:])
    (images / "cut.png").write_bytes(SQUARE[: len(SQUARE) // 2])
    (images / "entities.svg").write_text('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY c '
                                         '"teal">]><svg xmlns="http://www.w3.org/2000/svg" '
                                         'width="20" height="10"><rect fill="&c;" width="20" '
                                         'height="10"/></svg>')
    where, what = fault or ("", "")
    if where == "front":
        chapters = [what + chapters[0].split("---\n")[-1], *chapters[1:]]
    elif where == "block":
        chapters = [chapters[0] + "\n" + what + "\n", *chapters[1:]]
    elif where == "config":
        toml = (toml or "") + what
    for number, text in enumerate(chapters, start=1):  # titles differ: a duplicate is a fault
        text = text.replace("# Title", f"# Title {number}").replace("A chapter", f"Part {number}")
        (root / "content" / f"{number:02d}-chapter-{number}.md").write_text(text)
    _odd_file(root, what if where == "file" else None)
    if toml is not None:
        (root / "handbook.toml").write_text(toml)


def _odd_file(root, odd: str | None) -> None:
    odd_path = root / "content" / f"09-{odd}"
    if odd == "fifo.md":
        os.mkfifo(odd_path)
    elif odd == "folder.md":
        odd_path.mkdir()
    elif odd == "link-out.md":
        odd_path.symlink_to("/etc/hostname")
    elif odd == "latin1.md":
        odd_path.write_bytes("# Café\n\nÉté.\n".encode("latin-1"))
    elif odd == "empty.md":
        odd_path.write_text("")
    (root / "content" / ".#01-chapter-1.md").symlink_to("user@host.1:1")  # an editor's lock


@settings(max_examples=10, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(chapter, min_size=1, max_size=2), config, fault)
def test_a_build_succeeds_or_fails_cleanly_and_keeps_the_old_outputs(tmp_path_factory, chapters,
                                                                     toml, fault):
    root = tmp_path_factory.mktemp("random") / "project"
    make(root, chapters, toml, fault)
    out = root.parent / "out"
    for name, data in PREVIOUS.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        code = main(["build", str(root), "-o", str(out), "-q", "--no-cache"])
    lines = [line for line in stderr.getvalue().splitlines() if line.strip()]
    event(f"exit {code}")
    assert code in (0, 1), stderr.getvalue()
    assert all(PROBLEM_LINE.match(line) for line in lines), stderr.getvalue()
    assert (code == 1) is (fault is not None), stderr.getvalue()
    if code == 0:
        assert (out / "handbook.pdf").read_bytes()[:5] == b"%PDF-"
    else:
        assert any(": error: " in f" {line}" for line in lines)
        kept = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
                if p.is_file()}
        assert kept == PREVIOUS
    shutil.rmtree(root.parent, ignore_errors=True)
