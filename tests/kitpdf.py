"""Readers shared by the handout and trainer-guide tests: page texts, fill, the PDF's checks."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pdfplumber
from pypdf import PdfReader

STEP_TIME = re.compile(r"\d+ min · \d+:\d\d–\d+:\d\d")  # a step's head in the guide
STEP_END = re.compile(r"Full text: handbook")  # a step's last line in the guide


def page_texts(pdf: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in pdf.pages]


def flat(text: str) -> str:
    """Text with list markers dropped and whitespace collapsed."""
    return " ".join(text.replace("•", " ").replace("–", " – ").split())


def filled(path: Path) -> list[float]:
    """How far down each page its content reaches, as a share of the area inside the
    margins (the running heads and page numbers left out)."""
    shares = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            top, bottom = page.height * 0.08, page.height * 0.92  # inside the margin boxes
            lows = [o["bottom"] for o in (*page.chars, *page.rects, *page.lines, *page.images)
                    if top < o["top"] < bottom]
            shares.append((max(lows, default=top) - top) / (bottom - top))
    return shares


def structure(pdf: PdfReader) -> list[dict]:
    """Every structure element of the PDF, depth first, in reading order."""
    found: list[dict] = []

    def walk(node):
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if "/S" in node:
            found.append(node)
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object") or isinstance(kid, dict):
                walk(kid)

    walk(pdf.trailer["/Root"]["/StructTreeRoot"])
    return found


def outline_titles(pdf: PdfReader) -> list[str]:
    def walk(entries):
        for entry in entries:
            if isinstance(entry, list):
                yield from walk(entry)
            else:
                yield entry.title
    return list(walk(pdf.outline))


def fonts_without_file(pdf: PdfReader) -> list[str]:
    """Fonts used on any page whose program is not embedded in the file."""
    missing = []
    for page in pdf.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts") or [font]
            for described in (d.get_object() for d in descendants):
                descriptor = (described.get("/FontDescriptor") or {})
                descriptor = descriptor.get_object() if descriptor else {}
                if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.append(str(font.get("/BaseFont")))
    return missing


def check_accessible(pdf: PdfReader, title: str, chapters: list[str]) -> None:
    """Tagged, with language, title, headings in order, alt text, a bookmark for every
    chapter and every font embedded: what tests/test_accessibility.py asks of the book."""
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert pdf.metadata.title.startswith(title)
    elements = structure(pdf)
    levels = [int(str(e["/S"])[2]) for e in elements if re.fullmatch(r"/H[1-6]", str(e["/S"]))]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)
    bookmarks = " ".join(outline_titles(pdf))
    assert all(chapter in bookmarks for chapter in chapters), bookmarks
    assert fonts_without_file(pdf) == []
