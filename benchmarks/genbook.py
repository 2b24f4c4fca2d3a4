"""Generate a book of N chapters for the benchmarks (deterministic: the same N, the same book).

Each chapter has about 1,500 words in five sections, with "In short" boxes, a bulleted and a
numbered list, a table, a figure of its own (SVG), a footnote, a question and further reading;
chapters are grouped five to a part.

    python benchmarks/genbook.py 50 /tmp/book-50
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

WORDS = (
    "model", "data", "training", "people", "answer", "question", "text", "system", "language",
    "risk", "policy", "staff", "example", "review", "source", "check", "output", "prompt",
    "result", "meeting", "report", "summary", "decision", "process", "team", "colleague",
    "privacy", "document", "tool", "context", "error", "bias", "quality", "rule", "task",
    "advice", "information", "knowledge", "pattern", "word", "sentence", "meaning", "service",
    "customer", "record", "update", "version", "approach", "method", "guideline", "practice",
    "evidence", "claim", "fact", "figure", "value",
)
SMALL = (
    "the", "a", "of", "to", "and", "in", "for", "with", "on", "as", "that", "this", "it", "is",
    "by", "from", "at", "or",
)
SECTIONS_PER_CHAPTER = 5
CHAPTERS_PER_PART = 5


def sentence(rng: random.Random, words: int) -> str:
    picked = [rng.choice(WORDS if i % 2 == 0 else SMALL) for i in range(words)]
    return " ".join(picked).capitalize() + "."


def paragraph(rng: random.Random, words: int = 55) -> str:
    out, count = [], 0
    while count < words:
        length = rng.randint(9, 18)
        out.append(sentence(rng, length))
        count += length
    text = " ".join(out)
    first, _, rest = text.partition(" ")
    return f"{first} **{rest.split(' ', 2)[0]}** {rest.split(' ', 1)[1]}"


def bullets(rng: random.Random, count: int, ordered: bool = False) -> str:
    mark = (lambda i: f"{i}.") if ordered else (lambda i: "-")
    return "\n".join(f"{mark(i)} {sentence(rng, rng.randint(6, 12))}"
                     for i in range(1, count + 1))


def table(rng: random.Random) -> str:
    rows = ["| Topic | What to check | Who decides | Example |", "|---|---|---|---|"]
    for _ in range(5):
        rows.append("| " + " | ".join(sentence(rng, rng.randint(2, 6)).rstrip(".")
                                      for _ in range(4)) + " |")
    return "\n".join(rows)


def figure_svg(number: int) -> str:
    hue = (number * 47) % 360
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="800" height="400" '
            f'viewBox="0 0 800 400"><rect width="800" height="400" fill="#f4f7fa"/>'
            f'<rect x="40" y="60" width="220" height="280" rx="16" fill="hsl({hue},45%,40%)"/>'
            f'<rect x="290" y="120" width="220" height="220" rx="16" fill="hsl({hue},45%,55%)"/>'
            f'<rect x="540" y="200" width="220" height="140" rx="16" fill="hsl({hue},45%,70%)"/>'
            f'<text x="400" y="40" font-family="sans-serif" font-size="28" text-anchor="middle">'
            f'Figure for chapter {number}</text></svg>')


def chapter(number: int) -> str:
    rng = random.Random(number)
    part = (number - 1) // CHAPTERS_PER_PART + 1
    lines = [
        "---",
        f"title: Chapter {number} on {rng.choice(WORDS)} and {rng.choice(WORDS)}",
        "author: Benchmark team",
        f"summary: {sentence(rng, 22)}",
        f"part: Part {part} about {WORDS[part % len(WORDS)]}",
        "---",
        "",
        paragraph(rng, 50),
        "",
        paragraph(rng, 45) + "[^1]",
        "",
    ]
    for index in range(1, SECTIONS_PER_CHAPTER + 1):
        lines += [f"## Section {index}: {sentence(rng, 3).rstrip('.')}", "", paragraph(rng), ""]
        if index == 1:
            lines += [f"![A figure with three bars of different heights for chapter {number}]"
                      f'(images/figure-{number:03d}.svg "Figure {number}.1. Three bars")', ""]
        lines += [paragraph(rng), "", bullets(rng, 5, ordered=index == 3), "", paragraph(rng), ""]
        if index == 2:
            lines += [table(rng), ""]
        if index == 4:
            lines += ['!!! question "Discuss"', "    " + sentence(rng, 25), ""]
        lines += ['!!! summary "In short"', *("    " + line for line in
                                             bullets(rng, 4).splitlines()), ""]
    lines += ['!!! more "Want to know more?"',
              f"    - [Further reading {number}](https://example.org/reading/{number}): "
              + sentence(rng, 10), "",
              f"[^1]: {sentence(rng, 14)}", ""]
    return "\n".join(lines)


def generate(chapters: int, target: Path) -> Path:
    """Write a project of CHAPTERS chapters into TARGET (emptied first); return TARGET."""
    content = target / "content"
    (content / "images").mkdir(parents=True, exist_ok=True)
    for old in content.glob("*.md"):
        old.unlink()
    (target / "handbook.toml").write_text(
        f'title = "Benchmark handbook of {chapters} chapters"\n'
        'subtitle = "Generated text to measure the build"\n'
        'organisation = "Benchmarks"\nversion = "1.0"\ndate = "January 2026"\n',
        encoding="utf-8")
    for number in range(1, chapters + 1):
        (content / f"{number:03d}-chapter-{number}.md").write_text(chapter(number),
                                                                  encoding="utf-8")
        (content / "images" / f"figure-{number:03d}.svg").write_text(figure_svg(number),
                                                                    encoding="utf-8")
    return target


if __name__ == "__main__":
    count, folder = int(sys.argv[1]), Path(sys.argv[2])
    generate(count, folder)
    print(f"wrote {count} chapters into {folder}")
