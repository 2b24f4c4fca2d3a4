"""Run two independent pieces of work at once: one here, one in a forked child process.

The child is a fork, so it starts with everything this process has loaded (the parsed book,
python-pptx, the slide plans) and nothing needs pickling on the way in; its result comes back
through a pipe. WeasyPrint is single-threaded, so while this process lays out the PDF the
decks are made on the second core.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import traceback
from collections.abc import Callable
from typing import TypeVar

from handbook import errors

Here = TypeVar("Here")
There = TypeVar("There")


def can_fork(jobs: int | None) -> bool:
    """True if a second process pays: more than one core (or jobs > 1), fork available, and no
    other threads here (forking a threaded process can deadlock)."""
    if jobs is not None and jobs < 2:
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return ((jobs or cores or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def run_both(here: Callable[[], Here], there: Callable[[], There]) -> tuple[Here, There]:
    """Run THERE in a forked child while HERE runs in this process; return both results.

    A HandbookError in the child is raised here with its problems; any other exception in the
    child is a bug and is raised here with the child's traceback.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    for stream in (sys.stdout, sys.stderr):  # or the child would print our buffered output too
        stream.flush()
    child = context.Process(target=_child, args=(there, sender), daemon=True)
    child.start()
    sender.close()
    try:
        mine = here()
        kind, value = receiver.recv()
    except EOFError:
        child.join()
        raise RuntimeError(f"the second build process ended unexpectedly (exit code "
                           f"{child.exitcode})") from None
    except BaseException:
        child.terminate()  # our own child: its work is not needed any more
        raise
    finally:
        receiver.close()
        child.join()
    if kind == "problems":
        name, problems = value
        raise getattr(errors, name, errors.HandbookError)(problems)
    if kind == "crash":
        raise RuntimeError(f"the second build process failed:\n{value}")
    return mine, value


def _child(work: Callable[[], object], sender) -> None:
    try:
        message = ("ok", work())
    except errors.HandbookError as error:
        message = ("problems", (type(error).__name__, error.problems))
    except BaseException:
        message = ("crash", traceback.format_exc())
    sender.send(message)
    sender.close()
