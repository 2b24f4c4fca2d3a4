"""Read a printed book's pages back with pdfplumber: where the text and the page furniture are.

Used by the print tests; also a script: `python -m tests.pdf_pages output/handbook.pdf`
lists the pages whose type area is more than 30 % empty.
"""

from __future__ import annotations

import itertools
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

MM = 72 / 25.4
TOP_MM, BOTTOM_MM = 22, 26  # the type area's top and bottom margins (handbook.css)
GAP_MM = 12  # vertical gaps smaller than this are ordinary spacing between blocks


@dataclass(frozen=True)
class PageFacts:
    number: int  # 1-based
    width: float  # of the trimmed page, in points
    height: float
    head: tuple[tuple[float, str], ...]  # (x of its middle, text) of words above the type area
    foot: tuple[tuple[float, str], ...]  # words below the type area
    ink: int  # characters, lines, rectangles, curves and images on the trimmed page
    body: int  # how many of those are in the type area
    empty: float  # share of the type area's height left empty (gaps of GAP_MM and more)
    labels: tuple[str, ...] = ()  # "Figure 2.1", "Table 3.2" printed in bold: caption labels
    lonely_codes: int = 0  # QR codes with no text beside them (each sits beside its item)


def read_pages(path: Path) -> list[PageFacts]:
    with pdfplumber.open(path) as pdf:
        return [_facts(number, page) for number, page in enumerate(pdf.pages, start=1)]


def _facts(number: int, page) -> PageFacts:
    left, top, right, bottom = page.trimbox  # pdfplumber's coordinates: y grows downwards
    width, height = right - left, bottom - top
    trimmed = page.crop((left, top, right, bottom), strict=False)
    type_top, type_bottom = top + TOP_MM * MM, bottom - BOTTOM_MM * MM
    words = trimmed.extract_words(extra_attrs=["fontname"])
    head = tuple((_middle(w) - left, w["text"]) for w in words if w["bottom"] <= type_top + 1)
    foot = tuple((_middle(w) - left, w["text"]) for w in words if w["top"] >= type_bottom - 1)
    objects = [*trimmed.chars, *trimmed.lines, *trimmed.curves, *trimmed.images,
               *(r for r in trimmed.rects if r["height"] < 0.9 * height)]  # not the background
    spans = sorted((max(o["top"], type_top), min(o["bottom"], type_bottom)) for o in objects
                   if o["bottom"] > type_top and o["top"] < type_bottom)
    return PageFacts(number, width, height, head, foot, len(objects), len(spans),
                     _empty_share(spans, type_top, type_bottom), _labels(words),
                     _lonely_codes(trimmed))


def _lonely_codes(page) -> int:
    """QR codes (19 mm squares drawn as runs of thick short lines) with no text beside them."""
    modules = sorted((line for line in page.lines if line["linewidth"] > 0.9
                      and line["x1"] - line["x0"] < 20 * MM), key=lambda line: line["top"])
    codes: list[list[float]] = []  # [top, bottom, left, right]
    for module in modules:
        if codes and module["top"] - codes[-1][1] < 3 * MM:
            code = codes[-1]
            code[1], code[2] = max(code[1], module["bottom"]), min(code[2], module["x0"])
            code[3] = max(code[3], module["x1"])
        else:
            codes.append([module["top"], module["bottom"], module["x0"], module["x1"]])
    square = [c for c in codes
              if 15 * MM < c[1] - c[0] < 25 * MM and 15 * MM < c[3] - c[2] < 25 * MM]
    return sum(1 for top, bottom, left, _ in square if not any(
        c["top"] < bottom and c["bottom"] > top and c["x1"] < left for c in page.chars))


def _labels(words: list[dict]) -> tuple[str, ...]:
    bold = [w["text"] for w in words if "Bold" in w["fontname"]]
    return tuple(f"{a} {b}" for a, b in itertools.pairwise(bold)
                 if a in ("Figure", "Table") and re.fullmatch(r"\d+\.\d+", b))


def _middle(word: dict) -> float:
    return (word["x0"] + word["x1"]) / 2


def _empty_share(spans: list[tuple[float, float]], top: float, bottom: float) -> float:
    """The type area's height not covered by anything, counting only gaps of GAP_MM or more."""
    empty, reached = 0.0, top
    for start, end in spans:
        if start - reached >= GAP_MM * MM:
            empty += start - reached
        reached = max(reached, end)
    if bottom - reached >= GAP_MM * MM:
        empty += bottom - reached
    return empty / (bottom - top)


if __name__ == "__main__":
    for facts in read_pages(Path(sys.argv[1])):
        if facts.empty > 0.3:
            print(f"page {facts.number}: {facts.empty:.0%} empty")
