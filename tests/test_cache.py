"""The build cache: a change to any input changes the outputs, no change reuses them, and what
the cache gives is always byte for byte what a build without it makes."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import time

import pytest

from handbook.build import build, cache, hashes, inputs
from handbook.cli import main
from handbook.cli.fast import unchanged_build
from handbook.errors import HandbookError
from handbook.source.theme import DEFAULTS

PDF, COURSE = "handbook.pdf", "slides.pptx"
DECKS = ["slides/01-first-steps.pptx", "slides/02-second-chapter.pptx",
         "slides/03-without-part.pptx"]
ALL = {PDF, COURSE, *DECKS}


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def chapter_text(project):
    """A word changed for one of the same length, the file's times set back: only its change
    time and inode tell (hashes.py), and the chapter is read again."""
    path = project / "content" / "03-without-part.md"
    before = path.stat()
    edit(path, "Text after", "Text later")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


def image(project):
    from PIL import Image

    Image.new("RGB", (40, 40), "#B00020").save(project / "content" / "images" / "square.png")


def stylesheet(project):
    (project / "styles").mkdir(exist_ok=True)
    (project / "styles" / "brand.css").write_text(":root { --accent: #7A1F5C; }\n")


def html_template(project):
    templates = project / "styles" / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    text = (DEFAULTS / "templates" / "book.html.j2").read_text(encoding="utf-8")
    (templates / "book.html.j2").write_text(text.replace("</body>", "<p>Printed by us.</p>"
                                                         "</body>"), encoding="utf-8")


def config(project):
    edit(project / "handbook.toml", 'title = "Fixture handbook"', 'title = "Another title"')


def slide_template(project):
    from pptx import Presentation

    (project / "styles").mkdir(exist_ok=True)
    Presentation().save(str(project / "styles" / "corporate.pptx"))


def date(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


def tool(project, monkeypatch):
    monkeypatch.setattr(inputs, "tool_fingerprint", lambda *args: "a newer handbook")


# (what changes, how, which outputs must change); applied one after the other to one project
STEPS = [
    ("nothing", None, set()),
    ("a chapter's text", chapter_text, {PDF, COURSE, "slides/03-without-part.pptx"}),
    ("an image", image, {PDF, COURSE, "slides/01-first-steps.pptx"}),
    ("a stylesheet", stylesheet, {PDF}),
    ("the HTML template", html_template, {PDF}),
    ("the slide template", slide_template, {COURSE, *DECKS}),
    ("handbook.toml", config, ALL),
    ("SOURCE_DATE_EPOCH", date, ALL),
    ("handbook itself", tool, set()),  # rendered again, to the same bytes
]


def test_every_input_changes_the_outputs_and_cached_outputs_are_never_stale(
        project, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setattr(hashes, "RACY_NS", 0)  # every hash remembered, however new the file
    out = tmp_path / "out"
    quick = ["build", str(project), "-o", str(out), "-q"]  # the command's no-change path
    build(project, out)
    for number, (what, change, changed) in enumerate(STEPS):
        before = files(out)
        if change in (date, tool):
            change(project, monkeypatch)
        elif change is not None:
            change(project)
        pdf_entries = set((project / cache.CACHE_DIR / "entries").glob("pdf-*"))
        assert (unchanged_build(quick) is None) == (change is not None), what
        assert files(out) == before, what  # it renders nothing, and writes nothing
        result = build(project, out)
        assert unchanged_build(quick) == 0, what
        after = files(out)
        if change is slide_template:  # the PDF is not even laid out again
            assert set((project / cache.CACHE_DIR / "entries").glob("pdf-*")) == pdf_entries
        assert {name for name in after if after[name] != before.get(name)} == changed, what
        assert bool(result.reused) == (change is None), what
        if changed:  # the same bytes as a build without the cache (on one core or two)
            stored = files(project / cache.CACHE_DIR)
            fresh = tmp_path / f"fresh-{number}"
            build(project, fresh, cache=False, jobs=1 + number % 2)
            assert after == files(fresh), f"after a change to {what}, an output is stale"
            assert files(project / cache.CACHE_DIR) == stored  # cache=False leaves it alone
    expected = files(out)
    edit(project / "content" / "01-first-steps.md", "images/square.png", "images/missing.png")
    for _ in range(2):  # a failed build is not cached: the second one fails the same way
        with pytest.raises(HandbookError):
            build(project, out)
    assert files(out) == expected  # and touches no output


def test_no_change_reuses_every_output_and_puts_back_what_was_changed_by_hand(project, tmp_path):
    shutil.rmtree(project / cache.CACHE_DIR, ignore_errors=True)
    out = tmp_path / "out"
    first = build(project, out)
    folder = project / cache.CACHE_DIR
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"  # never committed
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172")
    expected = files(out)
    times = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    second = build(project, out)
    assert set(second.reused) == set(first.outputs) == set(times)
    command = subprocess.run([sys.executable, "-X", "importtime", "-m", "handbook", "build",
                              str(project), "-o", str(out)], capture_output=True, text=True,
                             check=True)
    imported = {line.split("|")[-1].strip()
                for line in command.stderr.splitlines() if line.startswith("import time:")}
    assert command.stdout.startswith(f"{len(ALL)} files, {first.pages} pages")
    assert not {name.split(".")[0] for name in imported} & {
        "click", "rich", "markdown", "jinja2", "weasyprint", "pptx", "pikepdf", "PIL",
        "fontTools", "pydyf",  # nothing heavy, and none of the standard library's slower
        "dataclasses", "inspect", "tempfile", "datetime", "typing", "shutil"}  # modules …
    assert not imported & {"handbook.build.pipeline", "handbook.model",  # … nor the pipeline
                           "handbook.source.config"}  # (its warning is printed all the same)
    assert (second.pages, second.slides) == (first.pages, first.slides)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == times
    (out / PDF).write_bytes(b"%PDF-1.7 edited by hand")
    (out / DECKS[0]).unlink()
    assert build(project, out).reused and files(out) == expected
    shutil.rmtree(out)
    for blob in (folder / "blobs").iterdir():
        blob.write_bytes(b"damaged")
    assert build(project, out).reused == []  # a damaged cache is not used
    assert files(out) == expected


def test_outputs_kept_as_they_were_are_dated_as_up_to_date_after_a_save(project):
    """A chapter saved unchanged: the build writes nothing (the same bytes), but the outputs
    it kept are dated now, so the preview does not call the PDF older than the sources; a
    build with nothing saved leaves their times alone."""
    from handbook.preview.page import pdf_notice

    out = project / "output"
    build(project)
    past = time.time() - 60  # as if built a minute ago
    outputs = sorted(p for p in out.rglob("*") if p.is_file())
    for path in outputs:
        os.utime(path, (past, past))
    chapter = project / "content" / "01-first-steps.md"
    chapter.write_bytes(chapter.read_bytes())  # saved, not changed
    newest = chapter.stat().st_mtime_ns
    assert "is older than the sources" in pdf_notice(project, newest)
    before = files(out)
    result = build(project)
    assert set(result.reused) == set(outputs) and files(out) == before
    assert pdf_notice(project, newest) == ""
    assert all(path.stat().st_mtime_ns >= newest for path in outputs)
    times = {path: path.stat().st_mtime_ns for path in outputs}
    build(project)
    assert {path: path.stat().st_mtime_ns for path in outputs} == times
    for path in outputs:  # the same through the command's quick path (cli/fast.py)
        os.utime(path, (past, past))
    chapter.write_bytes(chapter.read_bytes())
    newest = chapter.stat().st_mtime_ns
    assert unchanged_build(["build", str(project), "-q"]) == 0 and files(out) == before
    assert pdf_notice(project, newest) == ""
    assert all(path.stat().st_mtime_ns >= newest for path in outputs)


def test_cached_warnings_are_reported_again_and_fail_a_strict_build(project, tmp_path, capsys):
    path = project / "content" / "03-without-part.md"
    path.write_text(path.read_text() + '\nSome <b onclick="x()">bold</b> words.\n')
    out = tmp_path / "out"
    first = build(project, out)
    assert any("onclick" in p.message for p in first.problems.warnings)
    again = build(project, out)
    assert again.reused and again.problems.warnings == first.problems.warnings
    said = []
    for extra in (["--report", str(tmp_path / "report.json")], []):  # the full command, then
        assert main(["build", str(project), "-o", str(out), *extra]) == 0  # the quick one
        said.append(capsys.readouterr())
    assert said[0].err == said[1].err and "onclick" in said[1].err
    assert said[0].out.rsplit(",", 1)[0] == said[1].out.rsplit(",", 1)[0]  # but the time
    with pytest.raises(HandbookError) as raised:
        build(project, tmp_path / "strict", strict=True)
    assert any("onclick" in p.message for p in raised.value.problems)
    assert not (tmp_path / "strict").exists()


def test_a_cache_that_cannot_be_written_does_not_fail_the_build(project, tmp_path):
    shutil.rmtree(project / cache.CACHE_DIR, ignore_errors=True)
    (project / cache.CACHE_DIR).write_text("not a folder")
    result = build(project, tmp_path / "out")
    assert set(files(tmp_path / "out")) == ALL and result.reused == []
    assert [p.format(project) for p in result.problems.warnings
            if p.path == project / cache.CACHE_DIR] == [
        ".handbook-cache: warning: could not keep the build cache (it is a link or not a "
        "folder); the next build will not be faster"]


def test_a_cache_that_cannot_be_kept_does_not_fail_a_strict_build(tmp_path):
    """The warning is about the machine, not the sources: --strict builds on."""
    from .conftest import FIXTURE_BOOK

    root = tmp_path / "course"
    shutil.copytree(FIXTURE_BOOK.parent / "course", root,
                    ignore=shutil.ignore_patterns(cache.CACHE_DIR))
    (root / cache.CACHE_DIR).symlink_to(tmp_path)
    result = build(root, tmp_path / "out", pdf=False, strict=True, jobs=1)
    assert [(p.path, p.severity) for p in result.problems.problems] == [
        (root / cache.CACHE_DIR, "warning")]
    assert not (tmp_path / "blobs").exists()  # the link was not followed


@pytest.mark.parametrize("trouble", [(errno.ENOSPC, "blobs", False), (errno.EROFS, "", False),
                                     (errno.ENOSPC, "blobs", True)],
                         ids=["full disk", "read-only", "full disk in the deck process"])
def test_a_full_or_read_only_cache_is_said_once_and_the_build_succeeds(
        project, tmp_path, monkeypatch, capsys, trouble):
    """Cache writes fail (blobs, for a full disk; every file, for a read-only folder), here
    and in the forked processes or only in the one drawing the decks: the outputs are whole,
    and a quiet build says it once."""
    number, only, forked = trouble
    shutil.rmtree(project / cache.CACHE_DIR, ignore_errors=True)
    write, failed, here = cache._write, [], os.getpid()

    def fail(path, data):
        if only not in path.parent.name or (forked and os.getpid() == here):
            return write(path, data)
        failed.append(path)
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(cache, "_write", fail)
    assert main(["build", str(project), "-o", str(tmp_path / "out"), "-q"]) == 0
    said = capsys.readouterr()
    monkeypatch.undo()
    assert (failed or forked) and said.out == ""
    warned = [line for line in said.err.splitlines() if "build cache" in line]
    assert warned == [f"{project / cache.CACHE_DIR}: warning: could not keep the build cache "
                      f"({os.strerror(number)}); the next build will not be faster"]
    build(project, tmp_path / "fresh", cache=False)
    assert files(tmp_path / "out") == files(tmp_path / "fresh")
    again = build(project, tmp_path / "out")
    assert again.reused == []  # once a write failed, the build wrote no more
    assert not any(p.path == project / cache.CACHE_DIR for p in again.problems.problems)


def test_nothing_is_cached_when_a_file_is_saved_during_the_build(project, tmp_path, monkeypatch):
    from handbook.book import html as render_html

    shutil.rmtree(project / cache.CACHE_DIR, ignore_errors=True)
    chapter = project / "content" / "03-without-part.md"
    original = chapter.read_text(encoding="utf-8")
    render = render_html.render_book_html

    def render_and_save(*args, **kwargs):  # the author saves while the PDF is being made
        chapter.write_text(original.replace("Text after", "Saved meanwhile"), encoding="utf-8")
        return render(*args, **kwargs)

    monkeypatch.setattr(render_html, "render_book_html", render_and_save)
    build(project, tmp_path / "out")
    monkeypatch.setattr(render_html, "render_book_html", render)
    assert not list((project / cache.CACHE_DIR / "entries").iterdir())
    chapter.write_text(original, encoding="utf-8")  # saved back: the first build's inputs
    assert build(project, tmp_path / "out").reused == []
    build(project, tmp_path / "fresh", cache=False)
    assert files(tmp_path / "out") == files(tmp_path / "fresh")


def test_a_hash_is_remembered_until_the_file_changes_even_with_its_times_set_back(tmp_path):
    read: list[str] = []

    def hash_file(path):
        read.append(os.path.basename(path))
        return cache.file_digest(path)

    def memo() -> hashes.HashMemo:
        found = hashes.HashMemo(tmp_path / "cache", hash_file)
        found.now += 10 * hashes.RACY_NS  # as if the files were old
        return found

    (tmp_path / "cache").mkdir()
    text = tmp_path / "a.md"
    text.write_text("one")
    first = memo()
    assert first.digest(text) == cache.file_digest(text) and read == ["a.md"]
    first.save()
    assert memo().digest(text) == cache.file_digest(text) and read == ["a.md"]  # not read
    times = text.stat()
    text.write_text("two")
    os.utime(text, ns=(times.st_atime_ns, times.st_mtime_ns))  # same size, same times
    assert memo().digest(text) == cache.file_digest(text) and read == ["a.md", "a.md"]
    fresh = hashes.HashMemo(tmp_path / "cache", hash_file)  # the file was written just now:
    fresh.digest(text)  # not remembered (a write in the same clock tick would go unseen)
    fresh.save()
    assert str(text) not in hashes.HashMemo(tmp_path / "cache", hash_file).known
    (tmp_path / "cache" / hashes.MEMO_FILE).write_text('{"x": [1, 2], "y": "z"')  # damaged
    assert hashes.HashMemo(tmp_path / "cache", hash_file).known == {}


def test_the_tool_fingerprint_notices_an_edited_module_and_an_installed_package(
        tmp_path, monkeypatch):
    """Remembered hashes never hide a change to handbook's own files (an edit of the same size
    with its times set back) or to the installed distributions."""
    package, site = tmp_path / "handbook", tmp_path / "site-packages"
    shutil.copytree(inputs.PACKAGE / "cli", package / "cli", ignore=shutil.ignore_patterns(
        "__pycache__"))
    site.mkdir()
    (tmp_path / "cache").mkdir()
    monkeypatch.setattr(inputs, "PACKAGE", package)
    monkeypatch.setattr(sys, "path", [str(site)])

    def fingerprint() -> str:
        monkeypatch.setattr(inputs, "_TOOL", [])  # worked out again, as by a new process
        memo = hashes.HashMemo(tmp_path / "cache", cache.file_digest)
        memo.now += 10 * hashes.RACY_NS  # as if every file were old: all remembered
        found = inputs.tool_fingerprint(memo.digest)
        memo.save()
        return found

    first = fingerprint()
    assert fingerprint() == first
    module = package / "cli" / "fast.py"
    before = module.stat()
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("return 0", "return 1", 1), encoding="utf-8")
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert module.stat().st_size == before.st_size
    edited = fingerprint()
    assert edited != first
    (site / "weasyprint-99.0.dist-info").mkdir()
    assert fingerprint() not in (first, edited)
