"""`handbook preview`: the book as a web page on localhost, rebuilt whenever a source changes.

The page is the HTML document that WeasyPrint prints (loader + render_html), with the theme's
stylesheets linked and a small screen stylesheet added. Images, fonts and stylesheets are
served over HTTP from the project folder and the package defaults only; any other request is a
404. A watcher thread (watchfiles) rebuilds the page when content/, styles/ or handbook.toml
change; the page polls /__version and reloads itself when the version changes. A build that
fails keeps the last good page and shows its problems in a banner and on the terminal.
"""

from __future__ import annotations

import contextlib
import errno
import html
import ipaddress
import mimetypes
import os
import re
import socket
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from handbook.book.html import render_book_html
from handbook.errors import Collector, HandbookError, Problem
from handbook.source.config import CONFIG_FILE
from handbook.source.loader import CONTENT_DIR, load_book
from handbook.source.paths import inside
from handbook.source.theme import DEFAULTS, STYLES_DIR, load_theme

PROJECT_PREFIX = "/__project/"
DEFAULTS_PREFIX = "/__defaults/"
VERSION_PATH = "/__version"
BANNER_ID = "handbook-preview-problems"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
FILE_URI = re.compile(r'\b(src|href)="(file:[^"]*)"')  # how print_tree writes image sources
Log = Callable[[str], None]

SCREEN_CSS = """<style>
@media screen {
  html { background: #D9DEE3; }
  body { box-sizing: border-box; max-width: 50rem; margin: 1.5rem auto; padding: 2.5rem 3.5rem;
         background: white; box-shadow: 0 1px 8px rgb(0 0 0 / 0.18); }
  .cover { height: auto; min-height: 24rem; margin: -2.5rem -3.5rem 0; padding: 5rem 3.5rem 7rem;
           background: var(--heading, #1B3A5C); }
  .cover-edition { left: 3.5rem; bottom: 2.5rem; }
  .part { margin: 3rem -3.5rem; padding: 4rem 3.5rem; background: var(--tint, #E6EEF5); }
  .toc, .chapter { margin-top: 3rem; padding-top: 1rem; border-top: 1px dashed #B8C2CC; }
  .footnote { font-size: 0.85em; color: var(--muted, #55606B); }
  .footnote::before { content: " ["; } .footnote::after { content: "]"; }
}
#__ID__ { position: fixed; top: 0; left: 0; right: 0; z-index: 1000; max-height: 45vh;
  overflow: auto; padding: 0.7rem 1.2rem; background: #FBEDEA; color: #4A0B0B;
  border-bottom: 3px solid #A61B1B; font: 15px/1.4 system-ui, sans-serif; }
#__ID__.warnings { background: #FFF6DE; color: #3D2B00; border-bottom-color: #8A6100; }
#__ID__ pre { margin: 0.4rem 0 0; white-space: pre-wrap; font: 13px/1.45 monospace; }
#__ID__ button { float: right; font: inherit; }
@media print { #__ID__ { display: none; } }
</style>
""".replace("__ID__", BANNER_ID)

RELOAD_SCRIPT = """<script>
(function () {
  var token = "__TOKEN__";
  function poll() {
    fetch("__PATH__", {cache: "no-store"})
      .then(function (r) { return r.text(); })
      .then(function (t) {
        if (t !== token) { location.reload(); } else { setTimeout(poll, 500); }
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 500);
})();
</script>
"""

PLACEHOLDER = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>handbook preview"
               "</title></head><body><p>Nothing to show yet: the book has not built.</p>"
               "</body></html>\n")


@dataclass(frozen=True)
class State:
    """What the server shows; replaced as a whole, so request threads need no lock."""

    page: str  # the last good page, ready for a browser (without banner and script)
    good: bool = False  # False until a build succeeded: `page` is the placeholder
    failed: bool = False  # the latest build failed: `page` is older than the sources
    problems: tuple[str, ...] = ()  # of the latest build, as `path:line: severity: message`
    version: int = 0


class Files:
    """Maps files to URLs and back, for files inside the package defaults and the project only."""

    def __init__(self, root: Path):
        self.bases = ((DEFAULTS_PREFIX, DEFAULTS.resolve()), (PROJECT_PREFIX, root.resolve()))

    def url(self, path: Path) -> str | None:
        path = path.resolve()
        for prefix, base in self.bases:
            if inside(path, base):
                return prefix + quote(path.relative_to(base).as_posix())
        return None

    def path(self, url_path: str) -> Path | None:
        """The file a request path names, or None unless it is a file inside a base folder."""
        for prefix, base in self.bases:
            if not url_path.startswith(prefix):
                continue
            parts = unquote(url_path[len(prefix):]).split("/")
            if any(not p or p.startswith(".") or "\0" in p for p in parts):
                return None  # "..", ".", "//", hidden files, NUL
            candidate = base.joinpath(*parts)
            return candidate if inside(candidate, base) and candidate.is_file() else None
        return None

    def rewrite(self, document: str) -> str:
        """file:// URIs (images) → the URLs this server answers."""
        def local(match: re.Match[str]) -> str:
            url = self.url(Path(unquote(urlsplit(match.group(2)).path)))
            return f'{match.group(1)}="{url}"' if url else match.group(0)

        return FILE_URI.sub(local, document)


def render_page(root: Path, files: Files) -> tuple[str, list[Problem]]:
    """The book as a page for a browser, and the build's warnings; raises HandbookError."""
    problems = Collector()
    theme = None
    try:
        theme = load_theme(root)
    except HandbookError as error:  # reported with the content's problems, as a build does
        problems.problems.extend(error.problems)
    book = load_book(root, problems)
    problems.raise_errors()
    assert theme is not None
    links = "".join(f'<link rel="stylesheet" href="{html.escape(files.url(sheet) or "")}">\n'
                    for sheet in theme.stylesheets)
    document = files.rewrite(render_book_html(book, theme))
    return _before(document, "</head>", links + SCREEN_CSS, at_end=False), problems.warnings


def _lines(problems: Iterable[Problem]) -> tuple[str, ...]:
    return tuple(p.format(Path.cwd()) for p in problems)


def _before(document: str, tag: str, extra: str, at_end: bool) -> str:
    """Insert `extra` before `tag` (the first, or the last one), or at the start or end."""
    lower = document.lower()
    index = lower.rfind(tag) if at_end else lower.find(tag)
    if index < 0:
        return document + extra if at_end else extra + document
    return document[:index] + extra + document[index:]


def banner(state: State) -> str:
    """The latest build's problems, fixed at the top of the page ("" if there are none)."""
    if not state.problems:
        return ""
    if not state.failed:
        kind, title = "warnings", "The book builds, with warnings."
    elif state.good:
        kind, title = "errors", "The book does not build: showing the last good version."
    else:
        kind, title = "errors", "The book does not build yet."
    lines = html.escape("\n".join(state.problems))
    return (f'<div id="{BANNER_ID}" class="{kind}" role="alert">'
            '<button type="button" onclick="this.parentNode.remove()">Hide</button>'
            f"<strong>{title}</strong><pre>{lines}</pre></div>\n")


class Preview:
    """The page, its HTTP server and its watcher: `start()`, then `stop()` (or use `with`)."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8000,
                 log: Log | None = None):
        self.root = root.resolve()
        self.host, self.port = host, port
        self.files = Files(self.root)
        self.log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self.state = State(PLACEHOLDER)
        self._session = uuid.uuid4().hex[:8]  # a restarted server makes open pages reload
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._server: _Server | None = None
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
    def token(self) -> str:
        return f"{self._session}-{self.state.version}"

    def start(self) -> Preview:
        """Bind the port (HandbookError if it cannot), build once, then serve and watch."""
        self._server = _bind(self.host, self.port, self)
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
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def wait(self) -> None:
        """Block until stop() (from another thread) or Ctrl+C."""
        self._stop.wait()

    def page(self) -> str:
        state = self.state
        script = RELOAD_SCRIPT.replace("__TOKEN__", self.token).replace("__PATH__", VERSION_PATH)
        return _before(state.page, "</body>", banner(state) + script, at_end=True)

    def rebuild(self, changed: Iterable[str] = ()) -> bool:
        """Render the page again; on errors keep the last good one. True if it built."""
        changed = [self._shown(Path(p)) for p in changed]
        started = time.perf_counter()
        self._seen = self._fingerprint()  # before reading: later edits count as changes
        old = self.state
        try:
            page, warnings = render_page(self.root, self.files)
        except HandbookError as error:
            new = replace(old, failed=True, problems=_lines(error.problems))
        else:
            new = replace(old, page=page, good=True, failed=False, problems=_lines(warnings))
        if changed or new != old:  # a stylesheet edit changes no HTML but needs a reload
            new = replace(new, version=old.version + 1)
            self._report(changed, new, time.perf_counter() - started)
        self.state = new
        return not new.failed

    def _report(self, changed: list[str], state: State, seconds: float) -> None:
        for line in state.problems:
            self.log(line)
        what = f"{', '.join(changed)} changed: " if changed else ""
        if not state.failed:
            self.log(f"{what}built in {seconds:.2f} s")
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
            self.state = replace(old, failed=True, problems=(message,), version=old.version + 1)

    def _targets(self) -> tuple[Path, ...]:
        paths = (self.root / CONTENT_DIR, self.root / STYLES_DIR, self.root / CONFIG_FILE)
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
                                                raise_interrupt=False):
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

    def _fingerprint(self) -> frozenset[tuple[str, int, int]]:
        """(path, modification time, size) of every source file; a few dozen stat() calls."""
        entries = []
        for target in self._targets():
            walk = os.walk(target) if target.is_dir() else [(target.parent, [], [target.name])]
            for folder, _, names in walk:
                for name in names:
                    try:
                        stat = os.stat(os.path.join(folder, name))
                    except OSError:  # a dangling symlink, or gone since
                        continue
                    entries.append((os.path.join(folder, name), stat.st_mtime_ns, stat.st_size))
        return frozenset(entries)

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


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    loopback = True
    preview: Preview

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a closed browser tab is fine
            super().handle_error(request, client_address)


class _Server6(_Server):
    address_family = socket.AF_INET6


def _bind(host: str, port: int, preview: Preview) -> _Server:
    kind = _Server6 if ":" in host else _Server
    try:
        server = kind((host, port), _Handler)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise HandbookError(f"port {port} on {host} is in use; choose another one with "
                                "--port") from None
        raise HandbookError(f"cannot listen on {host}:{port}: "
                            f"{error.strerror or error}") from None
    try:
        server.loopback = ipaddress.ip_address(server.server_address[0]).is_loopback
    except ValueError:
        server.loopback = False
    server.preview = preview
    return server


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "handbook-preview"

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        preview = self.server.preview
        if not preview.host_allowed(self.headers.get("Host")):
            self._send(403, b"forbidden: use http://127.0.0.1/\n", "text/plain", send_body)
            return
        path = urlsplit(self.path).path
        if path in ("/", "/index.html"):
            self._send(200, preview.page().encode(), "text/html; charset=utf-8", send_body)
        elif path == VERSION_PATH:
            self._send(200, preview.token.encode(), "text/plain", send_body)
        else:
            self._send_file(preview.files.path(path), send_body)

    def _send_file(self, file: Path | None, send_body: bool) -> None:
        try:
            data = file.read_bytes() if file is not None else None
        except OSError:  # removed or unreadable since it was checked
            data = None
        if file is None or data is None:
            self._send(404, b"not found\n", "text/plain", send_body)
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        self._send(200, data, kind, send_body)

    def _send(self, status: int, body: bytes, kind: str, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the page polls twice a second."""


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
