"""With SOURCE_DATE_EPOCH set, the same sources give byte-identical outputs."""

from __future__ import annotations

from datetime import UTC, datetime

from pptx import Presentation
from pypdf import PdfReader

from handbook.build import build


def files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_two_builds_are_byte_identical(project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    first, second = tmp_path / "one", tmp_path / "two"
    build(project, first)
    build(project, second)
    assert files(first) == files(second)
    assert len(files(first)) == 5
    created = PdfReader(first / "handbook.pdf").metadata.creation_date
    assert created == datetime(2026, 1, 1, tzinfo=UTC)
    deck = Presentation(str(first / "slides.pptx"))
    assert deck.core_properties.modified == datetime(2026, 1, 1)


def test_a_content_change_changes_the_outputs(project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    build(project, tmp_path / "one")
    chapter = project / "content" / "03-without-part.md"
    chapter.write_text(chapter.read_text().replace("Text after", "Words after"))
    build(project, tmp_path / "two")
    one, two = files(tmp_path / "one"), files(tmp_path / "two")
    assert one[next(k for k in one if k.name == "handbook.pdf")] != two[
        next(k for k in two if k.name == "handbook.pdf")]


def test_without_source_date_epoch_rebuilds_are_identical_too(project, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(project, tmp_path / "one")
    build(project, tmp_path / "two")
    assert files(tmp_path / "one") == files(tmp_path / "two")
    assert PdfReader(tmp_path / "one" / "handbook.pdf").metadata.creation_date is None
