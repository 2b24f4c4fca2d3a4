"""What the open pages learn about a rebuild: the state the server shows, one version after
another, which parts each version changed, and the long poll (`/__changes`) that answers a page
as soon as there is something newer than what it shows."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

from handbook.preview.page import State, banner
from handbook.preview.parts import changed

WAIT = 20.0  # seconds a page's question waits for a change before it is answered "nothing"


def advance(old: State, new: State, full: bool) -> State:
    """NEW as the next version after OLD: the parts whose HTML changed, or (FULL: every file
    was read again, a stylesheet may have changed) a page to reload."""
    version = old.version + 1
    parts = None if full else changed(old.page, new.page)
    if parts is None:
        return replace(new, version=version, reloaded=version, changed=())
    when = dict(old.changed)
    when.update((name, version) for name in parts)
    return replace(new, version=version, changed=tuple(when.items()))


class Live:
    """The state shown, replaced as a whole; page threads wait here for the next one."""

    def __init__(self, state: State, session: str):
        self.state, self.session = state, session
        self._next = threading.Condition()
        self._stopped = False

    def publish(self, state: State) -> None:
        with self._next:
            self.state = state
            self._next.notify_all()

    def stop(self) -> None:
        with self._next:
            self._stopped = True
            self._next.notify_all()

    def changes(self, since: int, session: str, wait: float = WAIT) -> dict:
        """What a page showing version SINCE of SESSION must do: reload, replace parts (by
        name, then fetched from /__part/), and the banner; waits up to WAIT for a change."""
        deadline = time.monotonic() + wait
        with self._next:
            while (self.state.version == since and session == self.session
                   and not self._stopped and time.monotonic() < deadline):
                self._next.wait(max(0.0, deadline - time.monotonic()))
        state = self.state
        reload = session != self.session or since > state.version or since < state.reloaded
        return {"version": state.version, "reload": reload,
                "parts": [] if reload else list(state.since(since)), "banner": banner(state)}

    def part(self, name: str) -> str | None:
        """The HTML of part NAME of the page shown, as it follows its marker."""
        return dict(self.state.page.parts).get(name)
