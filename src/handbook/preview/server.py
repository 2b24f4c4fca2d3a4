"""The preview's HTTP server: loopback by default, the page, its version, its changes and
parts, and files; 404 else."""

from __future__ import annotations

import errno
import ipaddress
import json
import mimetypes
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

from handbook.errors import HandbookError
from handbook.preview.page import VERSION_PATH
from handbook.preview.parts import CHANGES_PATH, PART_PATH
from handbook.preview.slides import SLIDES_PATH

if TYPE_CHECKING:
    from handbook.preview.watch import Preview

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


class Server(ThreadingHTTPServer):
    daemon_threads = True
    loopback = True
    preview: Preview

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a closed browser tab is fine
            super().handle_error(request, client_address)


class Server6(Server):
    address_family = socket.AF_INET6


def bind(host: str, port: int, preview: Preview) -> Server:
    kind = Server6 if ":" in host else Server
    try:
        server = kind((host, port), Handler)
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


class Handler(BaseHTTPRequestHandler):
    server: Server
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
        url = urlsplit(self.path)
        path = url.path
        if path in ("/", "/index.html"):
            self._send(200, preview.page().encode(), "text/html; charset=utf-8", send_body)
        elif path == SLIDES_PATH:
            self._send(200, preview.page(slides=True).encode(), "text/html; charset=utf-8",
                       send_body)
        elif path == VERSION_PATH:
            self._send(200, preview.token.encode(), "text/plain", send_body)
        elif path == CHANGES_PATH:
            self._changes(parse_qs(url.query), send_body)
        elif path.startswith(PART_PATH):
            part = preview.live.part(unquote(path[len(PART_PATH):]))
            if part is None:
                self._send(404, b"not found\n", "text/plain", send_body)
            else:
                self._send(200, part.encode(), "text/html; charset=utf-8", send_body)
        else:
            self._send_file(preview.files.path(path), send_body)

    def _changes(self, query: dict[str, list[str]], send_body: bool) -> None:
        """The long poll: answered when the page is older than the version shown."""
        try:
            since = int(query.get("since", [""])[0])
        except ValueError:
            self._send(400, b"since=VERSION expected\n", "text/plain", send_body)
            return
        answer = self.server.preview.live.changes(since, query.get("session", [""])[0])
        self._send(200, json.dumps(answer).encode(), "application/json", send_body)

    def _send_file(self, file: Path | None, send_body: bool) -> None:
        data = self.server.preview.files.read(file) if file is not None else None
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
