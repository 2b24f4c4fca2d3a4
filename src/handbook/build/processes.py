"""Run two independent pieces of work at once: one here, one in a forked child process.

The child is a fork, so it starts with everything this process has loaded (the parsed book,
the slide plans) and nothing needs pickling on the way in; its result comes back through a
pipe. WeasyPrint is single-threaded, so while this process lays out the PDF the decks are made
on the second core.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from handbook import errors

Here = TypeVar("Here")
There = TypeVar("There")
Send = Callable[[Any], None]
Receive = Callable[[], Any]
PR_SET_PDEATHSIG = 1  # linux/prctl.h
JOIN_TIMEOUT = 10  # seconds a terminated child may take to clean up before it is killed


def can_fork(jobs: int | None) -> bool:
    """True if a second process pays: more than one core (or jobs > 1) and fork available."""
    if jobs is not None and jobs < 2:
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (jobs or cores or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def run_both(here: Callable[[Receive], Here],
             there: Callable[[Send], There]) -> tuple[Here, There]:
    """Run THERE in a forked child while HERE runs in this process; return both results.

    THERE may `send` notes before it finishes (for instance "the slide template is fine"), and
    HERE `receive`s them in order. A HandbookError in the child is raised here with its
    problems; any other exception in the child is a bug, raised here with its traceback.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    for stream in (sys.stdout, sys.stderr):  # or the child would print our buffered output too
        stream.flush()
    child = context.Process(target=_child, args=(there, sender, receiver, os.getpid()))
    with warnings.catch_warnings():  # Python 3.12+ warns when other threads exist (a status
        warnings.simplefilter("ignore", DeprecationWarning)  # line's): _child is safe, below
        child.start()
    sender.close()
    channel = _Channel(receiver, child)
    try:
        mine = here(channel.note)
        theirs = channel.result()
    except BaseException:
        child.terminate()  # our own child: its work is not needed any more
        raise
    finally:
        receiver.close()  # a child still sending gets a broken pipe, not a wait for ever
        child.join(JOIN_TIMEOUT)
        if child.is_alive():
            child.kill()
            child.join()
    return mine, theirs


class _Channel:
    """The child's messages, read as they come by a thread of ours: a child whose result is
    larger than the pipe holds would otherwise wait, keeping all its memory, until this
    process has laid out the PDF and reads it."""

    def __init__(self, receiver, child):
        self.receiver, self.child = receiver, child
        self.final: tuple[str, Any] | None = None
        self._messages: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                message = self.receiver.recv()
            except (EOFError, OSError):  # ended (or closed by us): said as None
                self._messages.put(None)
                return
            except BaseException as error:  # a message that cannot be read back
                self._messages.put(("crash", f"{type(error).__name__}: {error}"))
                return
            self._messages.put(message)
            if message[0] != "note":
                return

    def note(self) -> Any:
        """The child's next note (None if it finished without sending one)."""
        if self.final is None:
            kind, value = self._receive()
            if kind == "note":
                return value
            self.final = (kind, value)
        return None

    def result(self) -> Any:
        while self.final is None:
            kind, value = self._receive()
            if kind != "note":
                self.final = (kind, value)
        return self.final[1]

    def _receive(self) -> tuple[str, Any]:
        message = self._messages.get()
        if message is None:
            self.child.join()
            raise RuntimeError(f"the second build process ended unexpectedly (exit code "
                               f"{self.child.exitcode})") from None
        kind, value = message
        if kind == "problems":
            name, problems = value
            raise getattr(errors, name, errors.HandbookError)(problems)
        if kind == "crash":
            raise RuntimeError(f"the second build process failed:\n{value}")
        return kind, value


def _child(work: Callable[[Send], object], sender, receiver, parent: int) -> None:
    """The child's only thread. Another thread of the parent (a status line's) may have held
    a lock of sys.stdout or sys.stderr at the fork; the child writes through new objects.

    It dies with its parent: it closes its copy of the parent's end of the pipe (with it open,
    a send to a parent that is gone would wait for ever), asks Linux for SIGTERM when the
    parent dies (elsewhere a thread watches the parent), and ends on SIGTERM through Python,
    so that a file being written is removed on the way out."""
    receiver.close()
    signal.signal(signal.SIGTERM, _terminated)
    _die_with(parent)
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115 (closed with the process)
    sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
    try:
        message = ("ok", work(lambda note: sender.send(("note", note))))
    except errors.HandbookError as error:
        message = ("problems", (type(error).__name__, error.problems))
    except (SystemExit, KeyboardInterrupt, BrokenPipeError):  # told to stop: nobody waits
        return
    except BaseException:
        message = ("crash", traceback.format_exc())
    with contextlib.suppress(OSError):
        sender.send(message)
        sender.close()


def _terminated(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _die_with(parent: int) -> None:
    """Have this process end when PARENT does."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        linux = libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0
    except (OSError, AttributeError):
        linux = False
    if not linux:
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(128 + signal.SIGTERM)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # it died before we asked
        os._exit(128 + signal.SIGTERM)
