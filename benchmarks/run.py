"""Benchmarks of `handbook build` against its floor, WeasyPrint alone (not a test).

    .venv/bin/python benchmarks/run.py                  # the shipped course, then N = 10, 50, 100
    .venv/bin/python benchmarks/run.py --sizes 10 --repeat 3
    .venv/bin/python benchmarks/run.py --profile /tmp/profiles   # also pyinstrument reports

For each book, in one run on this machine: a full (cold) build, the floor (the same final HTML
rendered by WeasyPrint alone, see floor.py), a rebuild after one paragraph of one chapter
changed, and a rebuild with nothing changed. Times are wall-clock seconds of the whole command
(Python's start-up included); with --repeat, the fastest of the runs. Peak memory is the largest
sum of PSS over the build's processes; CPU is user + system seconds of all its processes.
The benchmark runs a snapshot of src/handbook taken when it starts (edits made meanwhile in the
working tree would otherwise change the tool's fingerprint, and so its cache keys, mid-run).
Everything is written under a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from genbook import generate  # noqa: E402
from measure import run  # noqa: E402

PYTHON = sys.executable
HANDBOOK = [PYTHON, "-m", "handbook"]
CACHE_DIR = ".handbook-cache"


@dataclass
class Figures:
    name: str
    chapters: int
    pages: int = 0
    slides: int = 0
    full: float = float("inf")
    full_cpu: float = float("inf")
    floor: float = float("inf")
    floor_cpu: float = float("inf")
    edit: float = float("inf")
    unchanged: float = float("inf")
    peak_mb: float = 0.0
    largest_mb: float = 0.0
    floor_mb: float = 0.0
    floor_pages: int = 0

    @property
    def per_page_ms(self) -> float:
        return 1000 * self.full / self.pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 50, 100],
                        help="chapters of the generated books (default: 10 50 100)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measure; the "
                        "fastest counts (default 1)")
    parser.add_argument("--no-course", action="store_true", help="skip the shipped course")
    parser.add_argument("--profile", type=Path, help="write pyinstrument reports here")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    env = snapshot(work)
    print(machine(), flush=True)
    print(f"start-up (handbook --version): {startup(env):.3f} s", flush=True)
    books: list[tuple[str, Path, int]] = []
    if not args.no_course:
        books.append(("shipped course", course_copy(work / "course"), 0))
    for size in args.sizes:
        books.append((f"generated, {size} chapters", generate(size, work / f"book-{size}"), size))
    results = []
    try:
        for name, project, size in books:
            figures = measure_book(name, project, size, work, env, args.repeat)
            results.append(figures)
            print(row(figures), f"(largest process {figures.largest_mb:.0f} MB, floor "
                  f"{figures.floor_mb:.0f} MB; load {load()})", flush=True)
            if args.profile:
                profile(project, work, env, args.profile)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(table(results))
    print()
    print(verdicts(results))
    return 0


def snapshot(work: Path) -> dict[str, str]:
    """A copy of src/handbook to run, and the environment that runs it."""
    shutil.rmtree(work / "src", ignore_errors=True)
    shutil.copytree(REPO / "src" / "handbook", work / "src" / "handbook",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONPATH"] = os.pathsep.join([str(work / "src"), *filter(None, [
        os.environ.get("PYTHONPATH")])])
    return env


def load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info
                       if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import weasyprint

    return (f"{time.strftime('%Y-%m-%d')} · {cpu} · {os.cpu_count()} cores · Python "
            f"{platform.python_version()} · WeasyPrint {weasyprint.__version__} · "
            f"{platform.system()} {platform.release()} · load {load()}")


def startup(env: dict[str, str]) -> float:
    return min(run([*HANDBOOK, "--version"], env=env).seconds for _ in range(5))


def course_copy(target: Path) -> Path:
    """The shipped course (content, styles, handbook.toml) in a folder we may edit."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(REPO / "content", target / "content")
    if (REPO / "styles").is_dir():
        shutil.copytree(REPO / "styles", target / "styles")
    shutil.copy2(REPO / "handbook.toml", target / "handbook.toml")
    return target


def measure_book(name: str, project: Path, size: int, work: Path, env: dict[str, str],
                 repeat: int) -> Figures:
    out = work / f"{project.name}-out"
    figures = Figures(name, size or len(list((project / "content").glob("*.md"))))
    floor_dir = work / f"{project.name}-floor"
    for attempt in range(repeat):
        shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        full = run([*HANDBOOK, "build", str(project), "--output", str(out)], env=env)
        figures.full = min(figures.full, full.seconds)
        figures.full_cpu = min(figures.full_cpu, full.cpu)
        figures.peak_mb = max(figures.peak_mb, full.peak_mb)
        figures.largest_mb = max(figures.largest_mb, full.largest_mb)
        figures.pages, figures.slides = summary(full.stdout)
        run([PYTHON, str(HERE / "floor.py"), "prepare", str(project), str(floor_dir)], env=env)
        floor = run([PYTHON, str(HERE / "floor.py"), "render", str(floor_dir)], env=env)
        figures.floor = min(figures.floor, floor.seconds)
        figures.floor_cpu = min(figures.floor_cpu, floor.cpu)
        figures.floor_mb = max(figures.floor_mb, floor.peak_mb)
        figures.floor_pages = int(floor.stdout.split()[-1])
        edit_paragraph(project, attempt)
        edit = run([*HANDBOOK, "build", str(project), "--output", str(out)], env=env)
        figures.edit = min(figures.edit, edit.seconds)
        unchanged = run([*HANDBOOK, "build", str(project), "--output", str(out)], env=env)
        figures.unchanged = min(figures.unchanged, unchanged.seconds)
    return figures


def summary(stdout: str) -> tuple[int, int]:
    """Pages and course-deck slides from the build's last line: 'N files, P pages, S slides'."""
    words = stdout.strip().splitlines()[-1].replace(",", "").split()
    return int(words[words.index("pages") - 1]), int(words[words.index("slides") - 1])


def edit_paragraph(project: Path, attempt: int) -> Path:
    """Change one word of one paragraph in the middle chapter (a typo fixed)."""
    chapters = sorted((project / "content").glob("*.md"))
    path = chapters[len(chapters) // 2]
    lines = path.read_text(encoding="utf-8").split("\n")
    body = lines.index("---", 1) + 1
    index = next(i for i in range(body, len(lines)) if len(lines[i]) > 120
                 and lines[i][0].isalpha())
    lines[index] = lines[index].rstrip(".") + f" (edit {attempt + 1})."
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def profile(project: Path, work: Path, env: dict[str, str], folder: Path) -> None:
    """pyinstrument reports of a cold build and of a one-paragraph rebuild."""
    folder.mkdir(parents=True, exist_ok=True)
    out = work / f"{project.name}-profile-out"
    shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    for label in ("full", "edit"):
        if label == "edit":
            edit_paragraph(project, 99)
        report = folder / f"{project.name}-{label}.txt"
        run([PYTHON, "-m", "pyinstrument", "--outfile", str(report), "-m", "handbook", "build",
             str(project), "--output", str(out)], env=env)
        print(f"  profile: {report}", flush=True)


HEADER = ("| book | pages | slides | full build (CPU) | floor: WeasyPrint alone (CPU) "
          "| build / floor | one-paragraph edit | edit / full | no change | per page "
          "| peak memory |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")


def row(f: Figures) -> str:
    pages = f"{f.pages}" if f.pages == f.floor_pages else f"{f.pages} (floor {f.floor_pages})"
    return (f"| {f.name} | {pages} | {f.slides} | {f.full:.2f} s ({f.full_cpu:.1f} s) | "
            f"{f.floor:.2f} s ({f.floor_cpu:.1f} s) | "
            f"{f.full / f.floor:.2f} | {f.edit:.2f} s | {f.edit / f.full:.2f} | "
            f"{f.unchanged:.2f} s | {f.per_page_ms:.0f} ms | {f.peak_mb:.0f} MB |")


def table(results: list[Figures]) -> str:
    return "\n".join([HEADER, *(row(f) for f in results)])


def verdicts(results: list[Figures]) -> str:
    lines = []
    course = next((f for f in results if f.name == "shipped course"), None)
    if course:
        lines.append(f"course build / floor = {course.full / course.floor:.2f} (target ≤ 1.15)")
    for f in results:
        lines.append(f"{f.name}: edit / full = {f.edit / f.full:.2f} (target ≤ 0.35), "
                     f"no change = {f.unchanged:.2f} s (target ≤ 1 s), peak "
                     f"{f.peak_mb:.0f} MB (target ≤ 1024 MB at 100 chapters)")
    sized = {f.chapters: f for f in results if f.name.startswith("generated")}
    if 10 in sized and 100 in sized:
        growth = sized[100].per_page_ms / sized[10].per_page_ms
        lines.append(f"per-page time, 100 vs 10 chapters = {growth:.2f} (target ≤ 1.2)")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
