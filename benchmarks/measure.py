"""Run a command and measure its wall time and the peak memory of its whole process tree."""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.05


@dataclass
class Run:
    seconds: float
    cpu: float  # user + system seconds of the process and its children
    peak_mb: float  # the largest sum of PSS over the process and its children, sampled
    largest_mb: float  # the largest PSS of one of those processes
    stdout: str
    stderr: str
    returncode: int


def run(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run COMMAND to completion; raise if it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=env, cwd=cwd, text=True)
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            sizes = _tree_pss_kb(process.pid)
            peak[0], peak[1] = max(peak[0], sum(sizes)), max([peak[1], *sizes])
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr}")
    return Run(seconds, cpu, peak[0] / 1024, peak[1] / 1024, stdout, stderr, process.returncode)


def _tree_pss_kb(pid: int) -> list[int]:
    sizes = []
    for member in _tree(pid):
        try:
            with open(f"/proc/{member}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        sizes.append(int(line.split()[1]))
                        break
        except OSError:  # the process ended meanwhile
            continue
    return sizes


def _tree(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as children:
                    queue.extend(int(child) for child in children.read().split())
            except OSError:
                continue
    return found
