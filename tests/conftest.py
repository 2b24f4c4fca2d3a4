"""Shared fixtures: the fixture book is built once per test session (WeasyPrint is slow)."""

from __future__ import annotations

import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from handbook.build import BuildResult, build

FIXTURE_BOOK = Path(__file__).parent / "fixtures" / "book"
PLAIN_BOOK = Path(__file__).parent / "fixtures" / "plain-book"  # no parts, no handbook.toml
REPO = Path(__file__).parent.parent

# The tests set the reproducible-builds date themselves where they need one: a value exported by
# the caller (fresh-machine exports one) would date the session fixtures but not the builds that
# tests run in a clean environment, so their bytes would differ.
os.environ.pop("SOURCE_DATE_EPOCH", None)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, BuildResult]:
    """(output folder, build result) of the fixture book."""
    out = tmp_path_factory.mktemp("fixture-output")
    return out, build(FIXTURE_BOOK, out)


@pytest.fixture(scope="session")
def course_build(tmp_path_factory) -> Path:
    """The output folder of the shipped course, built once for every module that reads it,
    with its handout and trainer guide (the book, the decks and both kit PDFs of one build)."""
    out = tmp_path_factory.mktemp("course")
    build(REPO, out, extra=("handout", "guide"))
    return out


@pytest.fixture()
def project(tmp_path) -> Path:
    """A writable copy of the fixture book, for tests that break it."""
    target = tmp_path / "book"
    shutil.copytree(FIXTURE_BOOK, target)
    return target


def build_cli(project: Path, capsys, *extra: str) -> tuple[int, str]:
    """`handbook build PROJECT EXTRA…`: its exit code and stderr, which never holds a
    traceback."""
    from handbook.cli import main

    code = main(["build", str(project), *extra])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


@pytest.fixture()
def server():
    """A local HTTP server that records every request it gets."""
    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    httpd.shutdown()
    httpd.server_close()
