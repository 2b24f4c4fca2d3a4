"""Shared fixtures: the fixture book is built once per test session (WeasyPrint is slow)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handbook.build import BuildResult, build

FIXTURE_BOOK = Path(__file__).parent / "fixtures" / "book"
PLAIN_BOOK = Path(__file__).parent / "fixtures" / "plain-book"  # no parts, no handbook.toml
REPO = Path(__file__).parent.parent


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
