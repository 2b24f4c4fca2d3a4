"""Measure decks as a trainer sees them: rendered by LibreOffice, judged per content slide.

    .venv/bin/python scripts/deck_report.py output/slides.pptx [more.pptx …] [--slides]

Each deck is converted with `soffice --headless --convert-to pdf`; on each page, pdfplumber
finds the lowest drawn thing (text, picture, shape) inside the slide layout's body region, so the
empty share of the body below it is what the render shows, not what the file claims. Shapes the
deck marks decorative (a big question mark, a rule) do not count as filling the body, and text
inside a figure (an SVG drawn as vectors) does not count as the slide's type. Printed per deck:
the layout mix and the issue-13 measures (content slides only, dividers left out):

- at most 10 % of the content slides leave more than 45 % of the body empty below their lowest
  text or shape;
- at least 50 % carry more than plain bullets;
- no point ends in "…"; no slide is a single short bullet; nothing under 14 pt.

Needs LibreOffice (libreoffice-impress) and pdfplumber (`.venv/bin/pip install pdfplumber`):
a development tool, not a dependency. Exit code 1 when a deck misses a measure.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

EMU_PER_PT = 12700
LIMITS = {"empty_over_45": 0.10, "more_than_bullets": 0.50, "smallest_pt": 14.0}


def render(deck: Path, folder: Path) -> Path:
    """The deck as a PDF, one page a slide."""
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                    str(deck)], check=True, capture_output=True, timeout=600)
    return folder / f"{deck.stem}.pdf"


def measure(deck: Path, pdf: Path) -> list[dict]:
    import pdfplumber
    from pptx import Presentation

    from handbook.slides.audit import audit, decorative

    prs = Presentation(str(deck))
    slides = audit(prs)
    rows = []
    with pdfplumber.open(str(pdf)) as document:
        for found, slide, page in zip(slides, prs.slides, document.pages, strict=True):
            scale = float(page.width) / (prs.slide_width / EMU_PER_PT)
            skip = [_box(s, scale) for s in slide.shapes if decorative(s)]
            figures = [_box(s, scale) for s in slide.shapes if s.name.startswith("Picture")]
            body = _rect_box(found.body, scale)
            lowest, smallest = _page(page, body, skip, figures)
            empty = 1.0 if lowest is None else max(0.0, (body[3] - min(lowest, body[3]))
                                                   / (body[3] - body[1]))
            rows.append({"number": found.number, "kind": found.kind, "layout": found.layout,
                         "title": found.title, "content": found.content, "empty": empty,
                         "smallest": smallest, "plain": found.plain,
                         "ellipsis": found.ellipsis, "lone": found.lone_short_bullet})
    return rows


def _rect_box(rect, scale: float) -> tuple[float, float, float, float]:
    return (rect.left / EMU_PER_PT * scale, rect.top / EMU_PER_PT * scale,
            rect.right / EMU_PER_PT * scale, rect.bottom / EMU_PER_PT * scale)


def _box(shape, scale: float) -> tuple[float, float, float, float]:
    from handbook.slides.geometry import Rect

    return _rect_box(Rect(int(shape.left), int(shape.top), int(shape.width),
                          int(shape.height)), scale)


def _within(obj: dict, boxes) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)


def _page(page, body, skip, figures) -> tuple[float | None, float | None]:
    """(the bottom of the lowest thing drawn in BODY, the smallest text size there)."""
    x0, top, x1, bottom = body
    area = float(page.width) * float(page.height)
    things = [*page.chars, *page.images, *page.curves, *page.lines,
              *(r for r in page.rects if (r["x1"] - r["x0"]) * (r["bottom"] - r["top"])
                < 0.5 * area)]
    inside = [t for t in things if t["x1"] > x0 and t["x0"] < x1 and t["bottom"] > top
              and t["top"] < bottom and not _within(t, skip)]
    sizes = [c["size"] for c in page.chars if c["text"].strip() and c["top"] >= top - 2
             and c["bottom"] <= bottom + 2 and not _within(c, figures + skip)]
    return (max((t["bottom"] for t in inside), default=None),
            round(min(sizes), 1) if sizes else None)


def report(deck: Path, rows: list[dict], show: bool) -> bool:
    content = [r for r in rows if r["content"]]
    count = max(1, len(content))
    figures = {
        "empty_over_45": sum(r["empty"] > 0.45 for r in content) / count,
        "more_than_bullets": sum(not r["plain"] for r in content) / count,
        "smallest_pt": min((r["smallest"] for r in content if r["smallest"]), default=0.0),
    }
    ellipses = sum(r["ellipsis"] for r in content)
    lone = sum(r["lone"] for r in content)
    print(f"\n{deck}: {len(rows)} slides, {len(content)} content slides")
    if show:
        for r in rows:
            print(f"  {r['number']:>3} {r['kind']:<11} empty {r['empty']:4.0%}  "
                  f"min {r['smallest'] or 0:4.1f} pt  {r['title'][:60]}")
    mix = Counter(r["kind"] for r in content)
    print("  layouts: " + ", ".join(f"{kind} {n}" for kind, n in mix.most_common()))
    good = [
        _line("content slides > 45 % empty below", figures["empty_over_45"], "≤ 10 %",
              figures["empty_over_45"] <= LIMITS["empty_over_45"], percent=True),
        _line("more than plain bullets", figures["more_than_bullets"], "≥ 50 %",
              figures["more_than_bullets"] >= LIMITS["more_than_bullets"], percent=True),
        _line("smallest type on a content slide", figures["smallest_pt"], "≥ 14 pt",
              figures["smallest_pt"] >= LIMITS["smallest_pt"]),
        _line("points ending in an ellipsis", ellipses, "0", ellipses == 0),
        _line("slides of one short bullet", lone, "0", lone == 0),
        _line("different layouts", len(mix), "≥ 6", len(mix) >= 6),
    ]
    return all(good)


def _line(what: str, value: float, target: str, met: bool, percent: bool = False) -> bool:
    shown = f"{value:.0%}" if percent else f"{value:g}"
    print(f"  {'ok  ' if met else 'MISS'} {what}: {shown} (target {target})")
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("decks", nargs="+", type=Path)
    parser.add_argument("--slides", action="store_true", help="print every slide's figures")
    parser.add_argument("--pdf", type=Path, help="keep the PDFs in this folder")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.pdf or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for deck in args.decks:
            ok &= report(deck, measure(deck, render(deck, folder)), args.slides)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
