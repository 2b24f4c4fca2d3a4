"""How soon `handbook preview` shows a saved edit, on a generated book (genbook.py).

Starts `python -m handbook preview` on a fresh book of N chapters in a process of its own, opens
the page's long poll as the browser does, then saves one-word edits of one paragraph of
different chapters and measures, for each, the time from the save to the changed chapter's
HTML fetched over HTTP (`/__changes` answered, then `/__part/NAME`), the rebuild time the
preview reports and the CPU time its process used (clock ticks: 10 ms), which a loaded
machine changes less. Prints every edit and the medians; not a test (the figures depend on the
machine and its load).

    .venv/bin/python benchmarks/preview.py                 # 100 chapters, 7 edits
    .venv/bin/python benchmarks/preview.py --chapters 10 --edits 5
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from genbook import generate  # noqa: E402


def get(url: str, timeout: float = 60) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


class Server:
    """`handbook preview` in a process of its own; its log lines kept as they come."""

    def __init__(self, root: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "handbook", "preview", str(root), "--port", "0"],
            stderr=subprocess.PIPE, text=True, cwd=root, env={**os.environ, "PYTHONPATH":
                                                              str(HERE.parent / "src")})
        self.lines: list[str] = []
        self.url = ""
        started = threading.Event()

        def read() -> None:
            for line in self.process.stderr:
                self.lines.append(line.rstrip())
                found = re.search(r"previewing .* at (http://\S+/)", line)
                if found:
                    self.url = found.group(1)
                    started.set()

        threading.Thread(target=read, daemon=True).start()
        if not started.wait(600):
            self.stop()
            raise SystemExit("the preview did not start:\n" + "\n".join(self.lines))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def cpu(self) -> float:
        """CPU seconds (user + system) the preview's process has used so far (Linux)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def built(self, after: int) -> str | None:
        """The last 'built in' line after line AFTER."""
        return next((line for line in reversed(self.lines[after:]) if "built in" in line),
                    None)


def session_and_version(page: str) -> tuple[str, int]:
    found = re.search(r'var version = (\d+), session = "(\w+)"', page)
    assert found, "the page has no update script"
    return found.group(2), int(found.group(1))


def edit(path: Path, number: int) -> None:
    """Change one word of the chapter's first long paragraph."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if len(line) > 200 and line[0].isalpha())
    words = lines[at].split(" ")
    words[3] = f"edited{number}"
    lines[at] = " ".join(words)
    path.write_text("".join(lines), encoding="utf-8")


def measure(chapters: int, edits: int, pause: float) -> None:
    with tempfile.TemporaryDirectory(prefix="handbook-preview-bench-") as folder:
        root = generate(chapters, Path(folder) / "book")
        started = time.perf_counter()
        server = Server(root)
        print(f"{chapters} chapters: the first build took {time.perf_counter() - started:.1f} s "
              f"(process start included)")
        try:
            session, version = session_and_version(get(server.url).decode())
            files = sorted((root / "content").glob("*.md"))
            middle = len(files) // 2
            shown, built, cpus = [], [], []
            for number in range(edits):
                chapter = files[(middle + number * 7) % len(files)]
                time.sleep(pause)
                lines = len(server.lines)
                used = server.cpu()
                saved = time.perf_counter()
                edit(chapter, number)
                parts: list[bytes] = []
                while not any(f"edited{number}".encode() in part for part in parts):
                    # a save seen half-written is rebuilt again: wait for the one with the edit
                    change = json.loads(get(f"{server.url}__changes?since={version}"
                                            f"&session={session}"))
                    assert not change["reload"], f"a full reload after editing {chapter.name}"
                    parts = [get(f"{server.url}__part/{name}") for name in change["parts"]]
                    version = change["version"]
                seconds = time.perf_counter() - saved
                deadline = time.monotonic() + 5
                while server.built(lines) is None and time.monotonic() < deadline:
                    time.sleep(0.01)
                line = server.built(lines) or ""
                rebuild = float(re.search(r"built in ([\d.]+) s", line).group(1)) if line else 0
                cpu = server.cpu() - used
                shown.append(seconds)
                built.append(rebuild)
                cpus.append(cpu)
                print(f"  edit {number + 1}: {chapter.name}: fetched after {seconds:.3f} s "
                      f"(rebuild {rebuild:.3f} s, {cpu:.2f} s of CPU; parts "
                      f"{', '.join(change['parts'])})")

            print(f"median from save to the changed chapter fetched: "
                  f"{statistics.median(shown):.3f} s (range {min(shown):.3f}–{max(shown):.3f});"
                  f" median rebuild {statistics.median(built):.3f} s, "
                  f"{statistics.median(cpus):.2f} s of the preview's CPU per edit")
            print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
                  f"{os.getloadavg()[2]:.2f} (1, 5, 15 min), {os.cpu_count()} cores")
        finally:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chapters", type=int, default=100)
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--pause", type=float, default=1.5,
                        help="seconds between edits (the watcher groups changes within 50 ms)")
    arguments = parser.parse_args()
    measure(arguments.chapters, arguments.edits, arguments.pause)


if __name__ == "__main__":
    main()
