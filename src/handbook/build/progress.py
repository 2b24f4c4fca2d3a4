"""What a build is doing, on the terminal: a rich status line (or plain lines when verbose)."""

from __future__ import annotations

import sys
import time


class Progress:
    """A context manager whose `step(message)` shows the build's current step."""

    def __init__(self, enabled: bool = True, verbose: bool = False):
        self.enabled, self.verbose = enabled, verbose
        self.started = time.perf_counter()
        self._status = None

    def __enter__(self) -> Progress:
        if self.enabled and not self.verbose and sys.stderr.isatty():
            from rich.console import Console

            self._status = Console(stderr=True).status("building")
            self._status.start()
        return self

    def step(self, message: str) -> None:
        if not self.enabled:
            return
        if self._status is not None:
            self._status.update(message)
        elif self.verbose:
            print(f"[{time.perf_counter() - self.started:5.1f} s] {message}", file=sys.stderr,
                  flush=True)

    def stop(self) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None

    def __exit__(self, *exc) -> None:
        self.stop()
