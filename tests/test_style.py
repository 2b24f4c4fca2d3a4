"""The code stays ruff-clean (ruff comes with the test extras; CI runs this)."""

from __future__ import annotations

import subprocess
import sys

from .conftest import REPO


def test_ruff_is_clean():
    folders = ["src", "tests", "scripts", "benchmarks"]
    run = subprocess.run([sys.executable, "-m", "ruff", "check", *folders],
                         cwd=REPO, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
