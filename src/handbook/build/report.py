"""`handbook build --report FILE`: a machine-readable account of a build, for CI."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from handbook import __version__
from handbook.errors import Problem

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
CONTINUED = re.compile(r"\((\d+)/(\d+)\)$")
# what a warning says when something of the source did not come out as written
LEFT_OUT = re.compile(r"left out|placeholder|printed as|empty box|cannot be typeset|"
                      r"cannot play|cannot be shown|show its TeX")


def build_report(result, root: Path, seconds_by_output: dict[str, float] | None = None
                 ) -> dict[str, Any]:
    """Outputs with their size, pages or slides; each shrunk or split slide; every problem."""
    outputs = []
    for path in result.outputs:
        entry: dict[str, Any] = {"path": _shown(path, root), "bytes": path.stat().st_size,
                                 "reused": path in getattr(result, "reused", [])}
        if path.suffix == ".pdf":
            entry["kind"] = "pdf"
            if path.name == "handbook.pdf":
                entry["pages"] = result.pages
        elif path.suffix == ".pptx":
            entry["kind"] = "deck"
            entry["slides"] = _slides(path)
            entry["slide_count"] = len(entry["slides"])
        if seconds_by_output and path.name in seconds_by_output:
            entry["seconds"] = round(seconds_by_output[path.name], 3)
        outputs.append(entry)
    problems = [_problem(p, root) for p in result.problems.problems]
    return {
        "tool": f"handbook {__version__}",
        "seconds": round(result.seconds, 3),
        "pages": result.pages,
        "slides": result.slides,
        "outputs": outputs,
        "problems": problems,
        "summary": {
            "errors": sum(p["severity"] == "error" for p in problems),
            "warnings": sum(p["severity"] == "warning" for p in problems),
            "missing_alt_text": sum("no alt text" in p["message"] for p in problems),
            "broken_links": sum(("broken link" in p["message"] or "malformed" in p["message"])
                                for p in problems),
            "shrunk_slides": sum(1 for o in outputs for s in o.get("slides", [])
                                 if s.get("font_scale")),
            "continued_slides": sum(1 for o in outputs for s in o.get("slides", [])
                                    if s.get("part")),
            "left_out": sum(bool(LEFT_OUT.search(p["message"])) for p in problems),
        },
    }


def write_report(report: dict[str, Any], path: Path) -> None:
    from handbook.build.output import write_atomic

    write_atomic(path, (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode())


def _slides(path: Path) -> list[dict[str, Any]]:
    from pptx import Presentation

    slides = []
    for number, slide in enumerate(Presentation(str(path)).slides, start=1):
        title = slide.shapes.title.text if slide.shapes.title is not None else ""
        entry: dict[str, Any] = {"number": number, "title": title,
                                 "layout": slide.slide_layout.name}
        scale = _font_scale(slide)
        if scale is not None:
            entry["font_scale"] = scale
        found = CONTINUED.search(title)
        if found:
            entry["part"] = [int(found.group(1)), int(found.group(2))]
        slides.append(entry)
    return slides


def _font_scale(slide) -> float | None:
    for shape in slide.placeholders:
        fit = shape.text_frame._txBody.bodyPr.find(f"{A}normAutofit") \
            if shape.has_text_frame else None
        if fit is not None and fit.get("fontScale") and shape.placeholder_format.idx != 0:
            return int(fit.get("fontScale")) / 100000
    return None


def _problem(problem: Problem, root: Path) -> dict[str, Any]:
    return {"file": _shown(problem.path, root) if problem.path else None, "line": problem.line,
            "severity": problem.severity, "message": problem.message}


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
