"""The preview: the page, its server and a watcher (watchfiles) that rebuilds the page when
content/, styles/ or handbook.toml change (in a Quarto or MkDocs project: any file but its
tools' and builds' folders). A save of chapters rereads only those (preview/render); the open
page is told by its long poll (preview/live) and replaces the parts that changed, or reloads
after a full rebuild. A build that fails keeps the last good page and shows its problems in a
banner and on the terminal; the banner also says when output/handbook.pdf is out of date."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from handbook.errors import HandbookError
from handbook.preview.files import Files
from handbook.preview.live import Live, advance
from handbook.preview.page import (
    EMPTY,
    RELOAD_SCRIPT,
    VERSION_PATH,
    State,
    banner,
    lines,
    pdf_notice,
)
from handbook.preview.parts import update_script
from handbook.preview.render import PageMaker, before
from handbook.preview.server import LOOPBACK_NAMES, Server, bind
from handbook.preview.slides import SlidePreview
from handbook.source.config import CONFIG_FILE
from handbook.source.paths import skipped
from handbook.source.projects import ignored, watched
from handbook.source.theme import STYLES_DIR

Log = Callable[[str], None]


class Preview:
    """The page, its HTTP server and its watcher: `start()`, then `stop()` (or use `with`)."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8000,
                 log: Log | None = None):
        self.root = root.resolve()
        self.host, self.port = host, port
        self.files = Files(self.root)
        self.log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self.maker = PageMaker(self.root, self.files)
        self.live = Live(State(EMPTY), uuid.uuid4().hex[:8])  # a restarted server: reload
        self.slides = SlidePreview()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._server: Server | None = None
        self._seen: frozenset[tuple[str, int, int]] = frozenset()  # sources at the last build

    def __enter__(self) -> Preview:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() first"
        host, port = self._server.server_address[:2]
        return f"http://[{host}]:{port}/" if ":" in str(host) else f"http://{host}:{port}/"

    @property
    def state(self) -> State:
        return self.live.state

    @property
    def token(self) -> str:
        return f"{self.live.session}-{self.state.version}"

    def start(self) -> Preview:
        """Bind the port (HandbookError if it cannot), build once, then serve and watch."""
        self._server = bind(self.host, self.port, self)
        try:
            self.rebuild()
        except BaseException:
            self._server.server_close()
            raise
        self._spawn(lambda: self._server.serve_forever(poll_interval=0.1), "serve")
        self._spawn(self._watch, "watch")
        return self

    def stop(self) -> None:
        self._stop.set()
        self.live.stop()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def wait(self) -> None:
        """Block until stop() (from another thread) or Ctrl+C."""
        self._stop.wait()

    def page(self, slides: bool = False) -> str:
        """The book's page, or with SLIDES the page of its planned slides."""
        state = self.state
        if slides:
            script = RELOAD_SCRIPT.replace("__TOKEN__", f"{self.live.session}-{state.version}")
            page = self.slides.page_for(state.book, state.theme, self.files)
            return before(page, "</body>",
                          banner(state) + script.replace("__PATH__", VERSION_PATH), True)
        script = update_script(state.version, self.live.session)
        return before(state.page.join(), "</body>", banner(state) + script, at_end=True)

    def rebuild(self, changed: Iterable[str] = ()) -> bool:
        """Render the page again (after a save of chapters only, rereading only those); on
        errors keep the last good one. True if it built."""
        changed = list(changed)
        started = time.perf_counter()
        self._seen = self._fingerprint()  # before reading: later edits count as changes
        old = self.state
        made = None
        try:
            made = self.maker.make(self._chapters(changed))
        except HandbookError as error:
            new = replace(old, failed=True, problems=lines(error.problems))
        else:
            new = replace(old, page=made.page, good=True, failed=False,
                          problems=lines(made.warnings), book=made.book, theme=made.theme,
                          pdf=self._pdf(made.book))
        if changed or new != old:
            new = advance(old, new, full=made is not None and made.full)
            self._report([self._shown(Path(p)) for p in changed], new,
                         time.perf_counter() - started, made)
        self.live.publish(new)
        return not new.failed

    def _chapters(self, changed: list[str]) -> list[Path] | None:
        """The files of CHANGED a reread takes in (chapters, it checks), without those that
        are no source: an editor's backup or lock file, a file made and removed while saving
        that no chapter names. None: nothing changed, read everything."""
        paths = [Path(p) for p in changed if not skipped(Path(p).name)]
        if not paths:
            return None
        reader = self.maker.reader
        folders = {path.parent for path in reader.chapter_files()}
        return [p for p in paths if p.exists() or p.parent not in folders
                or p in reader.chapter_files() or reader.mentions(p.name)]

    def _pdf(self, book) -> str:
        """The notice that the PDF is missing or older than the sources, if BOOK makes one."""
        if book is None or "pdf" not in book.meta.outputs:
            return ""
        return pdf_notice(self.root, max((m for _, m, _ in self._seen), default=None))

    def _report(self, changed: list[str], state: State, seconds: float, made) -> None:
        for line in state.problems:
            self.log(line)
        what = f"{', '.join(changed)} changed: " if changed else ""
        if not state.failed:
            how = ("" if made is None or made.full else
                   f" (read again: {', '.join(self._shown(p) for p in made.reread)})")
            self.log(f"{what}built in {seconds:.2f} s{how}")
        elif state.good:
            self.log(f"{what}the book does not build; still showing the last good version")
        else:
            self.log(f"{what}the book does not build yet; fix the errors above")

    def _safe_rebuild(self, changed: Iterable[str]) -> None:
        try:
            self.rebuild(changed)
        except Exception:  # a bug: say so and keep serving, the author may fix the trigger
            self.log(traceback.format_exc().rstrip())
            message = "internal error while rebuilding (a bug in handbook); see the terminal"
            old = self.state
            self.live.publish(advance(old, replace(old, failed=True, problems=(message,)),
                                      full=False))

    def _targets(self) -> tuple[Path, ...]:
        paths = watched(self.root, (self.root / STYLES_DIR, self.root / CONFIG_FILE))
        return tuple(p for p in paths if p.exists())

    def _watch(self) -> None:
        import watchfiles

        while not self._stop.is_set():
            targets = self._targets()
            if not targets:
                self._catch_up(set())
                self._stop.wait(0.5)
                continue
            try:
                for changes in watchfiles.watch(*targets, stop_event=self._stop, debounce=800,
                                                rust_timeout=500, yield_on_timeout=True,
                                                raise_interrupt=False,
                                                watch_filter=self._source):
                    self._catch_up({path for _, path in changes})
                    if self._targets() != targets:  # styles/ or handbook.toml came or went
                        break
            except (OSError, RuntimeError) as error:  # e.g. a target vanished while starting
                self.log(f"preview: cannot watch {self.root} ({error}); retrying")
                self._stop.wait(1)

    def _catch_up(self, reported: set[str]) -> None:
        """Rebuild if the watcher reported a change or the sources differ from the last build.

        The comparison catches what no watcher reports: changes made before it started or
        while it restarted, and a second change within a second in watchfiles' polling mode.
        """
        changed = reported | {entry[0] for entry in self._fingerprint() ^ self._seen}
        if changed:
            self._safe_rebuild(sorted(changed))
            return
        old = self.state
        notice = self._pdf(old.book)  # `handbook build` may have run meanwhile
        if notice != old.pdf:
            self.live.publish(advance(old, replace(old, pdf=notice), full=False))

    def _fingerprint(self) -> frozenset[tuple[str, int, int]]:
        """(path, modification time, size) of every source file; a few dozen stat() calls."""
        entries = []
        for target in self._targets():
            walk = os.walk(target) if target.is_dir() else [(target.parent, [], [target.name])]
            for folder, dirs, names in walk:
                dirs[:] = [d for d in dirs if not ignored(Path(folder, d, "x"), self.root)]
                for name in names:
                    try:
                        stat = os.stat(os.path.join(folder, name))
                    except OSError:  # a dangling symlink, or gone since
                        continue
                    entries.append((os.path.join(folder, name), stat.st_mtime_ns, stat.st_size))
        return frozenset(entries)

    def _source(self, change: object, path: str) -> bool:
        return not ignored(path, self.root)

    def _spawn(self, target: Callable[[], object], name: str) -> None:
        thread = threading.Thread(target=target, name=f"handbook-preview-{name}", daemon=True)
        thread.start()
        self._threads.append(thread)

    def _shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def host_allowed(self, header: str | None) -> bool:
        """Bound to loopback, answer only requests for a loopback name (DNS rebinding)."""
        if not header or not self._server or not self._server.loopback:
            return True
        try:
            name = urlsplit(f"//{header}").hostname
        except ValueError:
            return False
        return name in LOOPBACK_NAMES


def run(root: Path, host: str, port: int, log: Log | None = None) -> None:
    """Serve until Ctrl+C. Raises HandbookError if the port cannot be used."""
    preview = Preview(root, host, port, log)
    try:
        preview.start()
        preview.log(f"previewing {preview.root} at {preview.url} (Ctrl+C to stop)")
        preview.wait()
    except KeyboardInterrupt:
        pass
    finally:
        with contextlib.suppress(KeyboardInterrupt):  # a second Ctrl+C while stopping
            preview.stop()
